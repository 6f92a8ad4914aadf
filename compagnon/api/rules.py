"""POST /rules/evaluate: the rules engine's decisions for one situation or a list of them; public, the law is for all.

The body is read here, not by a ninja schema, so that the API and `manage.py rules evaluate` read and answer through
the same functions (compagnon.rules.jsonio) and give the same JSON. The schemas below only document it.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Field, Router, Schema
from pydantic import ConfigDict

from compagnon.api.errors import json_error
from compagnon.api.schemas import ErrorOut
from compagnon.compliance.rule_data import current_rule_data
from compagnon.rules.engine import evaluate
from compagnon.rules.jsonio import SituationError, answer_document, decode_document, load_document, parse_items

router = Router(tags=["Règles"])

MAX_SITUATIONS = 1000

StatusOut = Literal["ok", "ko", "unknown"]
STATUS = "ok (condition remplie), ko (non remplie) ou unknown (un fait manque, ou une personne doit juger)."


class _Basis(Schema):
    legal_basis: str = Field(description="Article du Code du travail, par exemple « R6223-22 ».")
    legal_basis_version: str = Field(description="Date (AAAA-MM-JJ) de la version de l'article citée.")
    legal_basis_note: str | None = Field(
        None, description="Texte hors Code du travail qui fonde aussi la réponse ; absent s'il n'y en a pas."
    )


class CheckOut(_Basis):
    code: str = Field(description="Code de la condition vérifiée (liste dans docs/rules.md).")
    status: StatusOut = Field(description=STATUS)
    message: str = Field(description="Explication en français.")


class CapacityOut(_Basis):
    limit: int | None = Field(description="Nombre d'alternants suivis à la fois, au plus (null : inconnu).")
    extra_for_extended: int = Field(description="Place en plus pour un apprenti prolongé après un échec à l'examen.")
    current: int | None = Field(description="Alternants déjà suivis, hors ce contrat (null : inconnu).")
    status: StatusOut = Field(description=STATUS)
    message: str


class TrainingFundingOut(_Basis):
    eur_per_hour: int = Field(description="Plafond horaire, en euros.")
    max_hours: int = Field(description="Nombre d'heures au plus.")
    max_eur: int | None = Field(description="Plafond total, en euros (0 : ne s'applique pas ; null : inconnu).")
    reason: str
    source: str = Field(description="« plafond légal », ou l'OPCO dont les montants s'appliquent.")


class FunctionFundingOut(_Basis):
    eur_per_month: int = Field(description="Plafond mensuel, en euros.")
    months: int = Field(description="Nombre de mois au plus.")
    max_eur: int | None = Field(description="Plafond total, en euros (0 : ne s'applique pas ; null : inconnu).")
    reason: str
    source: str


class FundingOut(Schema):
    supervisor_training: TrainingFundingOut = Field(description="Formation du maître ou tuteur (D6332-92).")
    function: FunctionFundingOut = Field(description="Exercice de la fonction (D6332-93).")


class ProbationEndOut(_Basis):
    date: dt.date | None = Field(
        description="Dernier jour des 45 jours de formation pratique en entreprise (L6222-18)."
    )
    estimated: bool = Field(description="true : estimée sans calendrier d'alternance.")
    message: str


class WarningOut(_Basis):
    code: str
    message: str


class RightOut(_Basis):
    code: str
    status: StatusOut
    message: str
    amount_eur: int | None = Field(description="Montant, en euros, quand il est connu.")


class DecisionOut(Schema):
    decision: StatusOut = Field(description="ko si une condition est ko ; sinon unknown si l'une l'est ; sinon ok.")
    checks: list[CheckOut] = Field(description="Chaque condition vérifiée, avec son article.")
    capacity: CapacityOut
    funding: FundingOut
    probation_end: ProbationEndOut | None = Field(description="null quand la règle ne s'applique pas.")
    warnings: list[WarningOut] = Field(description="Faits à connaître, qui ne changent pas la décision.")
    rights: list[RightOut] = Field(description="Droits que le maître ou l'alternant ignorent peut-être.")


class SituationErrorOut(Schema):
    error: str = Field(description="Ce qui ne va pas, en français.")
    path: str = Field(description="Chemin du champ en cause, par exemple « contract.start_date » ; vide : tout.")


# What the body holds, for the documentation (the body itself is read by compagnon.rules.jsonio).
EXAMPLE: dict[str, Any] = {
    "contract": {
        "kind": "apprentissage",
        "signature_date": None,
        "start_date": "2026-09-01",
        "end_date": "2028-08-31",
        "certification_level": 4,
        "certification_nsf": "221",
        "extended_after_exam_failure": False,
    },
    "employer": {"kind": "entreprise", "headcount": 12, "idcc": "1501", "opco": None},
    "supervisor": {
        "role": "master",
        "status": "employee",
        "volunteer": True,
        "good_character_attested": True,
        "birth_date": "1985-03-14",
        "diplomas": [{"level": 5, "nsf": "221"}],
        "relevant_experience_months": 30,
        "ett_experience_months": None,
        "second_tutor": False,
        "capacity_exemption_limit": None,
        "capacity_exemption_until": None,
        "current_supervisees": [{"kind": "apprentissage", "extended_after_exam_failure": False}],
    },
    "trainee": {"birth_date": "2008-02-01", "priority_public": False},
}

ContractKindIn = Literal["apprentissage", "professionnalisation", "pro_a", "periode_reconversion"]
NSF = r"^\d{3}[A-Za-z]?$"


class _In(Schema):
    # A field the engine does not know is refused, never read as an unknown fact.
    model_config = ConfigDict(extra="forbid")


class PeriodIn(_In):
    start: dt.date = Field(description="Premier jour.")
    end: dt.date = Field(description="Dernier jour, inclus.")


class ContractIn(_In):
    kind: ContractKindIn = Field(description="Type de contrat.")
    signature_date: dt.date | None = Field(None, description="Date de conclusion (les réformes s'y appliquent).")
    start_date: dt.date = Field(description="Date de début.")
    end_date: dt.date | None = Field(None, description="Date de fin.")
    certification_level: int | None = Field(None, ge=1, le=8, description="Niveau de la certification préparée.")
    certification_nsf: str | None = Field(
        None, pattern=NSF, description="Domaine (code NSF) : 3 chiffres et une lettre éventuelle."
    )
    extended_after_exam_failure: bool | None = Field(False, description="Prolongé après un échec à l'examen.")
    cfa_periods: list[PeriodIn] | None = Field(None, description="Périodes au CFA (calendrier d'alternance).")
    sick_leaves: list[PeriodIn] | None = Field(None, description="Arrêts maladie.")


class EmployerIn(_In):
    kind: (
        Literal["entreprise", "groupement_employeurs", "ett", "association_intermediaire", "siae", "public"] | None
    ) = Field(None, description="Type d'employeur.")
    headcount: int | None = Field(None, ge=0, description="Effectif.")
    idcc: str | None = Field(
        None, pattern=r"^\d{1,4}$", description="Convention collective : code IDCC de 1 à 4 chiffres, en texte."
    )
    opco: str | None = Field(None, description="OPCO.")


class DiplomaIn(_In):
    level: int | None = Field(None, ge=1, le=8, description="Niveau (1 à 8).")
    nsf: str | None = Field(None, pattern=NSF, description="Domaine (code NSF).")


class SuperviseeIn(_In):
    kind: ContractKindIn | None = None
    extended_after_exam_failure: bool | None = False


class SupervisorIn(_In):
    role: Literal["master", "tutor"] = Field(description="Maître d'apprentissage ou tuteur.")
    status: Literal["employee", "employer", "conjoint_collaborateur"] | None = None
    volunteer: bool | None = None
    good_character_attested: bool | None = Field(None, description="Moralité attestée par l'employeur.")
    birth_date: dt.date | None = Field(None, description="Date de naissance.")
    diplomas: list[DiplomaIn] | None = Field(None, description="Diplômes ; [] : aucun ; null : inconnus.")
    relevant_experience_months: int | None = Field(None, ge=0, description="Mois d'expérience en rapport.")
    ett_experience_months: int | None = Field(
        None, ge=0, description="Mois d'expérience en entreprise de travail temporaire."
    )
    second_tutor: bool | None = Field(False, description="Second tuteur (D6325-10).")
    capacity_exemption_limit: int | None = Field(None, ge=1, description="Dérogation au nombre d'apprentis (R6223-7).")
    capacity_exemption_until: dt.date | None = Field(None, description="Fin de la dérogation.")
    current_supervisees: list[SuperviseeIn] | None = Field(
        [], description="Autres alternants suivis au début du contrat, hors celui-ci ; null : inconnus."
    )
    master_activity_months: int | None = Field(
        None, ge=0, description="Mois d'activité de maître sur l'année civile écoulée et la précédente (CPF)."
    )


class TraineeIn(_In):
    birth_date: dt.date | None = Field(None, description="Date de naissance.")
    priority_public: bool | None = Field(None, description="Public prioritaire (L6325-1-1).")
    followed_by_referent: bool | None = Field(None, description="Suivi par un référent avant le contrat.")
    no_permanent_job_in_3_years: bool | None = Field(None, description="Sans CDI à temps plein depuis 3 ans.")


class SituationIn(_In):
    contract: ContractIn
    employer: EmployerIn | None = None
    supervisor: SupervisorIn
    trainee: TraineeIn | None = None


def _inline(schema: Any, definitions: dict[str, Any]) -> Any:
    """pydantic's JSON schema with its `$defs` references replaced by the definitions (OpenAPI resolves `$ref` from
    the document's root, where these definitions are not)."""
    if isinstance(schema, dict):
        if "$ref" in schema:
            return _inline(definitions[schema["$ref"].rsplit("/", 1)[1]], definitions)
        return {key: _inline(value, definitions) for key, value in schema.items() if key != "$defs"}
    if isinstance(schema, list):
        return [_inline(item, definitions) for item in schema]
    return schema


