from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from compagnon.organisations.models import TrainingCentre
from compagnon.www.lists import ListFilterForm, choice_error


class CentreFilterForm(ListFilterForm):
    SORTS = {
        "nom": ("Nom", ("search_name", "id")),
        "uai": ("Code UAI", ("uai",)),
    }
    search_label = "Nom ou code UAI"

    zone = forms.ChoiceField(label="Zone d'emploi", required=False, error_messages=choice_error("Zone d'emploi"))

    field_order = ["q", "zone", "tri"]

    def __init__(self, *args: Any, areas: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["zone"].choices = [("", "Toutes")] + areas

    def filter(self, centres: QuerySet[TrainingCentre]) -> QuerySet[TrainingCentre]:
        if area := self.cleaned("zone"):
            centres = centres.filter(employment_area_id=area)
        if text := self.cleaned("q"):
            centres = centres.search(text)  # type: ignore[attr-defined]
        return centres
