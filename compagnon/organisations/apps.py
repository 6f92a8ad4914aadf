from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "compagnon.organisations"
    label = "organisations"
    verbose_name = "Organisations"
