"""What the apprentice prepares, and the nomenclature used to judge "same professional field" (R6223-22)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q


class NsfGroup(models.Model):
    """Nomenclature des spécialités de formation (1994): 3-digit group, 2-digit domain."""

    code = models.CharField("code", max_length=3, primary_key=True)
    label = models.CharField("libellé", max_length=200)
    domain = models.CharField("domaine", max_length=2)

    class Meta:
        verbose_name = "groupe NSF"
        verbose_name_plural = "groupes NSF"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class Certification(models.Model):
    # Cadre national des certifications professionnelles, levels 1 to 8 (D6113-18 to D6113-20).
    rncp_code = models.CharField("code RNCP", max_length=20, unique=True)
    title = models.CharField("intitulé", max_length=300)
    level = models.PositiveSmallIntegerField("niveau", validators=[MinValueValidator(1), MaxValueValidator(8)])
    nsf = models.ForeignKey(NsfGroup, verbose_name="groupe NSF", null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        verbose_name = "certification"
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=8),
                name="certification_level_1_8",
                violation_error_message="Le niveau d'une certification va de 1 à 8.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (niveau {self.level})"
