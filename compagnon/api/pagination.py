"""`limit` / `offset` pages answered as {"count", "count_capped", "items"}; counts capped like the pages'."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from ninja import Field, Schema

from compagnon.core.pagination import capped_count

MAX_LIMIT = 1000
# OFFSET beyond any real table (10⁷ contracts is ten years of France); larger numbers overflow SQLite's integers.
MAX_OFFSET = 1_000_000_000


class PageParams(Schema):
    limit: int = Field(
        settings.LIST_PAGE_SIZE, ge=1, le=MAX_LIMIT, description=f"Nombre d'éléments par page (1 à {MAX_LIMIT})."
    )
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Nombre d'éléments à sauter depuis le début de la liste.")


class PageOut(Schema):
    count: int = Field(
        description=f"Nombre total d'éléments, plafonné à {settings.LIST_COUNT_CAP:,}".replace(",", "\u202f") + "."
    )
    count_capped: bool = Field(description="Vrai si le nombre réel dépasse le plafond : count est alors un minimum.")


def paginate(queryset: QuerySet[Any], page: PageParams) -> dict[str, Any]:
    """The page's rows and the capped count: two bounded queries, whatever the table's size."""
    count = capped_count(queryset)
    items = list(queryset[page.offset : page.offset + page.limit]) if page.offset < count.value or count.capped else []
    return {"count": count.value, "count_capped": count.capped, "items": items}
