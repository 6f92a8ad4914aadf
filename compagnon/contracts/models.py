"""Work-study contracts and who supervises them."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q

from compagnon.certifications.models import Certification
from compagnon.contracts.enums import (
    ContractKind,
    ContractPersonRole,
    ContractSource,
    ContractStatus,
    RuptureCause,
    RuptureInitiative,
    SupervisionNovelty,
    SupervisionRole,
    SupervisorStatus,
)
from compagnon.organisations.models import Company, Opco, TrainingCentre
from compagnon.people.models import Person
from compagnon.territory.models import Commune, Department, EmploymentArea


class ContractQuerySet(models.QuerySet["Contract"]):
    def with_status(self, status: str, *, on: dt.date) -> ContractQuerySet:
        not_broken = Q(rupture_date__isnull=True) | Q(rupture_date__gt=on)
        match status:
            case ContractStatus.BROKEN:
                return self.filter(rupture_date__lte=on)
            case ContractStatus.UPCOMING:
                return self.filter(not_broken, start_date__gt=on)
            case ContractStatus.COMPLETED:
                return self.filter(not_broken, planned_end_date__lt=on)
            case ContractStatus.ACTIVE:
                return self.filter(not_broken, start_date__lte=on, planned_end_date__gte=on)
        raise ValueError(f"unknown status {status!r}")

    def active(self, *, on: dt.date) -> ContractQuerySet:
        return self.with_status(ContractStatus.ACTIVE, on=on)


class Contract(models.Model):
    kind = models.CharField("type de contrat", max_length=30, choices=ContractKind.choices)
    company = models.ForeignKey(Company, verbose_name="employeur", on_delete=models.PROTECT, related_name="contracts")
    workplace_commune = models.ForeignKey(
        Commune, verbose_name="commune du lieu de travail", on_delete=models.PROTECT, related_name="+"
    )
    # Both derived from the workplace commune and kept on the row: every scoped list filters on them.
    employment_area = models.ForeignKey(
        EmploymentArea,
        verbose_name="zone d'emploi",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    department = models.ForeignKey(
        Department, verbose_name="département", on_delete=models.PROTECT, related_name="contracts"
    )
    apprentice = models.ForeignKey(
        Person, verbose_name="alternant", on_delete=models.PROTECT, related_name="contracts_as_apprentice"
    )
    certification = models.ForeignKey(
        Certification, verbose_name="certification préparée", null=True, blank=True, on_delete=models.PROTECT
    )
    training_centre = models.ForeignKey(
        TrainingCentre, verbose_name="CFA", null=True, blank=True, on_delete=models.PROTECT, related_name="contracts"
    )
    opco = models.ForeignKey(Opco, verbose_name="OPCO", null=True, blank=True, on_delete=models.PROTECT)
    signature_date = models.DateField("date de conclusion", null=True, blank=True)
    start_date = models.DateField("date de début")
    planned_end_date = models.DateField("date de fin prévue")
    rupture_date = models.DateField("date de rupture", null=True, blank=True)
    rupture_cause = models.CharField("motif de rupture", max_length=30, choices=RuptureCause.choices, blank=True)
    # The cause as the file wrote it, kept beside the code it was mapped to (nothing a source says is lost).
    rupture_cause_text = models.CharField("motif de rupture (tel que reçu)", max_length=300, blank=True)
    rupture_initiative = models.CharField(
        "rupture à l'initiative de", max_length=20, choices=RuptureInitiative.choices, blank=True
    )
    # L6222-11: the training prolonged by up to a year after failing the exam; such an apprentice does not count
    # towards the master's ceiling of two (R6223-6).
    extended_after_exam_failure = models.BooleanField("prolongé après un échec à l'examen", default=False)
    source = models.CharField("origine", max_length=10, choices=ContractSource.choices)
    # Who sent the contract (a CFA, an OPCO, "demo"): with source_id (the contract number), the identity of an
    # imported row, so that importing the same file again updates rather than duplicates.
    source_name = models.CharField("source", max_length=100, blank=True)
    source_id = models.CharField("identifiant d'origine", max_length=100, blank=True)
    last_import = models.ForeignKey(
        "intake.ImportRun",
        verbose_name="dernier import",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contracts",
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = "contrat"
        ordering = ["-start_date", "-id"]
        indexes = [
            models.Index(fields=["-start_date", "-id"], name="contract_start_idx"),
            models.Index(fields=["employment_area", "-start_date", "-id"], name="contract_area_start_idx"),
            models.Index(fields=["department", "-start_date", "-id"], name="contract_dept_start_idx"),
            models.Index(fields=["training_centre", "-start_date", "-id"], name="contract_centre_start_idx"),
            models.Index(fields=["company", "-start_date"], name="contract_company_start_idx"),
            models.Index(fields=["apprentice"], name="contract_apprentice_idx"),
            models.Index(fields=["opco", "-start_date"], name="contract_opco_start_idx"),
            models.Index(fields=["rupture_date"], name="contract_rupture_idx"),
            # The contract list sorted by planned end date.
            models.Index(fields=["planned_end_date", "id"], name="contract_end_idx"),
            models.Index(fields=["employment_area", "planned_end_date", "id"], name="contract_area_end_idx"),
            # A region's contracts per zone, counted from the index alone (zones page: 218 ms -> 23 ms on PostgreSQL
            # at 10^6 contracts): a zone may straddle two regions, so the department bounds the count too.
            models.Index(fields=["employment_area", "department"], name="contract_area_dept_idx"),
            # The zones, companies and CFAs of a CFA's or an OPCO's contracts (their filters, their home page), read
            # from the index alone: a large CFA's 58,000 contracts took 150 ms to visit row by row on SQLite.
            models.Index(fields=["training_centre", "employment_area", "company"], name="contract_centre_area_idx"),
            models.Index(
                fields=["opco", "employment_area", "company", "training_centre"], name="contract_opco_area_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end_date__gte=F("start_date")),
                name="contract_end_after_start",
                violation_error_message="La date de fin prévue précède la date de début.",
            ),
            models.CheckConstraint(
                condition=Q(rupture_date__isnull=True) | Q(rupture_date__gte=F("start_date")),
                name="contract_rupture_after_start",
                violation_error_message="La date de rupture précède la date de début du contrat.",
            ),
            models.CheckConstraint(
                condition=Q(rupture_date__isnull=False) | (Q(rupture_cause="") & Q(rupture_initiative="")),
                name="contract_rupture_details_need_date",
                violation_error_message="Un motif ou une initiative de rupture suppose une date de rupture.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ContractKind.values),
                name="contract_kind_valid",
                violation_error_message="Type de contrat inconnu.",
            ),
            models.UniqueConstraint(
                fields=["source_name", "source_id"],
                condition=~Q(source_id=""),
                name="contract_unique_source_name_id",
                violation_error_message="Un contrat de la même source porte déjà ce numéro.",
            ),
        ]

    def __str__(self) -> str:
        return f"Contrat n°{self.pk} ({self.get_kind_display()}, {self.start_date:%d/%m/%Y})"

    def status_on(self, day: dt.date) -> ContractStatus:
        if self.rupture_date is not None and self.rupture_date <= day:
            return ContractStatus.BROKEN
        if self.start_date > day:
            return ContractStatus.UPCOMING
        if self.planned_end_date < day:
            return ContractStatus.COMPLETED
        return ContractStatus.ACTIVE


class Supervision(models.Model):
    """A person supervising a contract as master or tutor, possibly in a team (R6223-23) or as second tutor."""

    contract = models.ForeignKey(
        Contract, verbose_name="contrat", on_delete=models.CASCADE, related_name="supervisions"
    )
    person = models.ForeignKey(Person, verbose_name="personne", on_delete=models.PROTECT, related_name="supervisions")
    role = models.CharField("rôle", max_length=10, choices=SupervisionRole.choices)
    is_referent = models.BooleanField("référent", default=False)
    # D6325-10: the second tutor named by the GE, ETT or association intermédiaire.
    is_second_tutor = models.BooleanField("second tuteur", default=False)
    # What the employer attests about the master or tutor of this contract (L6223-8-1, D6325-6); empty: not known.
    status = models.CharField("statut", max_length=30, choices=SupervisorStatus.choices, blank=True)
    volunteer = models.BooleanField("volontaire", null=True, blank=True)
    good_character_attested = models.BooleanField("moralité attestée par l'employeur", null=True, blank=True)
    start_date = models.DateField("du", null=True, blank=True)
    end_date = models.DateField("au", null=True, blank=True)
    # New, returning or continuing master (intake/classification.py); empty until classified.
    novelty = models.CharField("nouveauté", max_length=10, choices=SupervisionNovelty.choices, blank=True)

    class Meta:
        verbose_name = "tutorat"
        verbose_name_plural = "tutorats"
        ordering = ["-is_referent", "id"]
        indexes = [
            models.Index(fields=["person", "contract"], name="supervision_person_idx"),
            # The new masters (new or returning) of a scope, without reading every supervision.
            models.Index(fields=["novelty", "contract"], name="supervision_novelty_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "person", "role"],
                name="supervision_unique_person_role",
                violation_error_message="Cette personne exerce déjà ce rôle sur ce contrat.",
            ),
            # R6223-23: one référent per tutoring team.
            models.UniqueConstraint(
                fields=["contract"],
                condition=Q(is_referent=True),
                name="supervision_one_referent",
                violation_error_message="Ce contrat a déjà un maître d'apprentissage référent.",
            ),
            models.CheckConstraint(
                condition=Q(role__in=SupervisionRole.values),
                name="supervision_role_valid",
                violation_error_message="Rôle de tutorat inconnu.",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="supervision_dates_ordered",
                violation_error_message="La fin du tutorat précède son début.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()}"


class ContractPerson(models.Model):
    """A person on a contract, as its apprentice or as one of its supervisors, with the contract's scope columns.

    Written by database triggers only (compagnon/contracts/people_index.py), whatever writes contracts and supervisions:
    the ORM, raw SQL, a bulk loader. Which people an account sees is then one lookup in one table
    (Scope.filter_people), where it was an EXISTS over contracts or an EXISTS over supervisions joined to contracts:
    PostgreSQL hashed the two, or probed both tables row by row (a search for "martin" at 10^6 contracts: 420 ms of
    probes, 100 ms here), and could not choose its plan from the statistics of one table.
    """

    person = models.ForeignKey(
        Person, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    contract = models.ForeignKey(
        Contract, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    # The supervisor rows only: what identifies the row when the supervision changes or goes.
    supervision = models.ForeignKey(
        Supervision, null=True, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    role = models.CharField(max_length=10, choices=ContractPersonRole.choices)
    # Copies of the contract's columns that scopes filter on (accounts/scope.py Grant.contract_q).
    department = models.ForeignKey(
        Department, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    employment_area = models.ForeignKey(
        EmploymentArea, null=True, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    training_centre = models.ForeignKey(
        TrainingCentre, null=True, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    company = models.ForeignKey(
        Company, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    opco = models.ForeignKey(
        Opco, null=True, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )

    class Meta:
        verbose_name = "personne d'un contrat"
        verbose_name_plural = "personnes des contrats"
        default_permissions = ("view",)
        indexes = [
            # Probing one person (lists of wide scopes, detail pages): read from the index alone.
            models.Index(
                fields=["person", "department", "employment_area", "role", "training_centre", "company", "opco"],
                name="contract_person_probe_idx",
            ),
            # Collecting the people of a narrow scope.
            models.Index(fields=["employment_area", "person"], name="contract_person_area_idx"),
            models.Index(fields=["training_centre", "person"], name="contract_person_centre_idx"),
            models.Index(fields=["company", "person"], name="contract_person_company_idx"),
            models.Index(fields=["opco", "person"], name="contract_person_opco_idx"),
            # What the triggers update and delete by.
            models.Index(fields=["contract", "role"], name="contract_person_contr_idx"),
            models.Index(fields=["supervision"], name="contract_person_superv_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} — contrat {self.contract_id} ({self.get_role_display()})"
