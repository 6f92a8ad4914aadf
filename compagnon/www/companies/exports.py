"""The rows of the company export (/entreprises/export/): one query, read in chunks."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet

from compagnon.core.exports import CHUNK_SIZE, ListExport, Row
from compagnon.organisations.models import Company

COMPANY_HEADERS = [
    "SIRET",
    "Raison sociale",
    "Type d'employeur",
    "Code NAF",
    "IDCC",
    "Effectif",
    "Commune",
    "Code INSEE de la commune",
    "Département",
    "Zone d'emploi",
    "OPCO",
]
COMPANY_FIELDS = (
    "siret",
    "name",
    "kind",
    "naf",
    "idcc",
    "headcount",
    "commune__name",
    "commune_id",
    "department_id",
    "employment_area__name",
    "opco__name",
)
KINDS = dict(Company.Kind.choices)


def companies_export(companies: QuerySet[Company]) -> ListExport:
    """Every company of `companies` (scoped, filtered and sorted by the caller), one row each."""
    return ListExport(title="Entreprises", headers=COMPANY_HEADERS, rows=_company_rows(companies))


def _company_rows(companies: QuerySet[Company]) -> Iterator[Row]:
    for row in companies.values_list(*COMPANY_FIELDS).iterator(chunk_size=CHUNK_SIZE):
        siret, name, kind, *rest = row
        yield (siret, name, KINDS.get(kind, kind), *rest)
