"""The rows of the contract exports: contracts (/contrats/export/) and supervisions (the new masters' list).

Read as tuples (values_list), never as model instances: a million Contract instances with their joins cost more
than the whole CSV. The masters of each chunk of contracts come in one query per chunk (LOOKUP_SIZE contracts).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from django.db import connections
from django.db.models import QuerySet

from compagnon.compliance.models import Decision, SupervisionCompliance
from compagnon.contracts.enums import (
    ContractKind,
    ContractSource,
    ContractStatus,
    RuptureCause,
    SupervisionNovelty,
    SupervisionRole,
)
from compagnon.contracts.models import Contract, Supervision
from compagnon.core.exports import CHUNK_SIZE, LOOKUP_SIZE, ListExport, Row, chunks
from compagnon.people.models import Person

KINDS = dict(ContractKind.choices)
SOURCES = dict(ContractSource.choices)
CAUSES = dict(RuptureCause.choices)
ROLES = dict(SupervisionRole.choices)
NOVELTIES = dict(SupervisionNovelty.choices)
DECISIONS = dict(Decision.choices)
# The compliance of a contract is that of its least compliant supervision (contracts/forms.py compliance_q).
DECISION_RANK = {Decision.KO: 3, Decision.UNKNOWN: 2, Decision.OK: 1}

CONTRACT_HEADERS = [
    "N° Compagnon",
    "Origine",
    "Source",
    "N° du contrat à la source",
    "Type de contrat",
    "Date de conclusion",
    "Date de début",
    "Date de fin prévue",
    "Date de rupture",
    "Motif de rupture",
    "Statut aujourd'hui",
    "Employeur",
    "SIRET de l'employeur",
    "Commune du lieu de travail",
    "Code INSEE de la commune",
    "Zone d'emploi",
    "CFA",
    "UAI du CFA",
    "Certification",
    "Niveau",
    "Nom de l'alternant",
    "Prénom de l'alternant",
    "Maîtres d'apprentissage et tuteurs",
    "Conformité du tutorat",
]
CONTRACT_FIELDS = (
    "pk",
    "source",
    "source_name",
    "source_id",
    "kind",
    "signature_date",
    "start_date",
    "planned_end_date",
    "rupture_date",
    "rupture_cause",
    "company__name",
    "company__siret",
    "workplace_commune__name",
    "workplace_commune_id",
    "employment_area__name",
    "training_centre__name",
    "training_centre__uai",
    "certification__title",
    "certification__level",
    "apprentice__last_name",
    "apprentice__first_name",
)


def status_on(start: dt.date, end: dt.date, rupture: dt.date | None, day: dt.date) -> str:
    """Contract.status_on, from the three dates of a row."""
    if rupture is not None and rupture <= day:
        return ContractStatus.BROKEN.label
    if start > day:
        return ContractStatus.UPCOMING.label
    if end < day:
        return ContractStatus.COMPLETED.label
    return ContractStatus.ACTIVE.label


def contracts_export(contracts: QuerySet[Contract], *, today: dt.date) -> ListExport:
    """Every contract of `contracts` (scoped, filtered and sorted by the caller), one row each."""
    return ListExport(title="Contrats", headers=CONTRACT_HEADERS, rows=_contract_rows(contracts, today=today))


def _contract_rows(contracts: QuerySet[Contract], *, today: dt.date) -> Iterator[Row]:
    rows = contracts.values_list(*CONTRACT_FIELDS).iterator(chunk_size=CHUNK_SIZE)
    for batch in chunks(rows, LOOKUP_SIZE):
        supervisors = _supervisors_of([row[0] for row in batch], using=contracts.db)
        for (
            pk,
            source,
            source_name,
            source_id,
            kind,
            signed,
            start,
            end,
            rupture,
            cause,
            company,
            siret,
            commune,
            insee,
            area,
            centre,
            uai,
            certification,
            level,
            last_name,
            first_name,
        ) in batch:
            names, decision = supervisors.get(pk, ((), ""))
            yield (
                pk,
                SOURCES.get(source, source),
                source_name,
                source_id,
                KINDS.get(kind, kind),
                signed,
                start,
                end,
                rupture,
                CAUSES.get(cause, cause),
                status_on(start, end, rupture, today),
                company,
                siret,
                commune,
                insee,
                area,
                centre,
                uai,
                certification,
                level,
                last_name,
                first_name,
                ", ".join(names),
                DECISIONS.get(decision, ""),
            )


def _supervisors_of(contract_ids: list[int], *, using: str) -> dict[int, tuple[list[str], str]]:
    """contract id -> (its masters and tutors, référent first, as "Prénom NOM (rôle)"; its least compliant answer).

    Raw SQL: the ORM's preparation of 2,000 IN parameters cost as much as the query itself (as in intake's writer).
    """
    found: defaultdict[int, tuple[list[str], str]] = defaultdict(lambda: ([], ""))
    if not contract_ids:
        return found
    with connections[using].cursor() as cursor:
        cursor.execute(_supervisors_sql(len(contract_ids)), contract_ids)
        supervisions = cursor.fetchall()
    for contract_id, first_name, last_name, role, decision in supervisions:
        names, worst = found[contract_id]
        names.append(f"{first_name} {last_name.upper()} ({ROLES.get(role, role).lower()})")
        if decision and DECISION_RANK.get(decision, 0) > DECISION_RANK.get(worst, 0):
            found[contract_id] = (names, decision)
    return found


def _supervisors_sql(count: int) -> str:
    supervision, person = Supervision._meta.db_table, Person._meta.db_table
    compliance = SupervisionCompliance._meta.db_table
    return (
        f"SELECT s.contract_id, p.first_name, p.last_name, s.role, c.decision FROM {supervision} s"
        f" JOIN {person} p ON p.id = s.person_id LEFT JOIN {compliance} c ON c.supervision_id = s.id"
        f" WHERE s.contract_id IN ({', '.join(['%s'] * count)}) ORDER BY s.contract_id, s.is_referent DESC, s.id"
    )


SUPERVISION_HEADERS = [
    "Nouveauté",
    "Nom",
    "Prénom",
    "Courriel",
    "Rôle",
    "Référent",
    "N° Compagnon du contrat",
    "Type de contrat",
    "Date de début du contrat",
    "Date de fin prévue",
    "Date de rupture",
    "Employeur",
    "SIRET de l'employeur",
    "Zone d'emploi",
    "CFA",
    "Conformité du tutorat",
]
SUPERVISION_FIELDS = (
    "novelty",
    "person__last_name",
    "person__first_name",
    "person__email",
    "role",
    "is_referent",
    "contract_id",
    "contract__kind",
    "contract__start_date",
    "contract__planned_end_date",
    "contract__rupture_date",
    "contract__company__name",
    "contract__company__siret",
    "contract__employment_area__name",
    "contract__training_centre__name",
    "compliance__decision",
)


def supervisions_exporter(supervisions: QuerySet[Supervision]) -> ListExport:
    """The new and returning masters (or any supervisions): one row per supervision of `supervisions`, which the
    caller has scoped, filtered and sorted; one query, read in chunks."""
    return ListExport(title="Nouveaux maîtres", headers=SUPERVISION_HEADERS, rows=_supervision_rows(supervisions))


def _supervision_rows(supervisions: QuerySet[Supervision]) -> Iterator[Row]:
    for (
        novelty,
        last_name,
        first_name,
        email,
        role,
        referent,
        contract_id,
        kind,
        start,
        end,
        rupture,
        company,
        siret,
        area,
        centre,
        decision,
    ) in supervisions.values_list(*SUPERVISION_FIELDS).iterator(chunk_size=CHUNK_SIZE):
        yield (
            NOVELTIES.get(novelty, novelty),
            last_name,
            first_name,
            email,
            ROLES.get(role, role),
            referent,
            contract_id,
            KINDS.get(kind, kind),
            start,
            end,
            rupture,
            company,
            siret,
            area,
            centre,
            DECISIONS.get(decision or "", ""),
        )
