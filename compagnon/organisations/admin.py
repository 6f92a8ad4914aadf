from django.contrib import admin

from compagnon.core.admin import AuditedModelAdmin, NormalizedSearchMixin
from compagnon.organisations.models import Company, Opco, TrainingCentre


@admin.register(Opco)
class OpcoAdmin(AuditedModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Company)
class CompanyAdmin(NormalizedSearchMixin, AuditedModelAdmin):
    list_display = ["name", "siret", "kind", "naf", "idcc", "headcount", "commune", "employment_area"]
    list_filter = ["kind", "department"]
    search_fields = ["=siret", "search_name"]
    list_select_related = ["commune", "employment_area"]
    autocomplete_fields = ["commune", "employment_area", "department", "opco"]


@admin.register(TrainingCentre)
class TrainingCentreAdmin(NormalizedSearchMixin, AuditedModelAdmin):
    list_display = ["name", "uai", "siret", "commune", "employment_area"]
    search_fields = ["=uai", "=siret", "search_name"]
    list_select_related = ["commune", "employment_area"]
    autocomplete_fields = ["commune", "employment_area"]
