"""The rows of the people export (/personnes/export/): who they are, and their roles and contracts in scope.

People are read as tuples in chunks; the roles and contract counts of each chunk come from ContractPerson (the
people-on-contracts table the scope filters on) in one grouped query, seen through the account's scope like the page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Count, Q, QuerySet

from compagnon.accounts.scope import Scope
from compagnon.contracts.enums import ContractPersonRole
from compagnon.contracts.models import ContractPerson
from compagnon.core.exports import CHUNK_SIZE, LOOKUP_SIZE, ListExport, Row, chunks
from compagnon.people.models import Person

PEOPLE_HEADERS = [
    "N° Compagnon",
    "Nom",
    "Prénom",
    "Date de naissance",
    "Courriel",
    "Rôles",
    "Nombre de contrats",
]
# The supervisor's role first, as on the page.
ROLE_LABELS = [
    (ContractPersonRole.SUPERVISOR, "Maître d'apprentissage ou tuteur"),
    (ContractPersonRole.APPRENTICE, "Alternant"),
]


def people_export(people: QuerySet[Person], *, scope: Scope) -> ListExport:
    """Every person of `people` (scoped, filtered and sorted by the caller), with their roles and contracts in scope."""
    return ListExport(title="Personnes", headers=PEOPLE_HEADERS, rows=_people_rows(people, scope=scope))


def _people_rows(people: QuerySet[Person], *, scope: Scope) -> Iterator[Row]:
    rows = people.values_list("pk", "last_name", "first_name", "birth_date", "email").iterator(chunk_size=CHUNK_SIZE)
    for batch in chunks(rows, LOOKUP_SIZE):
        contracts = _contracts_by_role([row[0] for row in batch], scope)
        for pk, last_name, first_name, birth_date, email in batch:
            counts = contracts.get(pk, {})
            roles = ", ".join(label for role, label in ROLE_LABELS if counts.get(role))
            yield pk, last_name, first_name, birth_date, email, roles, sum(counts.values())


def _contracts_by_role(person_ids: list[int], scope: Scope) -> dict[int, dict[str, int]]:
    """person id -> role -> number of contracts in the account's scope on which the person holds that role."""
    grouped = (
        ContractPerson.objects.filter(scope.contract_person_q() or Q(), person_id__in=person_ids)
        .order_by()
        .values_list("person_id", "role")
        .annotate(contracts=Count("contract_id", distinct=True))
    )
    found: defaultdict[int, dict[str, int]] = defaultdict(dict)
    for person_id, role, count in grouped:
        found[person_id][role] = count
    return found
