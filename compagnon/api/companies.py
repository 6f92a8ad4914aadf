"""GET /companies: employers in the account's scope."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from compagnon.api.auth import scope_of
from compagnon.api.errors import FORMATS
from compagnon.api.pagination import PageOut, PageParams, paginate
from compagnon.api.schemas import ERRORS, AreaRef, CommuneRef
from compagnon.organisations.models import Company

router = Router(tags=["Entreprises"])


class CompanyFilters(Schema):
    siret: str | None = Field(None, pattern=r"^\d{14}$", description=f"SIRET exact ({FORMATS['siret']}).")
    area: str | None = Field(
        None, pattern=r"^\d{4}$", description=f"Zone d'emploi de l'établissement ({FORMATS['area']})."
    )


class CompanyOut(Schema):
    id: int
    siret: str = Field(description="SIRET de l'établissement.")
    name: str = Field(description="Raison sociale.")
    naf: str = Field(description="Code NAF.")
    kind: Company.Kind = Field(description="Type d'employeur.")
    headcount: int | None = Field(description="Effectif.")
    commune: CommuneRef = Field(description="Commune de l'établissement.")
    employment_area: AreaRef | None = Field(description="Zone d'emploi de l'établissement.")


class CompanyPage(PageOut):
    items: list[CompanyOut]


@router.get(
    "/companies",
    response={200: CompanyPage} | ERRORS,
    summary="Lister les entreprises",
    description="Les employeurs de votre périmètre, par ordre alphabétique.",
)
def list_companies(request: HttpRequest, filters: Query[CompanyFilters], page: Query[PageParams]) -> dict[str, Any]:
    qs = scope_of(request).filter_companies(Company.objects.select_related("commune", "employment_area"))
    if filters.siret:
        qs = qs.filter(siret=filters.siret)
    if filters.area:
        qs = qs.filter(employment_area_id=filters.area)
    return paginate(qs.order_by("name", "id"), page)
