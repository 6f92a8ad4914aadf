from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet

from compagnon.contracts.enums import ContractKind, ContractStatus
from compagnon.contracts.models import Contract
from compagnon.www.lists import ListFilterForm, choice_error, compliance_field, date_field

LEVELS = [
    (3, "Niveau 3 (CAP, BEP)"),
    (4, "Niveau 4 (baccalauréat, BP)"),
    (5, "Niveau 5 (BTS, DUT)"),
    (6, "Niveau 6 (licence, BUT)"),
    (7, "Niveau 7 (master, ingénieur)"),
    (8, "Niveau 8 (doctorat)"),
    (1, "Niveau 1"),
    (2, "Niveau 2"),
]


def compliance_q(decision: str) -> Q:
    """Contracts by the compliance of their supervisions: « non conforme »
    when one is, « à vérifier » when one is and none is non-compliant, « conforme » when all stored answers are."""
    from compagnon.compliance.models import Decision, SupervisionCompliance

    def having(*decisions: str) -> Exists:
        return Exists(
            SupervisionCompliance.objects.filter(supervision__contract_id=OuterRef("pk"), decision__in=decisions)
        )

    if decision == Decision.KO:
        return Q(having(Decision.KO))
    if decision == Decision.UNKNOWN:
        return Q(having(Decision.UNKNOWN)) & ~Q(having(Decision.KO))
    return Q(having(Decision.OK)) & ~Q(having(Decision.KO, Decision.UNKNOWN))


class ContractFilterForm(ListFilterForm):
    SORTS = {
        "recent": ("Début, du plus récent", ("-start_date", "-id")),
        "ancien": ("Début, du plus ancien", ("start_date", "id")),
        "fin": ("Fin prévue, de la plus proche", ("planned_end_date", "id")),
    }
    search_label = "Nom de l'alternant"

    type = forms.ChoiceField(label="Type de contrat", required=False, error_messages=choice_error("Type de contrat"))
    statut = forms.ChoiceField(label="Statut aujourd'hui", required=False, error_messages=choice_error("Statut"))
    zone = forms.ChoiceField(label="Zone d'emploi", required=False, error_messages=choice_error("Zone d'emploi"))
    cfa = forms.TypedChoiceField(
        label="CFA", required=False, coerce=int, empty_value=None, error_messages=choice_error("CFA")
    )
    niveau = forms.TypedChoiceField(
        label="Niveau de la certification",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages=choice_error("Niveau"),
    )
    debut_du = date_field("Début à partir du")
    debut_au = date_field("Début jusqu'au")
    conformite = compliance_field()

    field_order = ["q", "type", "statut", "zone", "cfa", "niveau", "debut_du", "debut_au", "conformite", "tri"]

    def __init__(self, *args: Any, areas: list[tuple[str, str]], centres: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", "Tous")]
        self.fields["type"].choices = everything + list(ContractKind.choices)
        self.fields["statut"].choices = everything + list(ContractStatus.choices)
        self.fields["zone"].choices = [("", "Toutes")] + areas
        self.fields["cfa"].choices = everything + centres
        self.fields["niveau"].choices = everything + LEVELS

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("debut_du"), data.get("debut_au")
        if start and end and end < start:
            self.add_error("debut_au", "Cette date précède la date « Début à partir du ».")
        return data

    def filter(self, contracts: QuerySet[Contract], *, today: dt.date) -> QuerySet[Contract]:
        if kind := self.cleaned("type"):
            contracts = contracts.filter(kind=kind)
        if status := self.cleaned("statut"):
            contracts = contracts.with_status(status, on=today)  # type: ignore[attr-defined]
        if area := self.cleaned("zone"):
            contracts = contracts.filter(employment_area_id=area)
        if centre := self.cleaned("cfa"):
            contracts = contracts.filter(training_centre_id=centre)
        if level := self.cleaned("niveau"):
            contracts = contracts.filter(certification__level=level)
        if start := self.cleaned("debut_du"):
            contracts = contracts.filter(start_date__gte=start)
        if end := self.cleaned("debut_au"):
            contracts = contracts.filter(start_date__lte=end)
        if compliance := self.cleaned("conformite"):
            contracts = contracts.filter(compliance_q(compliance))
        if text := self.cleaned("q"):
            from compagnon.people.models import Person

            contracts = contracts.filter(apprentice__in=Person.objects.search(text).values("pk"))
        return contracts
