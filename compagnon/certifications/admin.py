from django.contrib import admin

from compagnon.certifications.models import Certification, NsfGroup
from compagnon.core.admin import AuditedModelAdmin


@admin.register(NsfGroup)
class NsfGroupAdmin(AuditedModelAdmin):
    list_display = ["code", "label", "domain"]
    list_filter = ["domain"]
    search_fields = ["code", "label"]


@admin.register(Certification)
class CertificationAdmin(AuditedModelAdmin):
    list_display = ["rncp_code", "title", "level", "nsf"]
    list_filter = ["level"]
    search_fields = ["=rncp_code", "title"]
    list_select_related = ["nsf"]
    autocomplete_fields = ["nsf"]
