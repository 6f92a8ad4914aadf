"""Territory: the INSEE geography the scheme is run by, and the chambers that run it."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class Region(models.Model):
    # Overseas collectivities have 3-digit codes (975 Saint-Pierre-et-Miquelon … 989).
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=100)

    class Meta:
        verbose_name = "région"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    code = models.CharField("code", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=100)
    region = models.ForeignKey(Region, verbose_name="région", on_delete=models.PROTECT, related_name="departments")

    class Meta:
        verbose_name = "département"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class EmploymentAreaQuerySet(models.QuerySet["EmploymentArea"]):
    def in_region(self, region: Region | str) -> EmploymentAreaQuerySet:
        return self.filter(regions=region)


class EmploymentArea(models.Model):
    """Zone d'emploi 2020 (INSEE): the unit the scheme is run by. A few straddle two regions."""

    code = models.CharField("code", max_length=4, primary_key=True)
    name = models.CharField("nom", max_length=100)
    regions = models.ManyToManyField(Region, verbose_name="régions", related_name="employment_areas")

    objects = EmploymentAreaQuerySet.as_manager()

    class Meta:
        verbose_name = "zone d'emploi"
        verbose_name_plural = "zones d'emploi"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Commune(models.Model):
    insee_code = models.CharField("code INSEE", max_length=5, primary_key=True)
    name = models.CharField("nom", max_length=150)
    search_name = models.CharField("nom normalisé", max_length=150, db_index=True)
    department = models.ForeignKey(Department, verbose_name="département", on_delete=models.PROTECT)
    employment_area = models.ForeignKey(
        EmploymentArea,
        verbose_name="zone d'emploi",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="communes",
    )
    postal_codes = models.CharField("codes postaux", max_length=200, blank=True)
    population = models.PositiveIntegerField("population", null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = "commune"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.insee_code})"


class Chamber(models.Model):
    """A consular chamber: employs the territorial animators and the mediator (L6211-4, L6222-39)."""

    class Kind(models.TextChoices):
        CCI = "cci", "Chambre de commerce et d'industrie"
        CMA = "cma", "Chambre de métiers et de l'artisanat"
        AGRICULTURE = "agriculture", "Chambre d'agriculture"

    name = models.CharField("nom", max_length=200, unique=True)
    kind = models.CharField("réseau", max_length=20, choices=Kind.choices)
    region = models.ForeignKey(Region, verbose_name="région", on_delete=models.PROTECT, related_name="chambers")
    areas = models.ManyToManyField(EmploymentArea, verbose_name="zones d'emploi couvertes", related_name="chambers")

    class Meta:
        verbose_name = "chambre consulaire"
        verbose_name_plural = "chambres consulaires"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["cci", "cma", "agriculture"]),
                name="chamber_kind_valid",
                violation_error_message="Réseau de chambre inconnu.",
            )
        ]

    def __str__(self) -> str:
        return self.name
