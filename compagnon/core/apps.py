from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "compagnon.core"
    label = "core"
    verbose_name = "Socle"
