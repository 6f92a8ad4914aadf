"""The journal of changes (audit log), for the regional animator and superusers."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from compagnon.accounts.enums import Role
from compagnon.core.models import AuditEntry
from compagnon.www.audit.forms import AuditFilterForm
from compagnon.www.decorators import role_required
from compagnon.www.paging import page_of


def _start_of(day: dt.date) -> dt.datetime:
    # A range on the indexed timestamp rather than a __date lookup, which would not use the index.
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@role_required(Role.REGIONAL_ANIMATOR)
def index(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET)
    form.is_valid()
    entries = AuditEntry.objects.all()
    if action := form.value("action"):
        entries = entries.filter(action=action)
    if author := form.value("auteur"):
        entries = entries.filter(actor_label__icontains=author.strip())
    if start := form.value("du"):
        entries = entries.filter(at__gte=_start_of(start))
    if end := form.value("au"):
        entries = entries.filter(at__lt=_start_of(end + dt.timedelta(days=1)))
    page = page_of(entries.order_by("-at", "-id"), form.value("page") or 1)
    return render(request, "audit/list.html", {"form": form, "page": page})
