from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import F, QuerySet

from compagnon.contracts.enums import SupervisionNovelty
from compagnon.contracts.models import Supervision
from compagnon.intake.tasks import UPLOAD_SUFFIXES
from compagnon.www.lists import ListFilterForm, choice_error, compliance_field, date_field

# A region's yearly file is a few tens of megabytes; past this, the command line is the better road (docs/import.md).
MAX_UPLOAD_MB = 200
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Fichier de contrats",
        help_text=f"CSV (séparateur ; ou ,) ou Excel .xlsx, un contrat par ligne, {MAX_UPLOAD_MB} Mo au plus.",
        error_messages={
            "required": "Choisissez le fichier de contrats à importer.",
            "empty": "Le fichier est vide : choisissez un fichier qui contient des contrats.",
            "invalid": "Le fichier n'a pas pu être reçu : choisissez-le de nouveau.",
            "missing": "Le fichier n'a pas pu être reçu : choisissez-le de nouveau.",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(UPLOAD_SUFFIXES)}),
    )
    source = forms.CharField(
        label="Source",
        max_length=100,
        help_text=(
            "Qui a produit le fichier (le numéro UAI d'un CFA, le nom d'un OPCO). Avec le numéro du contrat, c'est "
            "l'identité de chaque ligne : réimporter un fichier corrigé sous la même source met à jour les contrats "
            "au lieu d'en créer d'autres."
        ),
        error_messages={
            "required": "Indiquez la source du fichier (par exemple le numéro UAI du CFA).",
            "max_length": "La source est trop longue : 100 caractères au plus.",
        },
    )
    partial = forms.BooleanField(
        label="Importer les lignes valides et signaler les autres",
        required=False,
        help_text="Sans cette case, un fichier qui contient une seule ligne en erreur n'écrit rien.",
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        name = upload.name or ""
        if Path(name).suffix.lower() not in UPLOAD_SUFFIXES:
            raise forms.ValidationError(
                "Format non accepté : déposez un fichier .csv ou .xlsx (un fichier .xls ou .ods s'enregistre en "
                ".xlsx depuis le tableur)."
            )
        if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
            size = upload.size / (1024 * 1024)
            raise forms.ValidationError(
                f"Le fichier est trop volumineux ({size:.0f} Mo) : {MAX_UPLOAD_MB} Mo au plus. Découpez-le, ou "
                "faites-le importer en ligne de commande."
            )
        return upload

    def clean_source(self) -> str:
        source = " ".join(self.cleaned_data["source"].split())
        if not source:
            raise forms.ValidationError("Indiquez la source du fichier (par exemple le numéro UAI du CFA).")
        return source


NOVELTY_CHOICES = [
    ("", "Les deux"),
    (SupervisionNovelty.NEW.value, "Nouveaux"),
    (SupervisionNovelty.RETURNING.value, "De retour"),
]
# The scheme's audience (DESIGN §2): masters supervising for the first time, or again after a long gap.
AUDIENCE = (SupervisionNovelty.NEW.value, SupervisionNovelty.RETURNING.value)


class NewMastersFilterForm(ListFilterForm):
    # One order only (the animators' working order): by area, then the latest contracts first.
    SORTS = {"zone": ("Zone d'emploi, puis début le plus récent", ())}
    search_label = "Nom du maître"

    zone = forms.ChoiceField(label="Zone d'emploi", required=False, error_messages=choice_error("Zone d'emploi"))
    debut_du = date_field("Début du contrat à partir du")
    debut_au = date_field("Début du contrat jusqu'au")
    nouveaute = forms.ChoiceField(
        label="Nouveauté", required=False, choices=NOVELTY_CHOICES, error_messages=choice_error("Nouveauté")
    )
    conformite = compliance_field()

    field_order = ["q", "zone", "debut_du", "debut_au", "nouveaute", "conformite"]

    def __init__(self, *args: Any, areas: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["zone"].choices = [("", "Toutes")] + areas  # type: ignore[attr-defined]
        # One sort: no choice to offer.
        del self.fields["tri"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("debut_du"), data.get("debut_au")
        if start and end and end < start:
            self.add_error("debut_au", "Cette date précède la date « Début du contrat à partir du ».")
        return data

    def filter(self, supervisions: QuerySet[Supervision]) -> QuerySet[Supervision]:
        novelty = self.cleaned("nouveaute")
        supervisions = supervisions.filter(novelty__in=[novelty] if novelty else AUDIENCE)
        if area := self.cleaned("zone"):
            supervisions = supervisions.filter(contract__employment_area_id=area)
        if start := self.cleaned("debut_du"):
            supervisions = supervisions.filter(contract__start_date__gte=start)
        if end := self.cleaned("debut_au"):
            supervisions = supervisions.filter(contract__start_date__lte=end)
        if compliance := self.cleaned("conformite"):
            supervisions = supervisions.filter(compliance__decision=compliance)
        if text := self.cleaned("q"):
            from compagnon.people.models import Person

            supervisions = supervisions.filter(person__in=Person.objects.search(text).values("pk"))
        return supervisions

    @property
    def order_by(self) -> tuple[Any, ...]:
        return (F("contract__employment_area__name").asc(nulls_last=True), "-contract__start_date", "-id")
