from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "compagnon.people"
    label = "people"
    verbose_name = "Personnes"
