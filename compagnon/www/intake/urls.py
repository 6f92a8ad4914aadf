from django.urls import path

from compagnon.www.intake import entry, views

app_name = "intake"
urlpatterns = [
    path("imports/", views.import_list, name="list"),
    path("imports/modele.csv", views.template_download, name="template"),
    path("imports/saisie/", entry.contract_entry, name="entry"),
    path("imports/<int:pk>/", views.run_detail, name="run"),
    path("imports/<int:pk>/confirmer/", views.confirm, name="confirm"),
    path("imports/<int:pk>/problemes.csv", views.problems_report, name="problems"),
    path("nouveaux-maitres/", views.new_masters, name="new_masters"),
    path("nouveaux-maitres/export/", views.new_masters_export, name="new_masters_export"),
]
