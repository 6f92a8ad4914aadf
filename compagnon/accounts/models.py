"""Accounts, and the memberships that say what each account may see: role × organisation × areas."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from compagnon.accounts.enums import ORGANISATION_FIELDS, ROLE_ORGANISATION, Role
from compagnon.organisations.models import Company, Opco, TrainingCentre
from compagnon.people.models import Person
from compagnon.territory.models import Chamber, EmploymentArea, Region


class User(AbstractUser):
    # Django's username stays the login field; an e-mail is also accepted (UsernameOrEmailBackend).
    person = models.OneToOneField(
        Person, verbose_name="personne", null=True, blank=True, on_delete=models.SET_NULL, related_name="user"
    )

    class Meta(AbstractUser.Meta):  # type: ignore[name-defined]
        verbose_name = "compte"
        constraints = [
            models.UniqueConstraint(
                fields=["email"],
                condition=~Q(email=""),
                name="user_unique_email",
                violation_error_message="Un autre compte utilise déjà ce courriel.",
            )
        ]

    def __str__(self) -> str:
        full = self.get_full_name()
        return f"{full} ({self.username})" if full else self.username


def _organisation_matches_role() -> Q:
    """Exactly the organisation field that the role calls for is set (ROLE_ORGANISATION)."""
    condition = Q()
    for role, field in ROLE_ORGANISATION.items():
        one = Q(role=role, **{f"{field}__isnull": False})
        for other in ORGANISATION_FIELDS:
            if other != field:
                one &= Q(**{f"{other}__isnull": True})
        condition |= one
    return condition


class Membership(models.Model):
    user = models.ForeignKey(User, verbose_name="compte", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("rôle", max_length=30, choices=Role.choices)
    region = models.ForeignKey(Region, verbose_name="région", null=True, blank=True, on_delete=models.CASCADE)
    chamber = models.ForeignKey(Chamber, verbose_name="chambre", null=True, blank=True, on_delete=models.CASCADE)
    training_centre = models.ForeignKey(
        TrainingCentre, verbose_name="CFA", null=True, blank=True, on_delete=models.CASCADE
    )
    company = models.ForeignKey(Company, verbose_name="entreprise", null=True, blank=True, on_delete=models.CASCADE)
    opco = models.ForeignKey(Opco, verbose_name="OPCO", null=True, blank=True, on_delete=models.CASCADE)
    # Empty means: all the areas of the chamber, or of the region.
    areas = models.ManyToManyField(
        EmploymentArea, verbose_name="zones d'emploi", blank=True, related_name="memberships"
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "habilitation"
        ordering = ["user", "role"]
        constraints = [
            models.CheckConstraint(
                condition=_organisation_matches_role(),
                name="membership_organisation_matches_role",
                violation_error_message="L'organisation ne correspond pas au rôle de l'habilitation.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.organisation}"

    @property
    def organisation(self) -> models.Model | None:
        return getattr(self, ROLE_ORGANISATION[self.role])


def _new_token_key() -> str:
    return secrets.token_urlsafe(32)


class ApiToken(models.Model):
    """One API token per account: `Authorization: Bearer <key>`."""

    user = models.OneToOneField(User, verbose_name="compte", on_delete=models.CASCADE, related_name="api_token")
    key = models.CharField("jeton", max_length=64, unique=True, default=_new_token_key)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    last_used_at = models.DateTimeField("dernière utilisation", null=True, blank=True)

    class Meta:
        verbose_name = "jeton d'API"
        verbose_name_plural = "jetons d'API"

    def __str__(self) -> str:
        return f"Jeton de {self.user}"
