"""The organisations of the trio: the employer (Company), the training centre, and the OPCO that funds."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from compagnon.core.search import prefix_match, search_by_name
from compagnon.organisations.validators import validate_siret, validate_uai
from compagnon.territory.models import Commune, Department, EmploymentArea


class Opco(models.Model):
    code = models.SlugField("code", max_length=30, unique=True)
    name = models.CharField("nom", max_length=200)

    class Meta:
        verbose_name = "OPCO"
        verbose_name_plural = "OPCO"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CompanyQuerySet(models.QuerySet["Company"]):
    def search(self, text: str) -> CompanyQuerySet:
        """By SIRET (or SIREN) when `text` is digits, else by name through the trigram index."""
        digits = text.replace(" ", "")
        if digits.isdigit():
            return prefix_match(self, digits, field="siret")
        return search_by_name(self, text)

    def naf_starts_with(self, prefix: str) -> CompanyQuerySet:
        return prefix_match(self, prefix, field="naf")


class Company(models.Model):
    class Kind(models.TextChoices):
        # Kinds that change the tutoring rules (L6223-5, R6226-5, D6325-10).
        ORDINARY = "ordinary", "Entreprise"
        EMPLOYER_GROUP = "employer_group", "Groupement d'employeurs"
        TEMPORARY_WORK = "temporary_work", "Entreprise de travail temporaire"
        INTERMEDIARY_ASSOCIATION = "intermediary_association", "Association intermédiaire"
        SIAE = "siae", "Structure d'insertion par l'activité économique"
        PUBLIC = "public", "Employeur public"

    siret = models.CharField("SIRET", max_length=14, unique=True, validators=[validate_siret])
    name = models.CharField("raison sociale", max_length=200)
    search_name = models.CharField("nom normalisé", max_length=200, db_index=True)
    naf = models.CharField("code NAF", max_length=6, blank=True, help_text="Par exemple 56.10A")
    idcc = models.CharField("IDCC", max_length=4, blank=True, help_text="Convention collective (4 chiffres)")
    headcount = models.PositiveIntegerField("effectif", null=True, blank=True)
    kind = models.CharField("type d'employeur", max_length=30, choices=Kind.choices, default=Kind.ORDINARY)
    commune = models.ForeignKey(Commune, verbose_name="commune", on_delete=models.PROTECT, related_name="+")
    # Derived from the commune, kept on the row so that scoping by area or region needs no join.
    employment_area = models.ForeignKey(
        EmploymentArea,
        verbose_name="zone d'emploi",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="companies",
    )
    department = models.ForeignKey(Department, verbose_name="département", on_delete=models.PROTECT, related_name="+")
    opco = models.ForeignKey(Opco, verbose_name="OPCO", null=True, blank=True, on_delete=models.PROTECT)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        verbose_name = "entreprise"
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["employment_area", "search_name"], name="company_area_name_idx"),
            # The lists' filters by kind and by NAF prefix, each with the name order.
            models.Index(fields=["kind", "search_name"], name="company_kind_name_idx"),
            models.Index(fields=["naf", "search_name"], name="company_naf_name_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(siret__regex=r"^[0-9]{14}$"),
                name="company_siret_14_digits",
                violation_error_message="Le SIRET doit compter 14 chiffres.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def siren(self) -> str:
        return self.siret[:9]


class TrainingCentreQuerySet(models.QuerySet["TrainingCentre"]):
    def search(self, text: str) -> TrainingCentreQuerySet:
        """By UAI when `text` looks like one (7 digits and a letter), else by name through the trigram index."""
        code = text.strip().upper()
        if len(code) >= 3 and code[:3].isdigit() and code.isalnum():
            return self.filter(uai__startswith=code)
        return search_by_name(self, text)


class TrainingCentre(models.Model):
    """CFA, organisme de formation or UFA: the training side of the trio."""

    uai = models.CharField("code UAI", max_length=8, unique=True, validators=[validate_uai])
    siret = models.CharField("SIRET", max_length=14, blank=True, validators=[validate_siret])
    name = models.CharField("nom", max_length=200)
    search_name = models.CharField("nom normalisé", max_length=200, db_index=True)
    # Unknown for a CFA first met in a contract file, which gives its UAI and name but not its address.
    commune = models.ForeignKey(
        Commune, verbose_name="commune", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    employment_area = models.ForeignKey(
        EmploymentArea,
        verbose_name="zone d'emploi",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training_centres",
    )

    objects = TrainingCentreQuerySet.as_manager()

    class Meta:
        verbose_name = "CFA"
        verbose_name_plural = "CFA"
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name
