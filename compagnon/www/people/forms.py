from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from compagnon.accounts.scope import Scope
from compagnon.people.models import Person
from compagnon.www.lists import ListFilterForm, choice_error

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

    field_order = ["q", "role", "zone", "tri"]

    def __init__(self, *args: Any, areas: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["zone"].choices = [("", "Toutes")] + areas

    def filter(self, people: QuerySet[Person], *, scope: Scope) -> QuerySet[Person]:
        """The people the account sees, narrowed to a role and an area through the contracts it sees."""
        role, area = self.cleaned("role"), self.cleaned("zone")
        people = scope.filter_people(
            people,
            apprentices=role != SUPERVISORS,
            supervisors=role != APPRENTICES,
            area=area or None,
        )
        if text := self.cleaned("q"):
            people = people.search(text)  # type: ignore[attr-defined]
        return people
