"""The public checker's form: a few plain questions, each of which may be left unanswered.

A field left empty is a fact nobody gave: it becomes None in the `Situation`, and the rules that need it answer
« À vérifier » (compagnon/rules/model.py). Yes/no questions are three-state (Oui / Non / Je ne sais pas): a checkbox
would turn « I don't know » into « no ». Only the contract's kind and start date are required, since every rule is
read from them. The query string's names are French and short, so that a shared link reads well.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms

from compagnon.core.templatetags.fr import format_date
from compagnon.rules.model import (
    ContractFacts,
    ContractKind,
    Diploma,
    Employer,
    EmployerKind,
    Situation,
    Supervisee,
    Supervisor,
    SupervisorRole,
    SupervisorStatus,
    Trainee,
)

UNKNOWN_LABEL = "Je ne sais pas"

CONTRACT_KINDS = [
    (ContractKind.APPRENTISSAGE.value, "Contrat d'apprentissage"),
    (ContractKind.PROFESSIONNALISATION.value, "Contrat de professionnalisation"),
    (ContractKind.PRO_A.value, "Pro-A : reconversion ou promotion par alternance (avenant signé avant 2026)"),
    (ContractKind.PERIODE_RECONVERSION.value, "Période de reconversion (depuis 2026)"),
]
EMPLOYER_KINDS = [
    ("", UNKNOWN_LABEL),
    (EmployerKind.ENTREPRISE.value, "Entreprise"),
    (EmployerKind.GROUPEMENT_EMPLOYEURS.value, "Groupement d'employeurs"),
    (EmployerKind.ETT.value, "Entreprise de travail temporaire (ETT, ETTI comprise)"),
    (EmployerKind.ASSOCIATION_INTERMEDIAIRE.value, "Association intermédiaire"),
    (EmployerKind.SIAE.value, "Autre structure d'insertion par l'activité économique (SIAE)"),
    (EmployerKind.PUBLIC.value, "Employeur public (collectivité, administration, hôpital…)"),
]
STATUSES = [
    ("", UNKNOWN_LABEL),
    (SupervisorStatus.EMPLOYEE.value, "Salarié de l'entreprise"),
    (SupervisorStatus.EMPLOYER.value, "L'employeur lui-même"),
    (SupervisorStatus.CONJOINT_COLLABORATEUR.value, "Conjoint collaborateur"),
]
# The national framework of certifications (D6113-19), with the diplomas people know them by.
LEVELS = [
    ("", UNKNOWN_LABEL),
    ("1", "1 — savoirs de base"),
    ("2", "2 — activités simples"),
    ("3", "3 — CAP, BEP"),
    ("4", "4 — baccalauréat, brevet professionnel"),
    ("5", "5 — bac + 2 : BTS, DUT"),
    ("6", "6 — bac + 3 : licence, BUT"),
    ("7", "7 — bac + 5 : master, diplôme d'ingénieur"),
    ("8", "8 — doctorat"),
]
YES_NO = [("oui", "Oui"), ("non", "Non"), ("", UNKNOWN_LABEL)]
DIPLOMA_ROWS = 3

# Dates outside this range are typing mistakes (a year of 0202, or 20266 cut short).
FIRST_DATE, LAST_DATE = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
MAX_MONTHS = 720  # 60 years of experience
MAX_SUPERVISEES = 50
MAX_EXEMPTION = 20
NSF = re.compile(r"^\d{3}[a-z]?$")
IDCC = re.compile(r"^\d{1,4}$")


def _yes_no(value: str) -> bool | None:
    return {"oui": True, "non": False}.get(value)


class YesNoField(forms.TypedChoiceField):
    """Oui / Non / Je ne sais pas, as True / False / None."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=YES_NO,
            coerce=_yes_no,
            empty_value=None,
            required=False,
            initial="",
            widget=forms.RadioSelect(attrs={"class": "choices-inline"}),
            error_messages={"invalid_choice": "Répondez Oui, Non ou Je ne sais pas."},
            **kwargs,
        )


