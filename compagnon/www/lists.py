"""What the browse pages (contracts, people, companies, CFAs, areas) share: the filter form base, pagination with a
capped count, and the full page / htmx partial answer.

A list page is: a bound filter form (bad values are reported next to their field and ignored, never a 500), a
queryset scoped by request.scope and filtered by the valid values, one capped COUNT and one LIMIT 50 slice.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from compagnon.core.pagination import CappedCount, capped_count

SEARCH_MAX_LENGTH = 100
# A search by name counts its matches up to this many: "Lefebvre" matches 12,500 people in the demo region at 10^6
# contracts, and counting all their contracts doubled the cost of the page; past 1,000, one refines the search.
SEARCH_COUNT_CAP = 1_000
# Page numbers past this are refused outright: OFFSET that deep is slow and nobody reads page 10 001.
MAX_PAGE = 10_000


class ListFilterForm(forms.Form):
    """Every list has a search box, a sort and a page; subclasses add their filters and SORTS."""

    # value -> (label, order_by fields); the first is the default.
    SORTS: dict[str, tuple[str, tuple[str, ...]]] = {}
    search_label = "Recherche"

    q = forms.CharField(
        label="Recherche",
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        strip=True,
        widget=forms.TextInput(attrs={"type": "search"}),
        error_messages={"max_length": f"Le texte recherché est trop long : {SEARCH_MAX_LENGTH} caractères au plus."},
    )
    tri = forms.ChoiceField(
        label="Trier par",
        required=False,
        error_messages={"invalid_choice": "Tri inconnu : choisissez un tri dans la liste."},
    )
    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": "Le numéro de page doit être un nombre entier.",
            "min_value": "Le numéro de page doit être supérieur ou égal à 1.",
            "max_value": f"Le numéro de page ne peut dépasser {MAX_PAGE:_}.".replace("_", "\u202f"),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].label = self.search_label
        self.fields["tri"].choices = [(value, label) for value, (label, _) in self.SORTS.items()]

    def cleaned(self, name: str, default: Any = None) -> Any:
        """The cleaned value of a field, or `default` when it is empty or was refused."""
        value = getattr(self, "cleaned_data", {}).get(name)
        return default if value in (None, "") else value

    @property
    def order_by(self) -> tuple[str | Lower, ...]:
        sort = self.cleaned("tri") or next(iter(self.SORTS))
        fields = self.SORTS[sort][1]
        if self.cleaned("q"):
            # A search sorts its matches (a few thousand at most, found through the trigram index) by an expression
            # no index serves. Sorted by the indexed name itself, PostgreSQL walks the name index and tests each
            # row: it cannot know that the names containing "dub" lie 400,000 rows into that order (650 ms; 200 ms
            # this way). search_name is already lowercase: the order is the same.
            return tuple(Lower(field) if field == "search_name" else field for field in fields)
        return fields

    @property
    def hidden_errors(self) -> list[str]:
        return [str(e) for e in self.errors.get("page", [])]


# The compliance of the supervision(s), as the rules engine stored it (compagnon.compliance): whom to call first.
COMPLIANCE_CHOICES = [
    ("", "Toutes"),
    ("ko", "Non conforme"),
    ("unknown", "À vérifier"),
    ("ok", "Conforme"),
]


def compliance_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Conformité du tutorat",
        required=False,
        choices=COMPLIANCE_CHOICES,
        error_messages=choice_error("Conformité"),
    )


def choice_error(what: str) -> dict[str, str]:
    return {"invalid_choice": f"{what} inconnu(e) ou hors de votre périmètre : choisissez dans la liste."}


DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Date invalide : saisissez une date comme 22/11/2026."},
    )


@dataclass(frozen=True)
class Listing:
    rows: list[Any]
    number: int
    count: CappedCount
    page_size: int

    @property
    def last_page(self) -> int | None:
        """None when the count was capped: the end is not known."""
        if self.count.capped:
            return None
        return max(1, math.ceil(self.count.value / self.page_size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        last = self.last_page
        return len(self.rows) == self.page_size if last is None else self.number < last

    @property
    def previous_number(self) -> int:
        return self.number - 1

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def first_index(self) -> int:
        return (self.number - 1) * self.page_size + 1 if self.rows else 0

    @property
    def last_index(self) -> int:
        return (self.number - 1) * self.page_size + len(self.rows)


def paginate(
    queryset: QuerySet[Any],
    form: ListFilterForm,
    fetch: Callable[[list[Any]], QuerySet[Any]] | None = None,
    *,
    count_cap: int | None = None,
) -> Listing:
    """Two queries: a count capped at LIST_COUNT_CAP (SEARCH_COUNT_CAP for a search), then one page of
    LIST_PAGE_SIZE rows.

    A page past the end is reported on the form and the last page is shown instead. `fetch(ids)` gives the rows
    of the page with what they show (joins, annotations), computed for those rows only; default: the queryset.
    """
    size = settings.LIST_PAGE_SIZE
    if form.cleaned("q"):
        count_cap = min(count_cap or SEARCH_COUNT_CAP, SEARCH_COUNT_CAP)
    count = capped_count(queryset, count_cap)
    number = form.cleaned("page", 1)
    if not count.capped:
        last = max(1, math.ceil(count.value / size))
        if number > last:
            form.add_error(
                "page",
                f"La page {number} n'existe pas : la liste compte {last} page{'s' if last > 1 else ''}. "
                "Voici la dernière.",
            )
            number = last
    start = (number - 1) * size
    rows = page_rows(queryset, start, size, fetch) if count.value else []
    if count.capped and not rows and number > 1:
        form.add_error("page", f"La page {number} est au-delà de la fin de la liste.")
    return Listing(rows=rows, number=number, count=count, page_size=size)


def page_rows(
    queryset: QuerySet[Any], start: int, size: int, fetch: Callable[[list[Any]], QuerySet[Any]] | None = None
) -> list[Any]:
    """One page in two steps (a "deferred join"): the ids of the page, then those rows with their joins.

    Sorting the matching rows with their joins makes the database fetch every matching row before it sorts
    (measured on SQLite at 10⁶ contracts: 670 ms for an animator's three areas); sorting only ids stays inside the
    index (4 ms), and the joins then run for 50 rows.
    """
    ids = list(queryset.values_list("pk", flat=True)[start : start + size])
    if not ids:
        return []
    if fetch is not None:
        rows = fetch(ids)
    else:
        # The ids come from the scoped, filtered query: the rows need only their joins and columns, not the filters
        # again (re-running a name search for 50 rows cost 300 ms at 10⁶ contracts).
        rows = queryset.model._default_manager.filter(pk__in=ids)
        rows.query.select_related = queryset.query.select_related
        rows.query.deferred_loading = queryset.query.deferred_loading
    return list(rows.order_by(*queryset.query.order_by))


def render_list(
    request: HttpRequest,
    template: str,
    partial: str,
    context: dict[str, Any],
) -> HttpResponse:
    """The full page, or only the results (with the form's errors swapped out of band) for an htmx request."""
    context = {"results_template": partial, **context}
    if request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request"):
        response = render(request, "browse/htmx_results.html", context)
    else:
        response = render(request, template, context)
    # The same URL answers two shapes: caches must tell them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response
