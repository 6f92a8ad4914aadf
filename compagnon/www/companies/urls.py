from django.urls import path

from compagnon.www.companies import views

app_name = "companies"
urlpatterns = [path("", views.index, name="list")]
