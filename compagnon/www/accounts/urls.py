from django.urls import path

from compagnon.www.accounts import views

urlpatterns = [
    path("connexion/", views.login, name="login"),
    path("deconnexion/", views.logout, name="logout"),
    path("", views.profile, name="profile"),
    path("jeton/", views.regenerate_token, name="profile_token"),
    path("mot-de-passe/", views.password_change, name="password_change"),
    path("mot-de-passe/modifie/", views.password_change_done, name="password_change_done"),
]