class DayField(forms.DateField):
    """A date typed in the browser's date picker (AAAA-MM-JJ) or by hand (JJ/MM/AAAA), between 1900 and 2100."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    input_formats = ["%Y-%m-%d", "%d/%m/%Y"]

    def __init__(self, *, required: bool = False, **kwargs: Any) -> None:
        messages = {
            "invalid": "Cette date n'existe pas ou est mal écrite : écrivez-la JJ/MM/AAAA, par exemple 01/09/2026."
        }
        messages.update(kwargs.pop("error_messages", {}))
        super().__init__(required=required, error_messages=messages, **kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None and not FIRST_DATE <= value <= LAST_DATE:
            raise forms.ValidationError("Date hors des limites : l'année doit être comprise entre 1900 et 2100.")


class CountField(forms.IntegerField):
    """A whole number of months or of people, never negative."""

    def __init__(self, *, minimum: int = 0, maximum: int, **kwargs: Any) -> None:
        messages = {
            "invalid": "Écrivez un nombre entier, en chiffres (par exemple 24).",
            "min_value": "Ce nombre ne peut pas être négatif."
            if minimum == 0
            else f"Ce nombre doit valoir au moins {minimum}.",
            "max_value": "Ce nombre est trop grand : %(limit_value)s au plus.",
        }
        super().__init__(
            required=False,
            min_value=minimum,
            max_value=maximum,
            error_messages=messages,
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            **kwargs,
        )


class LevelField(forms.TypedChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=LEVELS,
            coerce=int,
            empty_value=None,
            required=False,
            error_messages={"invalid_choice": "Niveau inconnu : choisissez un niveau de 1 à 8, ou Je ne sais pas."},
            **kwargs,
        )


class NsfField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, strip=True, widget=forms.TextInput(attrs={"size": 6}), **kwargs)

    def clean(self, value: Any) -> str | None:
        text = super().clean(value).replace(" ", "").lower()
        if not text:
            return None
        if not NSF.match(text):
            raise forms.ValidationError(
                "Code NSF : 3 chiffres, suivis éventuellement d'une lettre (par exemple 221 ou 221t)."
            )
        return text


class CheckForm(forms.Form):
    # The contract
    contrat = forms.ChoiceField(
        label="Type de contrat",
        choices=[("", "Choisissez…"), *CONTRACT_KINDS],
        help_text="Obligatoire : les règles du maître d'apprentissage et celles du tuteur diffèrent.",
        error_messages={
            "required": "Choisissez le type de contrat : les règles du maître d'apprentissage et du tuteur diffèrent.",
            "invalid_choice": "Type de contrat inconnu : choisissez-le dans la liste.",
        },
    )
    debut = DayField(
        label="Date de début du contrat",
        required=True,
        help_text="Obligatoire : les âges et le nombre d'alternants suivis se comptent à cette date.",
        error_messages={"required": "Indiquez la date de début du contrat : les règles en dépendent."},
    )
    conclusion = DayField(
        label="Date de conclusion (signature) du contrat",
        help_text="Les réformes s'appliquent aux contrats conclus à partir d'une date ; sans elle, la date de début "
        "est retenue.",
    )
    fin = DayField(label="Date de fin du contrat")
    niveau = LevelField(label="Niveau de la certification préparée")
    nsf = NsfField(
        label="Spécialité de la certification (code NSF)",
        help_text="3 chiffres, par exemple 221 pour la boulangerie, la pâtisserie et la cuisine ; il figure sur la "
        "fiche RNCP de la certification. Laissez vide si vous ne le connaissez pas.",
    )
    # The employer
    employeur = forms.ChoiceField(
        label="Type d'employeur",
        choices=EMPLOYER_KINDS,
        required=False,
        error_messages={"invalid_choice": "Type d'employeur inconnu : choisissez-le dans la liste."},
    )
    effectif = CountField(label="Effectif de l'entreprise (nombre de salariés)", maximum=10_000_000)
    idcc = forms.CharField(
        label="Convention collective (IDCC)",
        required=False,
        strip=True,
        widget=forms.TextInput(attrs={"size": 6, "inputmode": "numeric"}),
        help_text="Le numéro à 4 chiffres de la convention collective, sur le bulletin de paie (par exemple 1501).",
    )
    # The master or tutor
    statut = forms.ChoiceField(
        label="Statut du maître d'apprentissage ou tuteur",
        choices=STATUSES,
        required=False,
        error_messages={"invalid_choice": "Statut inconnu : choisissez-le dans la liste."},
    )
    volontaire = YesNoField(label="Le maître ou tuteur est-il volontaire ?")
    moralite = YesNoField(
        label="L'employeur atteste-t-il que le maître offre toutes garanties de moralité ?",
        help_text="Maître d'apprentissage seulement.",
    )
    naissance = DayField(label="Date de naissance du maître ou tuteur")
    diplome = YesNoField(
        label="Le maître ou tuteur a-t-il un diplôme ou un titre professionnel ?",
        help_text="Si oui, indiquez-les ci-dessous (niveau et, si vous le connaissez, code NSF).",
    )
    # Up to three diplomas (DIPLOMA_ROWS), a level and a specialty each.
    diplome1_niveau = LevelField(label="Diplôme 1 : niveau")
    diplome1_nsf = NsfField(label="Diplôme 1 : code NSF")
    diplome2_niveau = LevelField(label="Diplôme 2 : niveau")
    diplome2_nsf = NsfField(label="Diplôme 2 : code NSF")
    diplome3_niveau = LevelField(label="Diplôme 3 : niveau")
    diplome3_nsf = NsfField(label="Diplôme 3 : code NSF")
    experience = CountField(
        label="Mois d'expérience professionnelle en rapport avec la qualification préparée",
        help_text="Depuis 2019, les stages et périodes de formation ne comptent pas.",
        maximum=MAX_MONTHS,
    )
    experience_ett = CountField(
        label="Mois d'expérience en entreprise de travail temporaire",
        help_text="Seulement pour un maître d'apprentissage d'une entreprise de travail temporaire.",
        maximum=MAX_MONTHS,
    )
    second_tuteur = YesNoField(
        label="Est-il le second tuteur désigné par le groupement d'employeurs, l'entreprise de travail temporaire ou "
        "l'association intermédiaire ?",
        help_text="Contrat de professionnalisation seulement.",
    )
    suivis = CountField(
        label="Nombre d'autres apprentis ou alternants que le maître ou tuteur suit actuellement",
        help_text="Sans compter ce contrat ; 0 s'il n'en suit aucun. Un tuteur compte les alternants de tous contrats.",
        maximum=MAX_SUPERVISEES,
    )
    suivis_prolonges = CountField(
        label="Dont apprentis en formation prolongée après un échec à l'examen",
        help_text="Apprentissage seulement : un apprenti de plus est permis dans ce cas.",
        maximum=MAX_SUPERVISEES,
    )
    derogation_plafond = CountField(
        label="Dérogation : nombre d'apprentis permis",
        help_text="Seulement si une dérogation individuelle au plafond de deux apprentis a été accordée.",
        minimum=1,
        maximum=MAX_EXEMPTION,
    )
    derogation_fin = DayField(label="Dérogation : date de fin")
    # The trainee
    alternant_naissance = DayField(label="Date de naissance de l'apprenti ou de l'alternant")
    public_prioritaire = YesNoField(
        label="L'alternant relève-t-il d'un public prioritaire ?",
        help_text="Jeune de 16 à 25 ans sans diplôme, demandeur d'emploi de longue durée, bénéficiaire du RSA, de "
        "l'ASS ou de l'AAH, ancien contrat unique d'insertion (L6325-1-1).",
    )

    # The groups of questions, in the order they are shown (the diploma rows come after `diplome`).
    SECTIONS = [
        ("Le contrat", ["contrat", "debut", "conclusion", "fin", "niveau", "nsf"]),
        ("L'employeur", ["employeur", "effectif", "idcc"]),
        ("Le maître d'apprentissage ou le tuteur", ["statut", "volontaire", "moralite", "naissance"]),
        ("Ses diplômes", ["diplome"]),
        ("Son expérience", ["experience", "experience_ett", "second_tuteur"]),
        ("Les alternants qu'il suit déjà", ["suivis", "suivis_prolonges", "derogation_plafond", "derogation_fin"]),
        ("L'apprenti ou l'alternant", ["alternant_naissance", "public_prioritaire"]),
    ]

    def diploma_rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        return [(row, self[f"diplome{row}_niveau"], self[f"diplome{row}_nsf"]) for row in range(1, DIPLOMA_ROWS + 1)]

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]

    def clean_idcc(self) -> str | None:
        value = self.cleaned_data["idcc"].replace(" ", "")
        if not value:
            return None
        if not IDCC.match(value):
            raise forms.ValidationError("Code IDCC : 1 à 4 chiffres, par exemple 1501.")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start = data.get("debut")
        end = data.get("fin")
        if start and end and end < start:
            self.add_error("fin", f"La fin du contrat ({format_date(end)}) précède son début ({format_date(start)}).")
        for name, who in (("naissance", "Le maître ou tuteur"), ("alternant_naissance", "L'alternant")):
            born = data.get(name)
            if start and born and born >= start:
                self.add_error(name, f"{who} serait né après le début du contrat ({format_date(start)}).")
        if data.get("diplome") is False and self._diplomas_given():
            self.add_error(
                "diplome", "Vous avez répondu Non, mais indiqué un diplôme ci-dessous : corrigez l'un des deux."
            )
        followed, extended = data.get("suivis"), data.get("suivis_prolonges")
        if extended is not None:
            if followed is None and "suivis" not in self.errors:
                self.add_error("suivis_prolonges", "Indiquez d'abord le nombre d'apprentis ou d'alternants suivis.")
            elif followed is not None and extended > followed:
                self.add_error(
                    "suivis_prolonges", f"Ce nombre ne peut pas dépasser celui des apprentis suivis ({followed})."
                )
        return data

    def _diplomas_given(self) -> list[Diploma]:
        diplomas = []
        for row in range(1, DIPLOMA_ROWS + 1):
            level = self.cleaned_data.get(f"diplome{row}_niveau")
            nsf = self.cleaned_data.get(f"diplome{row}_nsf")
            if level is not None or nsf is not None:
                diplomas.append(Diploma(level=level, nsf=nsf))
        return diplomas

    def situation(self) -> Situation:
        """The facts given, as the rules engine reads them (call after is_valid())."""
        data = self.cleaned_data
        kind = ContractKind(data["contrat"])
        apprenticeship = kind is ContractKind.APPRENTISSAGE
        return Situation(
            contract=ContractFacts(
                kind=kind,
                start_date=data["debut"],
                end_date=data["fin"],
                signature_date=data["conclusion"],
                certification_level=data["niveau"],
                certification_nsf=data["nsf"],
            ),
            employer=Employer(
                kind=EmployerKind(data["employeur"]) if data["employeur"] else None,
                headcount=data["effectif"],
                idcc=data["idcc"],
            ),
            # The role follows the contract: a master for an apprenticeship, a tutor otherwise.
            supervisor=Supervisor(
                role=SupervisorRole.MASTER if apprenticeship else SupervisorRole.TUTOR,
                status=SupervisorStatus(data["statut"]) if data["statut"] else None,
                volunteer=data["volontaire"],
                good_character_attested=data["moralite"],
                birth_date=data["naissance"],
                diplomas=self._diplomas(),
                relevant_experience_months=data["experience"],
                ett_experience_months=data["experience_ett"],
                second_tutor=data["second_tuteur"],
                capacity_exemption_limit=data["derogation_plafond"],
                capacity_exemption_until=data["derogation_fin"],
                current_supervisees=self._supervisees(kind),
            ),
            trainee=Trainee(birth_date=data["alternant_naissance"], priority_public=data["public_prioritaire"]),
        )

    def _diplomas(self) -> tuple[Diploma, ...] | None:
        given = self._diplomas_given()
        if given:
            return tuple(given)
        has_one = self.cleaned_data["diplome"]
        if has_one is None:
            return None
        # « Oui » without any detail: a diploma whose level nobody gave (the diploma route answers « À vérifier »).
        return (Diploma(),) if has_one else ()

    def _supervisees(self, kind: ContractKind) -> tuple[Supervisee, ...] | None:
        followed = self.cleaned_data["suivis"]
        if followed is None:
            return None
        extended = self.cleaned_data["suivis_prolonges"]
        # A master counts apprentices (R6223-6); a tutor counts trainees of every kind (D6325-9), so the kind given
        # to the others only needs to be one that counts.
        return tuple(
            Supervisee(kind=kind, extended_after_exam_failure=None if extended is None else index < extended)
            for index in range(followed)
        )

    def facts(self) -> list[tuple[str, str]]:
        """The answers given, as (question, answer) in the order of the form, a diploma on one line: the printed
        summary shows them (call after is_valid())."""
        shown = []
        for _title, names in self.SECTIONS:
            for name in names:
                value = self.cleaned_data.get(name)
                if value is not None and value != "":
                    shown.append((str(self.fields[name].label), self._shown(name, value)))
                if name == "diplome":
                    for row in range(1, DIPLOMA_ROWS + 1):
                        level = self.cleaned_data.get(f"diplome{row}_niveau")
                        nsf = self.cleaned_data.get(f"diplome{row}_nsf")
                        parts = [] if level is None else [f"niveau {self._shown(f'diplome{row}_niveau', level)}"]
                        parts += [] if nsf is None else [f"NSF {nsf}"]
                        if parts:
                            shown.append((f"Diplôme {row}", ", ".join(parts)))
        return shown

    def _shown(self, name: str, value: Any) -> str:
        field = self.fields[name]
        if isinstance(value, bool):
            return "Oui" if value else "Non"
        if isinstance(value, dt.date):
            return format_date(value)
        if isinstance(field, forms.ChoiceField):
            return str(dict(field.choices).get(str(value), value))  # type: ignore[arg-type]
        return str(value)
