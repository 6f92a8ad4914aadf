"""Entering one contract by hand (with its masters): the form's fields are the import's columns, and a submitted
contract goes through the import's own pipeline (compagnon.intake.services.import_batch), so a contract typed in is
checked, identified and stored exactly as a contract read from a file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from compagnon.contracts.models import Contract
from compagnon.intake.columns import BY_NAME
from compagnon.intake.models import ImportRun
from compagnon.intake.permits import ImportPermit
from compagnon.intake.prefill import contract_cells
from compagnon.intake.services import import_batch
from compagnon.www.intake.views import import_required

# Contracts typed in are one source: with the contract number, the identity of the contract (entering the same number
# again updates it).
ENTRY_SOURCE = "saisie"

KINDS = [
    ("apprentissage", "Contrat d'apprentissage"),
    ("professionnalisation", "Contrat de professionnalisation"),
    ("pro_a", "Pro-A (reconversion ou promotion par alternance)"),
    ("periode_reconversion", "Période de reconversion"),
]
EMPLOYER_KINDS = [
    ("", "Non précisé"),
    ("entreprise", "Entreprise"),
    ("groupement_employeurs", "Groupement d'employeurs"),
    ("ett", "Entreprise de travail temporaire"),
    ("association_intermediaire", "Association intermédiaire"),
    ("siae", "Structure d'insertion par l'activité économique"),
    ("public", "Employeur public"),
]
SEXES = [("", "Non précisé"), ("F", "Femme"), ("M", "Homme")]
INITIATIVES = [
    ("", "Non précisée"),
    ("employeur", "Employeur"),
    ("apprenti", "Apprenti"),
    ("commun_accord", "Commun accord"),
    ("cfa", "CFA"),
    ("autre", "Autre"),
]
DATE_COLUMNS = {"date_conclusion", "date_debut", "date_fin", "date_rupture", "apprenti_date_naissance"}
DATE_COLUMNS |= {f"maitre{n}_date_naissance" for n in (1, 2)}
CHOICES = {
    "type_contrat": KINDS,
    "employeur_type": EMPLOYER_KINDS,
    "apprenti_sexe": SEXES,
    "initiative_rupture": INITIATIVES,
}
MASTER_FIELDS = ("nom", "prenom", "date_naissance", "courriel", "emploi", "diplome", "niveau_diplome", "nsf_diplome",
                 "experience_mois")  # fmt: skip
SECTIONS: list[tuple[str, list[str]]] = [
    (
        "Le contrat",
        ["numero_contrat", "type_contrat", "date_conclusion", "date_debut", "date_fin", "lieu_execution_code_commune"],
    ),
    ("La rupture, s'il y en a eu une", ["date_rupture", "cause_rupture", "initiative_rupture"]),
    (
        "L'employeur",
        [
            "employeur_siret",
            "employeur_denomination",
            "employeur_code_commune",
            "employeur_code_postal",
            "employeur_commune",
            "employeur_naf",
            "employeur_idcc",
            "employeur_effectif",
            "employeur_type",
        ],
    ),  # fmt: skip
    (
        "L'alternant",
        [
            "apprenti_nom",
            "apprenti_prenom",
            "apprenti_date_naissance",
            "apprenti_sexe",
            "apprenti_courriel",
            "apprenti_situation_avant_contrat",
            "apprenti_dernier_diplome_niveau",
        ],
    ),  # fmt: skip
    (
        "La formation",
        [
            "formation_rncp",
            "formation_intitule",
            "formation_niveau",
            "formation_nsf",
            "cfa_uai",
            "cfa_siret",
            "cfa_denomination",
        ],
    ),  # fmt: skip
    ("Maître d'apprentissage ou tuteur n° 1", [f"maitre1_{f}" for f in MASTER_FIELDS]),
    ("Maître d'apprentissage ou tuteur n° 2 (facultatif)", [f"maitre2_{f}" for f in MASTER_FIELDS]),
]
HELP = {
    "numero_contrat": "Le numéro du contrat (DECA, ou celui de votre logiciel) : saisir de nouveau le même numéro "
    "met à jour le contrat.",
    "employeur_code_commune": "Code INSEE de la commune ; à défaut, le code postal et la commune ci-dessous.",
    "lieu_execution_code_commune": "Code INSEE du lieu de travail s'il diffère de l'adresse de l'employeur.",
    "cfa_uai": "Laissé vide par un CFA : son propre numéro UAI.",
}


class ContractEntryForm(forms.Form):
    """One field per column of the contract file; the import's cleaners check the values (one set of rules)."""

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for _, names in SECTIONS:
            for name in names:
                column = BY_NAME[name]
                label = column.label[:1].upper() + column.label[1:]
                common = {"label": label, "required": False, "help_text": HELP.get(name, "")}
                if name in CHOICES:
                    self.fields[name] = forms.ChoiceField(choices=CHOICES[name], **common)
                elif name in DATE_COLUMNS:
                    self.fields[name] = forms.CharField(
                        widget=forms.DateInput(attrs={"type": "date"}), max_length=10, **common
                    )
                else:
                    self.fields[name] = forms.CharField(max_length=300, **common)
                if column.required:
                    self.fields[name].widget.attrs["aria-required"] = "true"
                    self.fields[name].label = f"{label} (obligatoire)"

        if editing:
            # The number is the contract's identity: corrected here, it would make another contract.
            number = self.fields["numero_contrat"]
            number.disabled = True
            number.help_text = "Le numéro est l'identité du contrat : il ne se corrige pas ici."

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(title, [self[name] for name in names]) for title, names in SECTIONS]

    def item(self) -> dict[str, str]:
        # Every column, empty ones included: a required one left empty is then reported on its field.
        return dict(self.cleaned_data)


