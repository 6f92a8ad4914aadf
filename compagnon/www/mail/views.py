"""Sent mail: the copies kept by the development mail backend, for the regional animator and superusers."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from compagnon.accounts.enums import Role
from compagnon.core.models import SentMail
from compagnon.www.decorators import role_required
from compagnon.www.paging import page_of

RECORDING_BACKEND = "compagnon.core.mail.RecordingConsoleBackend"


def _page_number(request: HttpRequest) -> int:
    try:
        return min(max(1, int(request.GET.get("page", "1"))), 10_000)
    except ValueError:
        return 1


@role_required(Role.REGIONAL_ANIMATOR)
def index(request: HttpRequest) -> HttpResponse:
    mails = SentMail.objects.defer("body").order_by("-sent_at", "-id")
    return render(
        request,
        "mail/list.html",
        {"page": page_of(mails, _page_number(request)), "recording": settings.EMAIL_BACKEND == RECORDING_BACKEND},
    )


@role_required(Role.REGIONAL_ANIMATOR)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    mail = get_object_or_404(SentMail, pk=pk)
    return render(request, "mail/detail.html", {"mail": mail})
