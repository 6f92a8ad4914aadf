from django.urls import path

from compagnon.www.areas import views

app_name = "areas"
urlpatterns = [path("", views.index, name="list")]
