from typing import Any

from django.contrib import admin

from compagnon.core.admin import AuditedModelAdmin, NormalizedSearchMixin
from compagnon.people.models import (
    ApprenticeProfile,
    Diploma,
    ExperiencePeriod,
    MergeProposal,
    Person,
    SupervisorProfile,
)


@admin.register(Person)
class PersonAdmin(NormalizedSearchMixin, AuditedModelAdmin):
    list_display = ["last_name", "first_name", "birth_date", "email", "phone", "merged_into"]
    # search_name is "nom prénom" normalised and indexed: a prefix search stays fast on millions of people.
    search_fields = ["^search_name", "=email"]
    # Set and cleared by merge_people / undo_merge only, which move the person's history with it.
    readonly_fields = ["created_at", "merged_into"]


class DiplomaInline(admin.TabularInline):
    model = Diploma
    extra = 0
    autocomplete_fields = ["nsf"]


class ExperienceInline(admin.TabularInline):
    model = ExperiencePeriod
    extra = 0
    autocomplete_fields = ["nsf"]


@admin.register(SupervisorProfile)
class SupervisorProfileAdmin(NormalizedSearchMixin, AuditedModelAdmin):
    list_display = ["person", "job_title", "sponsor_volunteer", "vae_interest"]
    list_filter = ["sponsor_volunteer", "vae_interest"]
    search_fields = ["^person__search_name", "job_title"]
    list_select_related = ["person"]
    raw_id_fields = ["person"]
    inlines = [DiplomaInline, ExperienceInline]


@admin.register(ApprenticeProfile)
class ApprenticeProfileAdmin(NormalizedSearchMixin, AuditedModelAdmin):
    list_display = ["person", "sex", "prior_situation", "highest_diploma_level", "disabled_worker"]
    list_filter = ["sex", "prior_situation", "disabled_worker", "qpv_resident"]
    search_fields = ["^person__search_name"]
    list_select_related = ["person"]
    raw_id_fields = ["person"]


@admin.register(Diploma)
class DiplomaAdmin(AuditedModelAdmin):
    list_display = ["title", "level", "nsf", "obtained_on", "profile"]
    list_filter = ["level"]
    search_fields = ["title", "^profile__person__search_name"]
    list_select_related = ["nsf", "profile__person"]
    raw_id_fields = ["profile"]
    autocomplete_fields = ["nsf"]


@admin.register(ExperiencePeriod)
class ExperiencePeriodAdmin(AuditedModelAdmin):
    list_display = ["description", "kind", "start_date", "end_date", "profile"]
    list_filter = ["kind"]
    search_fields = ["description", "^profile__person__search_name"]
    list_select_related = ["profile__person"]
    raw_id_fields = ["profile"]
    autocomplete_fields = ["nsf"]


@admin.register(MergeProposal)
class MergeProposalAdmin(admin.ModelAdmin):
    """Read-only: proposals are decided on the « Doublons à vérifier » page, whose services move and restore rows."""

    list_display = ["id", "person_a", "person_b", "score", "status", "kept", "decided_by", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["person_a", "person_b", "kept", "decided_by"]
    raw_id_fields = ["person_a", "person_b", "kept"]
    show_full_result_count = False

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
