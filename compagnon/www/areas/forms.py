from __future__ import annotations

from django.db.models import Q, QuerySet

from compagnon.core.text import normalize
from compagnon.territory.models import EmploymentArea
from compagnon.www.lists import ListFilterForm


class AreaFilterForm(ListFilterForm):
    SORTS = {
        "nom": ("Nom", ("name", "code")),
        "code": ("Code INSEE", ("code",)),
    }
    search_label = "Nom ou code"

    field_order = ["q", "tri"]

    def filter(self, areas: QuerySet[EmploymentArea]) -> QuerySet[EmploymentArea]:
        # About 300 zones d'emploi in France: a plain scan is enough.
        if text := self.cleaned("q"):
            words = normalize(text).split()
            for word in words:
                areas = areas.filter(Q(name__icontains=word) | Q(code__startswith=word))
        return areas
