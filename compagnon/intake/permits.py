"""Who may import which contracts (pages, API and command share it)."""

from __future__ import annotations

from dataclasses import dataclass

from compagnon.accounts.enums import Role
from compagnon.accounts.scope import Scope
from compagnon.organisations.models import TrainingCentre


@dataclass(frozen=True)
class ImportPermit:
    """What an account may import: None for a bound means no bound.

    A regional animator imports the contracts carried out in their region's departments; a CFA's staff, the
    contracts of their CFA (a row that names no CFA is theirs); a data provider (an OPCO, a CFA's software) and an
    administrator, any contract.
    """

    departments: frozenset[str] | None = None
    centres: dict[str, int] | None = None  # UAI -> id

    def default_centre(self) -> str | None:
        return next(iter(self.centres)) if self.centres is not None and len(self.centres) == 1 else None


ANYTHING = ImportPermit()


def permit_for(scope: Scope) -> ImportPermit | None:
    """The account's import permit, or None when its roles may not import contracts."""
    if scope.is_superuser or scope.has_role(Role.DATA_PROVIDER):
        return ANYTHING
    departments: set[str] = set()
    centre_ids: set[int] = set()
    for grant in scope.grants:
        if grant.role == Role.REGIONAL_ANIMATOR:
            departments.update(grant.departments)
        elif grant.role == Role.CFA_STAFF and grant.training_centre is not None:
            centre_ids.add(grant.training_centre)
    if departments and not centre_ids:
        return ImportPermit(departments=frozenset(departments))
    if centre_ids and not departments:
        centres = dict(TrainingCentre.objects.filter(pk__in=centre_ids).values_list("uai", "id"))
        return ImportPermit(centres=centres)
    if departments:  # a regional animator who is also on a CFA's staff: the region bounds both
        return ImportPermit(departments=frozenset(departments))
    return None
