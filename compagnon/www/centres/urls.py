from django.urls import path

from compagnon.www.centres import views

app_name = "centres"
urlpatterns = [path("", views.index, name="list")]
