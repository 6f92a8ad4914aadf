from django.apps import AppConfig


class WwwConfig(AppConfig):
    name = "compagnon.www"
    label = "www"
    verbose_name = "Pages web"
