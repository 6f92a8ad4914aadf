from django.contrib import admin
from django.urls import include, path

from compagnon.api.router import api

admin.site.site_header = "Compagnon — administration"
admin.site.site_title = "Compagnon"
admin.site.index_title = "Corrections de données"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("compagnon.www.urls")),
]
