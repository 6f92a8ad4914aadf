"""Back-office data fixes (DESIGN §4). Every change made here is written to the audit journal too."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from compagnon.core.audit import record
from compagnon.core.models import AuditEntry, DemoDataset, SentMail
from compagnon.core.text import normalize


def _label(obj: Model) -> str:
    return f"{obj._meta.verbose_name} « {obj} »"


class AuditedModelAdmin(admin.ModelAdmin):
    """A ModelAdmin whose additions, changes and deletions reach the audit journal (not only Django's LogEntry)."""

    # Big tables: no exact COUNT(*) of the whole table beside the filtered count.
    show_full_result_count = False

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        record(
            actor=request.user,
            action=AuditEntry.Action.UPDATE if change else AuditEntry.Action.CREATE,
            summary=f"Administration : {_label(obj)} {'modifié(e)' if change else 'créé(e)'}",
            obj=obj,
            changes={"champs": list(form.changed_data)} if change else {},
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        record(
            actor=request.user,
            action=AuditEntry.Action.DELETE,
            summary=f"Administration : {_label(obj)} supprimé(e)",
            obj=obj,
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            record(
                actor=request.user,
                action=AuditEntry.Action.DELETE,
                summary=f"Administration : {_label(obj)} supprimé(e)",
                obj=obj,
            )
        super().delete_queryset(request, queryset)


class NormalizedSearchMixin:
    """Searches a `search_name` column: the term is normalised the same way ("Lefèvre" finds "lefevre").

    A term with "@" (an e-mail) or only digits (SIRET, code) is left as typed.
    """

    def get_search_results(self, request: HttpRequest, queryset: QuerySet[Any], search_term: str) -> Any:
        term = search_term.strip()
        if term and "@" not in term and not term.replace(" ", "").isdigit():
            term = normalize(term)
        return super().get_search_results(request, queryset, term)  # type: ignore[misc]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that are written by the application only: the back office reads them."""

    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "action", "summary", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_label", "summary", "=object_id"]
    date_hierarchy = "at"


@admin.register(SentMail)
class SentMailAdmin(ReadOnlyAdmin):
    list_display = ["sent_at", "to", "subject"]
    search_fields = ["to", "subject"]


@admin.register(DemoDataset)
class DemoDatasetAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "seed", "contracts"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Deleting the marker would hide the "données fictives" banner on fictitious data: only a superuser may.
        return bool(request.user.is_superuser)
