from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    """The rules engine (compagnon/rules) applied to the platform's data: branch agreements and OPCO amounts the
    regional animator edits, the compliance of each supervision, the `rules` command."""

    name = "compagnon.compliance"
    verbose_name = "Conformité"

    def ready(self) -> None:
        from compagnon.compliance import signals  # noqa: F401 - connects the receivers
