from django.contrib import admin
from django.http import HttpRequest

from compagnon.contracts.models import Contract, ContractPerson, Supervision
from compagnon.core.admin import AuditedModelAdmin, NormalizedSearchMixin


class SupervisionInline(admin.TabularInline):
    model = Supervision
    extra = 0
    # People are counted in millions: never a <select> of all of them.
    raw_id_fields = ["person"]


@admin.register(Contract)
class ContractAdmin(AuditedModelAdmin):
    list_display = [
        "id",
        "kind",
        "company",
        "apprentice",
        "training_centre",
        "start_date",
        "planned_end_date",
        "rupture_date",
        "department",
        "source",
    ]
    list_filter = ["kind", "source", "department", "rupture_cause"]
    # Exact lookups only: a million rows, and these are the identifiers people paste.
    search_fields = ["=id", "=source_id", "=company__siret", "=training_centre__uai"]
    list_select_related = ["company", "apprentice", "training_centre", "department"]
    raw_id_fields = ["company", "apprentice", "training_centre", "certification"]
    autocomplete_fields = ["workplace_commune", "employment_area", "department", "opco"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [SupervisionInline]


@admin.register(Supervision)
class SupervisionAdmin(NormalizedSearchMixin, AuditedModelAdmin):
    list_display = ["contract", "person", "role", "is_referent", "is_second_tutor", "start_date", "end_date"]
    list_filter = ["role", "is_referent", "is_second_tutor"]
    search_fields = ["=contract__id", "^person__search_name"]
    list_select_related = ["contract", "person"]
    raw_id_fields = ["contract", "person"]


@admin.register(ContractPerson)
class ContractPersonAdmin(admin.ModelAdmin):
    """Derived by database triggers from contracts and supervisions (contracts/people_index.py): read only."""

    list_display = ["contract", "person", "role", "department", "employment_area", "training_centre", "company"]
    list_filter = ["role"]
    search_fields = ["=contract__id", "=person__id"]
    list_select_related = ["contract", "person", "department", "employment_area", "training_centre", "company"]
    # A million rows: an exact count of the changelist would cost more than the page.
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
