from django.urls import path

from compagnon.www.people import views

app_name = "people"
urlpatterns = [path("", views.index, name="list")]
