from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "compagnon.contracts"
    label = "contracts"
    verbose_name = "Contrats"
