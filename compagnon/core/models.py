from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    """Who changed what, when: every service that writes records one (DESIGN §4, privacy)."""

    class Action(models.TextChoices):
        CREATE = "create", "création"
        UPDATE = "update", "modification"
        DELETE = "delete", "suppression"
        IMPORT = "import", "import"
        EXPORT = "export", "export de données personnelles"
        LOGIN = "login", "connexion"
        LOGIN_FAILED = "login_failed", "échec de connexion"
        TOKEN = "token", "jeton d'API"
        SEED = "seed", "données de démonstration"
        COMPLIANCE = "compliance", "conformité recalculée"

    at = models.DateTimeField("date", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField("auteur (libellé)", max_length=200, blank=True)
    action = models.CharField("action", max_length=20, choices=Action.choices)
    object_type = models.CharField("type d'objet", max_length=100, blank=True)
    object_id = models.CharField("identifiant", max_length=64, blank=True)
    summary = models.CharField("résumé", max_length=500)
    changes = models.JSONField("détail", default=dict, blank=True)

    class Meta:
        verbose_name = "entrée du journal"
        verbose_name_plural = "journal des modifications"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_label} {self.summary}"


class SentMail(models.Model):
    """A copy of each outgoing e-mail in development, shown on the "courriels envoyés" page."""

    sent_at = models.DateTimeField("envoyé le", auto_now_add=True, db_index=True)
    from_email = models.CharField("expéditeur", max_length=254)
    to = models.TextField("destinataires")
    subject = models.CharField("objet", max_length=500)
    body = models.TextField("message")

    class Meta:
        verbose_name = "courriel envoyé"
        verbose_name_plural = "courriels envoyés"
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return self.subject


class DemoDataset(models.Model):
    """Present when the database holds the fictitious demo region: every page then says so."""

    created_at = models.DateTimeField("créé le", auto_now_add=True)
    seed = models.IntegerField("graine")
    contracts = models.PositiveIntegerField("contrats générés")

    class Meta:
        verbose_name = "jeu de démonstration"
        verbose_name_plural = "jeux de démonstration"

    def __str__(self) -> str:
        return f"Démonstration (graine {self.seed}, {self.contracts} contrats)"
