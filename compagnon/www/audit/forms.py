from __future__ import annotations

from typing import Any

from django import forms

from compagnon.core.models import AuditEntry

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
MAX_PAGE = 10_000
DATE_ERROR = "Date invalide : saisissez une date comme 22/11/2026."


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": DATE_ERROR},
    )


class AuditFilterForm(forms.Form):
    """Filters of the journal. Bad values are reported next to their field and ignored, never a 500."""

    action = forms.ChoiceField(
        label="Action",
        required=False,
        choices=[("", "Toutes les actions"), *AuditEntry.Action.choices],
        error_messages={"invalid_choice": "Action inconnue : choisissez une action dans la liste."},
    )
    auteur = forms.CharField(
        label="Auteur",
        required=False,
        max_length=150,
        help_text="Identifiant du compte, ou « système ».",
        error_messages={"max_length": "L'auteur recherché est trop long : 150 caractères au plus."},
    )
    du = _date_field("Du")
    au = _date_field("Au")
    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": "Le numéro de page doit être un nombre entier.",
            "min_value": "Le numéro de page doit être supérieur ou égal à 1.",
            "max_value": "Ce numéro de page est trop grand.",
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("du"), data.get("au")
        if start and end and end < start:
            self.add_error("au", "La date de fin précède la date de début.")
        return data

    def value(self, name: str) -> Any:
        """The cleaned value of a field, or None when it is empty or was refused."""
        value = getattr(self, "cleaned_data", {}).get(name)
        return None if value in (None, "") else value
