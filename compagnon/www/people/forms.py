from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet

from compagnon.accounts.scope import Scope
from compagnon.contracts.models import Supervision
from compagnon.people.models import Person
from compagnon.www.lists import ListFilterForm, choice_error, compliance_field

SUPERVISORS = "maitre"
APPRENTICES = "alternant"


class PersonFilterForm(ListFilterForm):
    SORTS = {
        "nom": ("Nom", ("search_name", "id")),
        "recent": ("Dernières personnes enregistrées", ("-id",)),
    }
    search_label = "Nom"

    role = forms.ChoiceField(
        label="Rôle",
        required=False,
        choices=[
            ("", "Tous"),
            (SUPERVISORS, "Maîtres d'apprentissage et tuteurs"),
            (APPRENTICES, "Alternants"),
        ],
        error_messages=choice_error("Rôle"),
    )
    zone = forms.ChoiceField(label="Zone d'emploi", required=False, error_messages=choice_error("Zone d'emploi"))
    conformite = compliance_field()

    field_order = ["q", "role", "zone", "conformite", "tri"]

    def __init__(self, *args: Any, areas: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["zone"].choices = [("", "Toutes")] + areas

    def filter(self, people: QuerySet[Person], *, scope: Scope) -> QuerySet[Person]:
        """The people the account sees, narrowed to a role and an area through the contracts it sees."""
        role, area, compliance = self.cleaned("role"), self.cleaned("zone"), self.cleaned("conformite")
        people = scope.filter_people(
            people,
            apprentices=role != SUPERVISORS and not compliance,
            supervisors=role != APPRENTICES or bool(compliance),
            area=area or None,
        )
        if compliance:
            people = people.filter(_supervisor_compliance(compliance, scope))
        if text := self.cleaned("q"):
            people = people.search(text)  # type: ignore[attr-defined]
        return people


def _supervisor_compliance(decision: str, scope: Scope) -> Q:
    """Masters and tutors by the compliance of their own supervisions on the contracts the account sees: « non
    conforme » when one is, « à vérifier » when one is and none is non-compliant, « conforme » when all are."""
    from compagnon.compliance.models import Decision

    def having(*decisions: str) -> Exists:
        supervisions = Supervision.objects.filter(person_id=OuterRef("pk"), compliance__decision__in=decisions)
        contract_q = scope.contract_q("contract__")
        return Exists(supervisions if contract_q is None else supervisions.filter(contract_q))

    if decision == Decision.KO:
        return Q(having(Decision.KO))
    if decision == Decision.UNKNOWN:
        return Q(having(Decision.UNKNOWN)) & ~Q(having(Decision.KO))
    return Q(having(Decision.OK)) & ~Q(having(Decision.KO, Decision.UNKNOWN))
