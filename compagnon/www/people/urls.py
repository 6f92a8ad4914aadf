from django.urls import path

from compagnon.www.people import duplicates, views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("export/", views.person_export, name="export"),
    path("<int:pk>/", views.person_detail, name="detail"),
    # Near-duplicates proposed to the regional animator (compagnon/people/identity.py), and their decisions.
    path("doublons/", duplicates.duplicate_list, name="duplicates"),
    path("doublons/<int:pk>/fusionner/", duplicates.duplicate_merge, name="duplicate_merge"),
    path("doublons/<int:pk>/ecarter/", duplicates.duplicate_reject, name="duplicate_reject"),
    path("doublons/<int:pk>/annuler/", duplicates.duplicate_undo, name="duplicate_undo"),
]