def _body_schema() -> dict[str, Any]:
    raw = SituationIn.model_json_schema()
    situation = _inline(raw, raw.get("$defs", {}))
    return {
        "oneOf": [
            situation,
            {"type": "array", "items": copy.deepcopy(situation), "maxItems": MAX_SITUATIONS},
        ]
    }


DESCRIPTION = f"""\
Évalue une situation d'encadrement (un contrat, son employeur, le maître d'apprentissage ou le tuteur, ses autres
alternants, l'alternant) ou une liste d'au plus {MAX_SITUATIONS} situations, et répond pour chacune : éligibilité du
maître ou du tuteur, nombre d'alternants, plafonds de financement, fin des 45 jours, droits et points d'attention,
chaque réponse avec son article du Code du travail.

**Public** : aucun jeton n'est nécessaire.

**Entrée** : un objet (une situation) ou une liste d'objets. Dates au format AAAA-MM-JJ ; un champ absent ou `null`
est un fait inconnu, et la réponse qui en dépend vaut `unknown` au lieu de deviner ; un champ inconnu est refusé.

**Réponse** : une décision pour un objet, une liste de décisions dans le même ordre pour une liste ; c'est aussi ce
qu'écrit `python manage.py rules evaluate FICHIER.json`. Une situation illisible donne, à sa place,
`{{"error": "<message en français>", "path": "<champ>"}}`, et la réponse est alors 422.

Règles, codes et exemples : docs/rules.md.
"""


