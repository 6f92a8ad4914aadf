"""People: one row per human, whatever roles they hold across contracts and years."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, Q

from compagnon.certifications.models import NsfGroup
from compagnon.core.search import search_by_name

# Contracts supervised to their end that make an experienced master.
EXPERIENCED_AFTER = 2


class PersonQuerySet(models.QuerySet["Person"]):
    def search(self, text: str) -> PersonQuerySet:
        """By name, accents and case ignored, through the trigram index (compagnon.core.search)."""
        return search_by_name(self, text)

    def experienced_masters(self, *, on: dt.date) -> PersonQuerySet:
        """Experienced masters (issue 4): people who supervised at least EXPERIENCED_AFTER contracts that ran to their
        planned end by `on`, without a rupture; each row carries `completed_supervisions`. They are who a new master
        can be paired with (parrainage)."""
        completed = Q(
            supervisions__contract__rupture_date__isnull=True, supervisions__contract__planned_end_date__lt=on
        )
        return self.annotate(
            completed_supervisions=Count("supervisions__contract", filter=completed, distinct=True)
        ).filter(completed_supervisions__gte=EXPERIENCED_AFTER)

    def not_merged(self) -> PersonQuerySet:
        """People that were not merged into another (compagnon/people/services.py): what lists and searches show."""
        return self.filter(merged_into__isnull=True)


class Person(models.Model):
    last_name = models.CharField("nom", max_length=150)
    first_name = models.CharField("prénom", max_length=150)
    birth_name = models.CharField("nom de naissance", max_length=150, blank=True)
    # "nom prénom", lowercased without accents: what searches and identity matching compare.
    search_name = models.CharField("nom normalisé", max_length=310, db_index=True)
    birth_date = models.DateField("date de naissance", null=True, blank=True)
    email = models.EmailField("courriel", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    # A duplicate merged into another person keeps its row (and its own facts) so that the merge can be undone;
    # its contracts, supervisions and account now belong to `merged_into`, and lists and searches hide it. Never
    # itself: merges come from a MergeProposal, whose two people are distinct (a CHECK here would make SQLite remake
    # the table of a million people, and drop its search triggers).
    merged_into = models.ForeignKey(
        "self",
        verbose_name="fusionnée dans",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_people",
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "personne"
        ordering = ["search_name", "id"]
        indexes = [
            models.Index(fields=["search_name", "birth_date"], name="person_identity_idx"),
            # Duplicate detection reads the people born on a day (compagnon/people/identity.py).
            models.Index(fields=["birth_date"], name="person_birth_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name.upper()}"


class SupervisorProfile(models.Model):
    """What makes a master or tutor: diplomas, experience, and willingness to sponsor."""

    person = models.OneToOneField(
        Person, verbose_name="personne", on_delete=models.CASCADE, related_name="supervisor_profile"
    )
    job_title = models.CharField("emploi occupé", max_length=200, blank=True)
    sponsor_volunteer = models.BooleanField("volontaire pour parrainer", default=False)
    vae_interest = models.BooleanField("intéressé par une VAE", default=False)
    # R6223-7: an individual exemption above the ceiling of two apprentices, valid up to 5 years.
    capacity_exemption_limit = models.PositiveSmallIntegerField(
        "plafond d'apprentis par dérogation", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    capacity_exemption_until = models.DateField("dérogation valable jusqu'au", null=True, blank=True)

    class Meta:
        verbose_name = "profil de maître d'apprentissage ou tuteur"
        verbose_name_plural = "profils de maîtres d'apprentissage ou tuteurs"
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity_exemption_limit__isnull=True) | Q(capacity_exemption_limit__gte=1),
                name="supervisor_exemption_limit_positive",
                violation_error_message="Le plafond d'une dérogation compte au moins un apprenti.",
            )
        ]

    def __str__(self) -> str:
        return f"Profil tuteur de {self.person}"


class Diploma(models.Model):
    profile = models.ForeignKey(
        SupervisorProfile, verbose_name="profil", on_delete=models.CASCADE, related_name="diplomas"
    )
    title = models.CharField("intitulé", max_length=300)
    level = models.PositiveSmallIntegerField("niveau", validators=[MinValueValidator(1), MaxValueValidator(8)])
    nsf = models.ForeignKey(NsfGroup, verbose_name="groupe NSF", null=True, blank=True, on_delete=models.PROTECT)
    obtained_on = models.DateField("obtenu le", null=True, blank=True)

    class Meta:
        verbose_name = "diplôme"
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=8),
                name="diploma_level_1_8",
                violation_error_message="Le niveau d'un diplôme va de 1 à 8.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (niveau {self.level})"


class ExperiencePeriod(models.Model):
    class Kind(models.TextChoices):
        EMPLOYMENT = "employment", "Activité professionnelle"
        # Since 2019-01-01 internships and training periods do not count (R6223-22, last paragraph).
        INTERNSHIP = "internship", "Stage ou période de formation"
        APPRENTICESHIP = "apprenticeship", "Apprentissage"
        # R6226-5: two years in a temporary-work agency make a master of an ETT competent.
        TEMPORARY_WORK = "temporary_work", "Activité en entreprise de travail temporaire"

    profile = models.ForeignKey(
        SupervisorProfile, verbose_name="profil", on_delete=models.CASCADE, related_name="experiences"
    )
    kind = models.CharField("nature", max_length=20, choices=Kind.choices, default=Kind.EMPLOYMENT)
    description = models.CharField("activité", max_length=300)
    nsf = models.ForeignKey(NsfGroup, verbose_name="groupe NSF", null=True, blank=True, on_delete=models.PROTECT)
    start_date = models.DateField("du")
    end_date = models.DateField("au", null=True, blank=True, help_text="Vide si en cours")

    class Meta:
        verbose_name = "période d'expérience"
        verbose_name_plural = "périodes d'expérience"
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="experience_dates_ordered",
                violation_error_message="La fin d'une période d'expérience précède son début.",
            )
        ]

    def __str__(self) -> str:
        return self.description


class ApprenticeProfile(models.Model):
    class Sex(models.TextChoices):
        FEMALE = "F", "Femme"
        MALE = "M", "Homme"

    class PriorSituation(models.TextChoices):
        # Situation before the contract, as on the contract form.
        SCHOOL = "school", "Scolaire"
        STUDENT = "student", "Étudiant"
        APPRENTICE = "apprentice", "Contrat d'apprentissage"
        PROFESSIONALISATION = "professionalisation", "Contrat de professionnalisation"
        TRAINEE = "trainee", "Stagiaire de la formation professionnelle"
        JOBSEEKER = "jobseeker", "Demandeur d'emploi"
        EMPLOYEE = "employee", "Salarié"
        INACTIVE = "inactive", "Inactif"
        OTHER = "other", "Autre"

    person = models.OneToOneField(
        Person, verbose_name="personne", on_delete=models.CASCADE, related_name="apprentice_profile"
    )
    sex = models.CharField("sexe", max_length=1, choices=Sex.choices, blank=True)
    prior_situation = models.CharField(
        "situation avant le contrat", max_length=30, choices=PriorSituation.choices, blank=True
    )
    highest_diploma_level = models.PositiveSmallIntegerField(
        "niveau du diplôme le plus élevé",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(8)],
    )
    # Priority publics (L6325-1-1) and other facts that change rules or funding.
    disabled_worker = models.BooleanField("RQTH", default=False)
    qpv_resident = models.BooleanField("réside en QPV", default=False)
    long_term_jobseeker = models.BooleanField("demandeur d'emploi de plus d'un an", default=False)
    minimum_benefits = models.BooleanField("bénéficiaire RSA, ASS ou AAH", default=False)

    class Meta:
        verbose_name = "profil d'apprenti"
        verbose_name_plural = "profils d'apprentis"

    def __str__(self) -> str:
        return f"Profil apprenti de {self.person}"


class MergeProposal(models.Model):
    """Two people who may be the same human, proposed to the regional animator; never merged without them.

    Detection (compagnon/people/identity.py) writes proposals; merge_people and undo_merge (services.py) move the
    history of one person onto the other and back. What a merge moved is kept in `moved`, so that undoing it puts
    exactly those rows back.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", "À vérifier"
        MERGED = "merged", "Fusionnées"
        REJECTED = "rejected", "Personnes différentes"
        UNDONE = "undone", "Fusion annulée"

    # Which decisions each status allows (merge_people, reject_proposal, undo_merge check them).
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.PROPOSED: frozenset({Status.MERGED, Status.REJECTED}),
        Status.MERGED: frozenset({Status.UNDONE}),
        Status.UNDONE: frozenset({Status.MERGED, Status.REJECTED}),
        Status.REJECTED: frozenset(),
    }
    OPEN = (Status.PROPOSED, Status.UNDONE)

    # Stored once, in a canonical order: person_a has the smaller id.
    person_a = models.ForeignKey(Person, verbose_name="première personne", on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, verbose_name="seconde personne", on_delete=models.CASCADE, related_name="+")
    reasons = models.JSONField("raisons", default=list, blank=True)
    score = models.PositiveSmallIntegerField(
        "ressemblance (sur 100)", validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    status = models.CharField("statut", max_length=10, choices=Status.choices, default=Status.PROPOSED)
    # The person kept by the last merge (the other one is merged into it).
    kept = models.ForeignKey(
        Person, verbose_name="personne gardée", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # What the last merge moved or changed, by kind: ids of re-pointed rows and the former values of filled fields.
    moved = models.JSONField("éléments déplacés", default=dict, blank=True)
    created_at = models.DateTimeField("proposée le", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="décidée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)

    class Meta:
        verbose_name = "proposition de fusion"
        verbose_name_plural = "propositions de fusion"
        ordering = ["-score", "id"]
        indexes = [
            models.Index(fields=["status", "-score", "id"], name="merge_proposal_status_idx"),
            models.Index(fields=["person_b"], name="merge_proposal_person_b_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person_a", "person_b"],
                name="merge_proposal_pair_once",
                violation_error_message="Ces deux personnes font déjà l'objet d'une proposition de fusion.",
            ),
            # Canonical order, which also means a person is never paired with itself.
            models.CheckConstraint(
                condition=Q(person_a__lt=F("person_b")),
                name="merge_proposal_canonical_pair",
                violation_error_message="Une proposition de fusion réunit deux personnes distinctes, dans l'ordre.",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=100),
                name="merge_proposal_score_0_100",
                violation_error_message="La ressemblance va de 0 à 100.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["proposed", "merged", "rejected", "undone"]),
                name="merge_proposal_status_valid",
                violation_error_message="Statut de proposition de fusion inconnu.",
            ),
            models.CheckConstraint(
                condition=Q(kept__isnull=True) | Q(kept=F("person_a")) | Q(kept=F("person_b")),
                name="merge_proposal_kept_in_pair",
                violation_error_message="La personne gardée est l'une des deux personnes de la proposition.",
            ),
            models.CheckConstraint(
                condition=~Q(status="merged") | Q(kept__isnull=False),
                name="merge_proposal_merged_has_kept",
                violation_error_message="Une fusion dit quelle personne est gardée.",
            ),
        ]

    def __str__(self) -> str:
        return f"Proposition de fusion n°{self.pk} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def other(self, person_id: int) -> int:
        """The id of the other person of the pair."""
        return self.person_b_id if person_id == self.person_a_id else self.person_a_id
