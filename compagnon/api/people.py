"""GET /people: people who appear on a contract in the account's scope (apprentices, masters, tutors)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from compagnon.api.auth import scope_of
from compagnon.api.pagination import PageOut, PageParams, paginate
from compagnon.api.schemas import ERRORS
from compagnon.core.text import normalize
from compagnon.people.models import Person

router = Router(tags=["Personnes"])


class PeopleFilters(Schema):
    name: str | None = Field(
        None,
        max_length=100,
        description="Début du nom, ou du nom suivi du prénom ; sans accents ni majuscules requis (« lefevre cam »).",
    )


class PersonOut(Schema):
    # Data minimisation: no birth date, e-mail or phone here (apprentices are often minors).
    id: int
    first_name: str = Field(description="Prénom.")
    last_name: str = Field(description="Nom.")


class PersonPage(PageOut):
    items: list[PersonOut]


@router.get(
    "/people",
    response={200: PersonPage} | ERRORS,
    summary="Lister les personnes",
    description=(
        "Alternants, maîtres d'apprentissage et tuteurs des contrats de votre périmètre, par ordre alphabétique."
    ),
)
def list_people(request: HttpRequest, filters: Query[PeopleFilters], page: Query[PageParams]) -> dict[str, Any]:
    # People merged into another (compagnon/people/services.py) are not listed: their history is the other's.
    qs = scope_of(request).filter_people(Person.objects.not_merged())
    prefix = normalize(filters.name or "")
    if prefix:
        # search_name is "nom prénom" normalised: a prefix search uses its index.
        qs = qs.filter(search_name__startswith=prefix)
    return paginate(qs.order_by("search_name", "id"), page)
