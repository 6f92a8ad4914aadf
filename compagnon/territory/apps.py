from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    name = "compagnon.territory"
    label = "territory"
    verbose_name = "Territoires"
