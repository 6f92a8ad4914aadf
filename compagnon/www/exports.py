"""What the export URLs of the lists share: the format asked for, the audit entry, the answer.

An export answers `<list>/export/?format=csv|xlsx&<the list's filters>`: the same scope, filters and sort as the page
(each view builds its queryset with the same function as its page), every row rather than one page of 50. The
format defaults to CSV; an unknown one answers a French 400 page. An export of personal data (contracts, people,
masters) writes an entry in the audit log before its first row leaves (DESIGN §4: privacy), completed with the number
of rows once the download has ended.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from compagnon.core.audit import record
from compagnon.core.exports import FORMATS, ListExport, OnDone, export_response
from compagnon.core.models import AuditEntry

NOT_RECORDED = {"page", "format"}


def export_list(
    request: HttpRequest,
    build: Callable[[], ListExport],
    *,
    stem: str,
    form: forms.Form,
    personal: bool,
    list_url: str,
) -> HttpResponse | StreamingHttpResponse | FileResponse:
    """The export `build()` returns, in the format of ?format=; `stem` names the file (`contrats-2026-11-22.csv`),
    `list_url` is the list's page (where the 400 page leads back to)."""
    format = request.GET.get("format", "csv")
    if format not in FORMATS:
        return render(
            request,
            "browse/export_format.html",
            {
                "format": format[:20],
                "list_url": list_url,
                "formats": [(value, label) for value, (label, _, _) in FORMATS.items()],
            },
            status=400,
        )
    export = build()
    on_done = audit_export(request, export, format=format, filters=applied_filters(form)) if personal else None
    return export_response(export, format=format, stem=stem, on_done=on_done)


def applied_filters(form: forms.Form) -> dict[str, Any]:
    """The filters the export applied (a refused value is ignored, as on the page), as JSON values."""
    applied = {}
    for name, value in getattr(form, "cleaned_data", {}).items():
        if name in NOT_RECORDED or value in (None, ""):
            continue
        applied[name] = value.isoformat() if isinstance(value, dt.date) else value
    return applied


def audit_export(request: HttpRequest, export: ListExport, *, format: str, filters: dict[str, Any]) -> OnDone:
    """One audit entry, written now; `on_done` adds the number of rows once the file has been sent."""
    label = FORMATS[format][0]
    what = f"Export {label} de la liste « {export.title} »"
    changes: dict[str, Any] = {"liste": export.title, "format": format, "filtres": filters, "lignes": None}
    entry = record(actor=request.user, action=AuditEntry.Action.EXPORT, summary=f"{what} (en cours)", changes=changes)

    def done(rows: int, complete: bool) -> None:
        shown = f"{rows:,}".replace(",", "\u202f")
        summary = f"{what} : {shown} ligne{'s' if rows > 1 else ''}"
        if not complete:
            summary = f"{what} : interrompu après {shown} ligne{'s' if rows > 1 else ''}"
        AuditEntry.objects.filter(pk=entry.pk).update(
            summary=summary[:500], changes=changes | {"lignes": rows, "complet": complete}
        )

    return done
