"""What the regional animator configures for the rules engine, and the compliance of each supervision.

Branch agreements (the masters' competence, L6223-8-1), which OPCO a branch belongs to, and each OPCO's own amounts
(below the legal ceilings of D6332-92 and D6332-93) are dated data: they change, and a contract is read with the
data in force at its date. They become a `rules.params.RuleData` in compliance/rule_data.py.
"""

from __future__ import annotations

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q

from compagnon.contracts.models import Supervision
from compagnon.organisations.models import Opco
from compagnon.rules.params import Function

IDCC = RegexValidator(r"^\d{1,4}$", "L'IDCC est un numéro de 1 à 4 chiffres.")


def _dates_ordered(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
        name=name,
        violation_error_message="La fin de validité précède son début.",
    )


class BranchAgreement(models.Model):
    """A branch agreement that sets the competence condition of masters, for contracts concluded in its period."""

    idcc = models.CharField("IDCC", max_length=4, validators=[IDCC])
    name = models.CharField("nom de l'accord", max_length=200)
    reference = models.CharField("référence", max_length=200, blank=True, help_text="Par exemple « avenant n° 55 ».")
    valid_from = models.DateField("pour les contrats conclus à partir du")
    valid_until = models.DateField("jusqu'au", null=True, blank=True)

    class Meta:
        verbose_name = "accord de branche (compétence du maître)"
        verbose_name_plural = "accords de branche (compétence du maître)"
        ordering = ["idcc", "-valid_from"]
        constraints = [_dates_ordered("branch_agreement_dates_ordered")]

    def __str__(self) -> str:
        return f"{self.name} (IDCC {self.idcc})"


class BranchCompetenceRoute(models.Model):
    """One way to meet the agreement's competence condition: months of experience, with a diploma or not."""

    agreement = models.ForeignKey(
        BranchAgreement, verbose_name="accord", on_delete=models.CASCADE, related_name="routes"
    )
    months = models.PositiveSmallIntegerField("mois d'expérience")
    diploma_min_levels_above = models.PositiveSmallIntegerField(
        "diplôme du même domaine, niveaux au-dessus de celui préparé",
        null=True,
        blank=True,
        help_text="Vide : sans condition de diplôme ; 0 : un diplôme de niveau au moins égal.",
    )

    class Meta:
        verbose_name = "voie de compétence"
        verbose_name_plural = "voies de compétence"
        ordering = ["agreement", "id"]

    def __str__(self) -> str:
        if self.diploma_min_levels_above is None:
            return f"{self.months} mois d'expérience"
        return f"diplôme (+{self.diploma_min_levels_above} niveau) et {self.months} mois d'expérience"


class BranchOpco(models.Model):
    """The OPCO of a branch: how an employer's IDCC leads to its OPCO's own amounts."""

    idcc = models.CharField("IDCC", max_length=4, unique=True, validators=[IDCC])
    opco = models.ForeignKey(Opco, verbose_name="OPCO", on_delete=models.PROTECT, related_name="branches")

    class Meta:
        verbose_name = "OPCO d'une branche"
        verbose_name_plural = "OPCO des branches"
        ordering = ["idcc"]

    def __str__(self) -> str:
        return f"IDCC {self.idcc} → {self.opco}"


class OpcoFundingRule(models.Model):
    """An OPCO's own amount for the supervisor's training or the exercise of the function, for contracts concluded
    in its period. The engine never answers above the legal ceiling."""

    class FunctionChoices(models.TextChoices):
        MASTER = Function.MASTER.value, "Exercice de la fonction de maître d'apprentissage"
        TUTOR = Function.TUTOR.value, "Exercice du tutorat"
        TRAINING = Function.TRAINING.value, "Formation du maître ou tuteur"

    opco = models.ForeignKey(Opco, verbose_name="OPCO", on_delete=models.CASCADE, related_name="funding_rules")
    function = models.CharField("prise en charge", max_length=10, choices=FunctionChoices.choices)
    valid_from = models.DateField("pour les contrats conclus à partir du")
    valid_until = models.DateField("jusqu'au", null=True, blank=True)
    funded = models.BooleanField("financé", default=True)
    eur_per_month = models.PositiveIntegerField("€ par mois", null=True, blank=True)
    months = models.PositiveSmallIntegerField("mois", null=True, blank=True)
    eur_per_hour = models.PositiveIntegerField("€ de l'heure", null=True, blank=True)
    max_hours = models.PositiveSmallIntegerField("heures au plus", null=True, blank=True)
    max_headcount_below = models.PositiveIntegerField(
        "seulement sous cet effectif",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Par exemple 50 : entreprises de moins de 50 salariés.",
    )
    note = models.CharField("précision", max_length=300, blank=True)
    source = models.CharField("source", max_length=300, blank=True, help_text="Page ou document de l'OPCO.")

    class Meta:
        verbose_name = "montant d'un OPCO"
        verbose_name_plural = "montants des OPCO"
        ordering = ["opco", "function", "-valid_from"]
        constraints = [
            _dates_ordered("opco_rule_dates_ordered"),
            models.CheckConstraint(
                condition=Q(function__in=[c.value for c in Function]),
                name="opco_rule_function_valid",
                violation_error_message="Prise en charge inconnue.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.opco} — {self.get_function_display()} (depuis le {self.valid_from:%d/%m/%Y})"


class ComplianceQuerySet(models.QuerySet["SupervisionCompliance"]):
    def needing_attention(self) -> ComplianceQuerySet:
        return self.exclude(decision=Decision.OK)


class Decision(models.TextChoices):
    OK = "ok", "Conforme"
    KO = "ko", "Non conforme"
    UNKNOWN = "unknown", "À vérifier"


class SupervisionCompliance(models.Model):
    """The rules engine's answer for one supervision, stored so that lists can be filtered by it.

    Recomputed when a fact it reads changes (compliance/signals.py) and nightly (`manage.py rules refresh`).
    """

    supervision = models.OneToOneField(
        Supervision, primary_key=True, on_delete=models.CASCADE, related_name="compliance", verbose_name="tutorat"
    )
    decision = models.CharField("réponse", max_length=10, choices=Decision.choices)
    # Each check's code and status, `{"checks": [{"code": "MASTER_VOLUNTEER", "status": "ok"}, …]}`
    # (compliance.services.answer_text): what lists filter on. Not the whole decision of rules.jsonio.decision_to_json
    # (messages, capacity, funding, rights: about 3.5 kB a supervision, ten times more), which the pages and the API
    # compute again from the facts when they show it: writing it cost more than evaluating the rules (on PostgreSQL,
    # six times the compact form), and an import of a million contracts refreshes a million answers.
    answer = models.JSONField("détail")
    # When this answer was computed; a refresh that finds the same answer leaves the row, and so this date, as it is.
    computed_at = models.DateTimeField("calculé le")

    objects = ComplianceQuerySet.as_manager()

    class Meta:
        verbose_name = "conformité d'un tutorat"
        verbose_name_plural = "conformité des tutorats"
        indexes = [models.Index(fields=["decision"], name="compliance_decision_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=Decision.values),
                name="compliance_decision_valid",
                violation_error_message="Réponse inconnue.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.supervision} : {self.get_decision_display()}"
