from django.contrib import admin

from compagnon.core.admin import AuditedModelAdmin, NormalizedSearchMixin
from compagnon.territory.models import Chamber, Commune, Department, EmploymentArea, Region


@admin.register(Region)
class RegionAdmin(AuditedModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Department)
class DepartmentAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]
    search_fields = ["code", "name"]
    list_select_related = ["region"]


@admin.register(EmploymentArea)
class EmploymentAreaAdmin(AuditedModelAdmin):
    list_display = ["code", "name"]
    list_filter = ["regions"]
    search_fields = ["code", "name"]
    filter_horizontal = ["regions"]


@admin.register(Commune)
class CommuneAdmin(NormalizedSearchMixin, AuditedModelAdmin):
    list_display = ["insee_code", "name", "postal_codes", "department", "employment_area", "population"]
    list_filter = ["department__region"]
    search_fields = ["=insee_code", "^search_name", "postal_codes"]
    list_select_related = ["department", "employment_area"]
    autocomplete_fields = ["department", "employment_area"]


@admin.register(Chamber)
class ChamberAdmin(AuditedModelAdmin):
    list_display = ["name", "kind", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name"]
    list_select_related = ["region"]
    autocomplete_fields = ["areas"]
