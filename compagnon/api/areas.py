"""GET /employment-areas: the zones d'emploi the account works on or has contracts in."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from compagnon.api.auth import scope_of
from compagnon.api.errors import FORMATS
from compagnon.api.pagination import PageOut, PageParams, paginate
from compagnon.api.schemas import ERRORS
from compagnon.territory.models import EmploymentArea

router = Router(tags=["Zones d'emploi"])


class AreaFilters(Schema):
    region: str | None = Field(None, pattern=r"^\d{2}$", description=f"Région ({FORMATS['region']}).")


class AreaOut(Schema):
    code: str = Field(description="Code INSEE de la zone d'emploi (2020).")
    name: str = Field(description="Nom.")


class AreaPage(PageOut):
    items: list[AreaOut]


@router.get(
    "/employment-areas",
    response={200: AreaPage} | ERRORS,
    summary="Lister les zones d'emploi",
    description="Les zones d'emploi de votre périmètre, par ordre alphabétique.",
)
def list_employment_areas(request: HttpRequest, filters: Query[AreaFilters], page: Query[PageParams]) -> dict[str, Any]:
    qs = scope_of(request).filter_areas(EmploymentArea.objects.all())
    if filters.region:
        qs = qs.filter(regions=filters.region)
    return paginate(qs.order_by("name", "code"), page)
