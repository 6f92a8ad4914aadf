from django.urls import path

from compagnon.www.companies import views

app_name = "companies"
urlpatterns = [
    path("", views.company_list, name="list"),
    path("export/", views.company_export, name="export"),
    path("<int:pk>/", views.company_detail, name="detail"),
]