@import_required
def contract_entry(request: HttpRequest, *, permit: ImportPermit) -> HttpResponse:
    """A new contract, or (?contrat=<id>) a contract of the account's scope to correct: the form then starts from
    what is stored, and the contract keeps its source and number (its identity), so that saving updates it."""
    editing = _editable(
        request, request.POST.get("contrat") if request.method == "POST" else request.GET.get("contrat")
    )
    if editing is not None and not editing.source_id:
        messages.error(
            request,
            "Ce contrat n'a pas de numéro d'origine : il ne peut pas être corrigé par ce formulaire "
            "(importez-le de nouveau avec son numéro).",
        )
        return redirect("contracts:detail", editing.pk)
    initial = (
        contract_cells(editing)
        if editing is not None
        else {"type_contrat": "apprentissage", "cfa_uai": permit.default_centre() or ""}
    )
    if request.method == "POST":
        form = ContractEntryForm(request.POST, initial=initial, editing=editing is not None)
        if form.is_valid():
            answer = import_batch(
                items=[form.item()],
                source=editing.source_name if editing is not None else ENTRY_SOURCE,
                actor=request.user,
                permit=permit,
                channel=ImportRun.Channel.FORM,
            )
            (item,) = answer.items
            if answer.run.status == ImportRun.Status.DONE and item["id"] is not None:
                verb = {"created": "enregistré", "updated": "mis à jour"}.get(item["status"], "déjà à jour")
                messages.success(request, f"Contrat {verb}.")
                return redirect("contracts:detail", item["id"])
            for notice in answer.notices:
                form.add_error(None, notice)
            for error in item["errors"]:
                field = error["field"] if error["field"] in form.fields else None
                form.add_error(field, error["message"])
            if not form.errors:
                form.add_error(None, answer.run.message or "Le contrat n'a pas pu être enregistré.")
    else:
        form = ContractEntryForm(initial=initial, editing=editing is not None)
    return render(request, "intake/entry.html", {"form": form, "editing": editing})


def _editable(request: HttpRequest, value: str | None) -> Contract | None:
    """The contract of the account's scope named by `value`; 404 for any other (one it may not see included)."""
    if value is None:
        return None
    try:
        pk = int(value)
    except ValueError:
        raise Http404("Contrat introuvable.") from None
    contracts = request.scope.filter_contracts(Contract.objects.all())  # type: ignore[attr-defined]
    return get_object_or_404(
        contracts.select_related("company", "apprentice__apprentice_profile", "certification", "training_centre"),
        pk=pk,
    )
