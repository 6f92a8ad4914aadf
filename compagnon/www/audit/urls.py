from django.urls import path

from compagnon.www.audit import views

app_name = "audit"
urlpatterns = [path("", views.index, name="list")]
