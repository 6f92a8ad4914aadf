from django.urls import path

from compagnon.www.mail import views

app_name = "mail"
urlpatterns = [
    path("", views.index, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
]
