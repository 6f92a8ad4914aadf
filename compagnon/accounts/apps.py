from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "compagnon.accounts"
    label = "accounts"
    verbose_name = "Comptes"
