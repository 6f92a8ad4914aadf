from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import QuerySet

from compagnon.organisations.models import Company
from compagnon.www.lists import ListFilterForm, choice_error

# The start of a NAF code (rév. 2): "56", "56.1", "56.10", "56.10A"; the dot may be left out.
_NAF_PREFIX = re.compile(r"^(\d{2})(?:\.?(\d{1,2})([A-Z])?)?$")


class CompanyFilterForm(ListFilterForm):
    SORTS = {
        "nom": ("Nom", ("search_name", "id")),
        "siret": ("SIRET", ("siret",)),
        "recent": ("Dernières entreprises enregistrées", ("-id",)),
    }
    search_label = "Nom ou SIRET"

    zone = forms.ChoiceField(label="Zone d'emploi", required=False, error_messages=choice_error("Zone d'emploi"))
    type = forms.ChoiceField(label="Type d'employeur", required=False, error_messages=choice_error("Type d'employeur"))
    naf = forms.CharField(
        label="Code NAF (début)",
        required=False,
        max_length=6,
        error_messages={"max_length": "Code NAF trop long : 6 caractères au plus, par exemple 56.10A."},
    )

    field_order = ["q", "zone", "type", "naf", "tri"]

    def __init__(self, *args: Any, areas: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["zone"].choices = [("", "Toutes")] + areas
        self.fields["type"].choices = [("", "Tous")] + list(Company.Kind.choices)

    def clean_naf(self) -> str:
        value = self.cleaned_data["naf"].strip().upper().replace(" ", "")
        if not value:
            return ""
        match = _NAF_PREFIX.match(value)
        if match is None or (match.group(3) and len(match.group(2) or "") < 2):
            raise forms.ValidationError("Code NAF invalide : saisissez son début, par exemple 56, 56.10 ou 56.10A.")
        division, group, letter = match.groups()
        return division + (f".{group}" if group else "") + (letter or "")

    def filter(self, companies: QuerySet[Company]) -> QuerySet[Company]:
        if area := self.cleaned("zone"):
            companies = companies.filter(employment_area_id=area)
        if kind := self.cleaned("type"):
            companies = companies.filter(kind=kind)
        if naf := self.cleaned("naf"):
            companies = companies.naf_starts_with(naf)  # type: ignore[attr-defined]
        if text := self.cleaned("q"):
            companies = companies.search(text)  # type: ignore[attr-defined]
        return companies
