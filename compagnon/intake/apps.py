from django.apps import AppConfig


class IntakeConfig(AppConfig):
    """Contracts in: files (command and upload), the contract form, API batches; identity of people; new masters."""

    name = "compagnon.intake"
    verbose_name = "Import des contrats"
