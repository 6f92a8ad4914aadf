from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from compagnon.accounts.models import ApiToken, Membership, User
from compagnon.core.admin import AuditedModelAdmin


class MembershipInline(admin.StackedInline):
    model = Membership
    extra = 0
    fields = ["role", "region", "chamber", "training_centre", "company", "opco", "areas"]
    autocomplete_fields = ["region", "chamber", "training_centre", "company", "opco", "areas"]


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "is_active", "is_staff", "is_superuser"]
    list_filter = ["is_active", "is_staff", "is_superuser", "memberships__role"]
    search_fields = ["username", "email", "first_name", "last_name"]
    raw_id_fields = ["person"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        ("Personne", {"fields": ["person"]}),
    )
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(AuditedModelAdmin):
    list_display = ["user", "role", "region", "chamber", "training_centre", "company", "opco", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user", "region", "chamber", "training_centre", "company", "opco"]
    raw_id_fields = ["user"]
    autocomplete_fields = ["region", "chamber", "training_centre", "company", "opco", "areas"]


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedModelAdmin):
    list_display = ["user", "created_at", "last_used_at"]
    search_fields = ["user__username"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    # The key is shown to its owner on "Mon compte", never listed here.
    exclude = ["key"]
    readonly_fields = ["created_at", "last_used_at"]
