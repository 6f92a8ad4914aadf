from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "compagnon.demo"
    label = "demo"
    verbose_name = "Démonstration"
