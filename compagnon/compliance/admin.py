"""The rules' configurable data, edited by the regional animator; the stored compliance, read only."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from compagnon.compliance.models import (
    BranchAgreement,
    BranchCompetenceRoute,
    BranchOpco,
    OpcoFundingRule,
    SupervisionCompliance,
)
from compagnon.core.admin import AuditedModelAdmin


class RouteInline(admin.TabularInline):
    model = BranchCompetenceRoute
    extra = 1
    min_num = 1


@admin.register(BranchAgreement)
class BranchAgreementAdmin(AuditedModelAdmin):
    list_display = ["name", "idcc", "reference", "valid_from", "valid_until"]
    search_fields = ["=idcc", "name"]
    inlines = [RouteInline]


@admin.register(BranchCompetenceRoute)
class BranchCompetenceRouteAdmin(AuditedModelAdmin):
    list_display = ["agreement", "months", "diploma_min_levels_above"]
    raw_id_fields = ["agreement"]


@admin.register(BranchOpco)
class BranchOpcoAdmin(AuditedModelAdmin):
    list_display = ["idcc", "opco"]
    list_filter = ["opco"]
    search_fields = ["=idcc"]


@admin.register(OpcoFundingRule)
class OpcoFundingRuleAdmin(AuditedModelAdmin):
    list_display = ["opco", "function", "valid_from", "valid_until", "funded", "eur_per_month", "months"]
    list_filter = ["opco", "function", "funded"]


@admin.register(SupervisionCompliance)
class SupervisionComplianceAdmin(admin.ModelAdmin):
    """Computed by the rules engine (compliance/services.py): read only."""

    list_display = ["supervision", "decision", "computed_at"]
    list_filter = ["decision"]
    raw_id_fields = ["supervision"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