@router.post(
    "/rules/evaluate",
    auth=None,
    response={
        200: DecisionOut | list[DecisionOut],
        400: ErrorOut,
        413: ErrorOut,
        422: SituationErrorOut | list[DecisionOut | SituationErrorOut],
    },
    summary="Évaluer une situation d'encadrement",
    description=DESCRIPTION,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _body_schema(), "example": EXAMPLE}},
        }
    },
)
def evaluate_rules(request: HttpRequest) -> HttpResponse:
    try:
        body = request.body
    except RequestDataTooBig:
        megabytes = f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024:.1f}".replace(".", ",")
        return json_error(
            413, f"Requête trop volumineuse ({megabytes} Mo au plus) : envoyez moins de situations à la fois."
        )
    try:
        document = load_document(decode_document(body))
    except SituationError as error:
        return json_error(400, error.message[:1].upper() + error.message[1:])
    if isinstance(document, list) and len(document) > MAX_SITUATIONS:
        return json_error(
            413,
            f"Trop de situations : {len(document)} envoyées, {MAX_SITUATIONS} au plus par requête ; découpez la liste.",
        )
    items, is_list = parse_items(document)
    data = current_rule_data()
    answer, errors = answer_document(items, is_list, lambda situation: evaluate(situation, data))
    return JsonResponse(answer, status=422 if errors else 200, safe=False, json_dumps_params={"ensure_ascii": False})
