from django.urls import path

from compagnon.www.contracts import views

app_name = "contracts"
urlpatterns = [
    path("", views.contract_list, name="list"),
    path("export/", views.contract_export, name="export"),
    path("<int:pk>/", views.contract_detail, name="detail"),
]
