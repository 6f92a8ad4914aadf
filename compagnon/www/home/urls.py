from django.urls import path

from compagnon.www.home import views

urlpatterns = [path("", views.home, name="home")]
