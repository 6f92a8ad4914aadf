"""GET /supervisions: the masters and tutors of the contracts in scope; ?new=true for the scheme's audience."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from compagnon.api.auth import scope_of
from compagnon.api.errors import DATE_HINT, FORMATS, ApiValidationError
from compagnon.api.pagination import PageOut, PageParams, paginate
from compagnon.api.schemas import ERRORS, AreaRef, CompanyRef, PersonRef, TrainingCentreRef
from compagnon.contracts.enums import ContractKind, SupervisionNovelty, SupervisionRole
from compagnon.contracts.models import Supervision

router = Router(tags=["Tutorats"])

AUDIENCE = (SupervisionNovelty.NEW, SupervisionNovelty.RETURNING)


class SupervisionFilters(Schema):
    new: bool | None = Field(
        None,
        description="Vrai : les nouveaux maîtres et les maîtres de retour (le public du dispositif) ; faux : les "
        "maîtres déjà en activité ; absent : tous.",
    )
    novelty: SupervisionNovelty | None = Field(None, description="Nouveauté exacte : new, returning ou continuing.")
    area: str | None = Field(
        None, pattern=r"^\d{4}$", description=f"Zone d'emploi du lieu de travail ({FORMATS['area']})."
    )
    start_from: dt.date | None = Field(None, description=f"Contrats commencés à partir de ce jour ({DATE_HINT}).")
    start_to: dt.date | None = Field(None, description=f"Contrats commencés jusqu'à ce jour inclus ({DATE_HINT}).")


class ContractBrief(Schema):
    id: int
    kind: ContractKind = Field(description="Type de contrat.")
    start_date: dt.date = Field(description="Date de début.")
    planned_end_date: dt.date = Field(description="Date de fin prévue.")
    rupture_date: dt.date | None = Field(description="Date de rupture, s'il y a eu rupture.")
    company: CompanyRef = Field(description="Employeur.")
    training_centre: TrainingCentreRef | None = Field(description="CFA.")


class SupervisionItem(Schema):
    id: int
    person: PersonRef = Field(description="Maître d'apprentissage ou tuteur.")
    role: SupervisionRole = Field(description="Rôle.")
    novelty: SupervisionNovelty | None = Field(
        description="Nouveau, de retour ou déjà maître (vide : pas encore classé)."
    )
    contract: ContractBrief = Field(description="Le contrat suivi.")
    employment_area: AreaRef | None = Field(description="Zone d'emploi du lieu de travail.")
    compliance: str | None = Field(description="Réponse du moteur de règles : ok, ko ou unknown (vide : non calculée).")

    @staticmethod
    def resolve_novelty(obj: Supervision, context: dict[str, Any]) -> str | None:
        return obj.novelty or None

    @staticmethod
    def resolve_employment_area(obj: Supervision, context: dict[str, Any]) -> Any:
        return obj.contract.employment_area

    @staticmethod
    def resolve_compliance(obj: Supervision, context: dict[str, Any]) -> str | None:
        compliance = getattr(obj, "compliance", None)
        return compliance.decision if compliance is not None else None


class SupervisionPage(PageOut):
    items: list[SupervisionItem]


def _supervisions(request: HttpRequest) -> QuerySet[Supervision]:
    qs = Supervision.objects.select_related(
        "person",
        "contract__company",
        "contract__training_centre",
        "contract__employment_area",
        "compliance",
    )
    q = scope_of(request).contract_q(prefix="contract__")
    return qs if q is None else qs.filter(q)


@router.get(
    "/supervisions",
    response={200: SupervisionPage} | ERRORS,
    summary="Lister les tutorats (nouveaux maîtres)",
    description="Les maîtres d'apprentissage et tuteurs des contrats de votre périmètre, par zone d'emploi puis du "
    "contrat le plus récent au plus ancien ; `new=true` pour les nouveaux maîtres et les maîtres de retour. Aucun "
    "filtre n'est appliqué par défaut.",
)
def list_supervisions(
    request: HttpRequest, filters: Query[SupervisionFilters], page: Query[PageParams]
) -> dict[str, Any]:
    if filters.start_from and filters.start_to and filters.start_from > filters.start_to:
        raise ApiValidationError(parameter="start_to", message="doit être postérieure ou égale à « start_from »")
    qs = _supervisions(request)
    if filters.new is True:
        qs = qs.filter(novelty__in=AUDIENCE)
    elif filters.new is False:
        qs = qs.filter(novelty=SupervisionNovelty.CONTINUING)
    if filters.novelty:
        qs = qs.filter(novelty=filters.novelty)
    if filters.area:
        qs = qs.filter(contract__employment_area_id=filters.area)
    if filters.start_from:
        qs = qs.filter(contract__start_date__gte=filters.start_from)
    if filters.start_to:
        qs = qs.filter(contract__start_date__lte=filters.start_to)
    return paginate(qs.order_by("contract__employment_area_id", "-contract__start_date", "-id"), page)
