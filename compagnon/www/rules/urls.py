from django.urls import path

from compagnon.www.rules import views

app_name = "rules"
urlpatterns = [
    path("verifier/", views.check, name="check"),
    path("droit/", views.article_list, name="articles"),
    path("droit/<str:number>/", views.article_detail, name="article"),
]
