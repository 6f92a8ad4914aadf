from django.urls import path

from compagnon.www.contracts import views

app_name = "contracts"
urlpatterns = [path("", views.index, name="list")]
