"""What one account may see: resolved once per request from its memberships (STYLE: Permissions).

Every list, page, export and API call goes through a Scope; an object outside it answers 404.
A superuser's scope is everything. No membership means nothing at all.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Subquery, Value

from compagnon.accounts.enums import AREA_ROLES, Role
from compagnon.core.pagination import capped_count

NOTHING = Q(pk__in=[])
# Up to this many people-on-contracts rows in scope (about two per contract), a list of people collects their ids;
# beyond, it probes person by person (Scope.filter_people). Near the break-even measured at 10⁶ contracts: probing
# costs about 1 000 / share-of-people-in-scope lookups for a capped count, collecting a few µs per row.
PEOPLE_COLLECT_MAX = 40_000


@dataclass(frozen=True)
class Grant:
    """One membership, flattened to plain values once: role and the ids that bound it."""

    role: str
    region: str | None = None
    departments: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    chamber: int | None = None
    training_centre: int | None = None
    company: int | None = None
    opco: int | None = None
    person: int | None = None

    def contract_q(self, prefix: str = "") -> Q:
        """The contracts this grant covers, as a Q on Contract (or on a relation to it, through prefix)."""
        from compagnon.contracts.models import Supervision

        p = prefix
        match self.role:
            case Role.REGIONAL_ANIMATOR | Role.INSPECTOR:
                q = Q(**{f"{p}department_id__in": self.departments})
                if self.areas:
                    q &= Q(**{f"{p}employment_area_id__in": self.areas})
                return q
            case Role.TERRITORIAL_ANIMATOR | Role.MEDIATOR:
                return Q(**{f"{p}employment_area_id__in": self.areas})
            case Role.CFA_STAFF:
                return Q(**{f"{p}training_centre_id": self.training_centre})
            case Role.EMPLOYER:
                return Q(**{f"{p}company_id": self.company})
            case Role.DATA_PROVIDER:
                return Q(**{f"{p}opco_id": self.opco})
            case Role.SUPERVISOR:
                if self.person is None:
                    return NOTHING
                supervised = Supervision.objects.filter(person_id=self.person).values("contract_id")
                return Q(**{f"{p}id__in": Subquery(supervised)})
            case Role.APPRENTICE:
                if self.person is None:
                    return NOTHING
                return Q(**{f"{p}apprentice_id": self.person})
        return NOTHING

    def contract_person_q(self) -> Q:
        """The same contracts, as a Q on ContractPerson, which carries their scope columns under the same names."""
        from compagnon.contracts.models import Contract, Supervision

        match self.role:
            case Role.SUPERVISOR:
                if self.person is None:
                    return NOTHING
                supervised = Supervision.objects.filter(person_id=self.person).values("contract_id")
                return Q(contract_id__in=Subquery(supervised))
            case Role.APPRENTICE:
                if self.person is None:
                    return NOTHING
                own = Contract.objects.filter(apprentice_id=self.person).order_by().values("pk")
                return Q(contract_id__in=Subquery(own))
        return self.contract_q()

    @property
    def is_area_based(self) -> bool:
        return self.role in AREA_ROLES


@dataclass
class Scope:
    user_id: int | None
    is_superuser: bool
    person_id: int | None
    grants: list[Grant] = field(default_factory=list)
    # Answers of _many_people_rows, by condition: a scope lives for one request.
    _many_rows: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def for_user(cls, user: Any) -> Scope:
        if not getattr(user, "is_authenticated", False):
            return cls(user_id=None, is_superuser=False, person_id=None)
        scope = cls(user_id=user.pk, is_superuser=user.is_superuser, person_id=user.person_id)
        if not user.is_superuser:
            scope.grants = _grants_for(user)
        return scope

    # --- what the account is -------------------------------------------------------------------------
    @cached_property
    def roles(self) -> frozenset[str]:
        return frozenset(g.role for g in self.grants)

    def has_role(self, *roles: str) -> bool:
        return self.is_superuser or bool(self.roles.intersection(roles))

    # --- what the account sees -----------------------------------------------------------------------
    def contract_q(self, prefix: str = "") -> Q | None:
        """None means no restriction (superuser)."""
        if self.is_superuser:
            return None
        q = NOTHING
        for grant in self.grants:
            q |= grant.contract_q(prefix)
        return q

    def filter_contracts(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        q = self.contract_q()
        return qs if q is None else qs.filter(q)

    def filter_companies(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        if self.is_superuser:
            return qs
        from compagnon.contracts.models import Contract

        q = NOTHING
        for grant in self.grants:
            if grant.role in (Role.REGIONAL_ANIMATOR, Role.INSPECTOR):
                part = Q(department_id__in=grant.departments)
                q |= part & Q(employment_area_id__in=grant.areas) if grant.areas else part
            elif grant.is_area_based:
                q |= Q(employment_area_id__in=grant.areas)
            else:
                if grant.company is not None:
                    q |= Q(pk=grant.company)
                ids = Contract.objects.order_by().filter(grant.contract_q()).values("company_id")
                q |= Q(pk__in=Subquery(ids))
        return qs.filter(q)

    def filter_training_centres(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        if self.is_superuser:
            return qs
        from compagnon.contracts.models import Contract

        q = NOTHING
        for grant in self.grants:
            if grant.role in (Role.REGIONAL_ANIMATOR, Role.INSPECTOR):
                part = Q(commune__department_id__in=grant.departments)
                q |= part & Q(employment_area_id__in=grant.areas) if grant.areas else part
            elif grant.is_area_based:
                q |= Q(employment_area_id__in=grant.areas)
            elif grant.role == Role.CFA_STAFF:
                q |= Q(pk=grant.training_centre)
            else:
                ids = Contract.objects.order_by().filter(grant.contract_q()).exclude(training_centre=None)
                q |= Q(pk__in=Subquery(ids.values("training_centre_id")))
        return qs.filter(q)

    def contract_person_q(self) -> Q | None:
        """The rows of ContractPerson (people on contracts) in scope; None means no restriction (superuser)."""
        if self.is_superuser:
            return None
        q = NOTHING
        for grant in self.grants:
            q |= grant.contract_person_q()
        return q

    def filter_people(
        self,
        qs: QuerySet[Any],
        *,
        apprentices: bool = True,
        supervisors: bool = True,
        area: str | None = None,
        plan: str = "auto",
    ) -> QuerySet[Any]:
        """People on a contract in scope (as apprentice, supervisor or both; in one area if given), and oneself.

        Through ContractPerson, one row per person and contract with the contract's scope columns. Two ways to find
        them, with the same result; "auto" picks by the size of the scope (docs/performance.md):
        - "probe": person by person, one EXISTS in the index of ContractPerson. A list sorted by name finds its 50
          rows early when the scope holds many people, and a single person is one index lookup.
        - "collect": the ids of the scope's people first, then those people. When the scope holds few, walking a
          million people in name order to find an employer's 300 took 1.5 s on SQLite, which never turns an EXISTS
          into a join; collecting them takes 2 ms.
        """
        from compagnon.contracts.enums import ContractPersonRole
        from compagnon.contracts.models import ContractPerson

        if not (apprentices or supervisors):
            raise ValueError("filter_people needs apprentices, supervisors or both")
        if self.is_superuser and area is None and apprentices and supervisors:
            return qs
        rows_q = self.contract_person_q() or Q()
        if area is not None:
            rows_q &= Q(employment_area_id=area)
        if not supervisors:
            rows_q &= Q(role=ContractPersonRole.APPRENTICE)
        elif not apprentices:
            rows_q &= Q(role=ContractPersonRole.SUPERVISOR)
        include_self = self.person_id is not None and area is None and apprentices and supervisors
        rows = ContractPerson.objects.filter(rows_q)
        if plan == "auto":
            plan = "probe" if self._many_people_rows(rows_q) else "collect"
        if plan == "probe":
            q = Q(Exists(rows.filter(person_id=OuterRef("pk"))))
            return qs.filter(q | Q(pk=self.person_id) if include_self else q)
        if plan != "collect":
            raise ValueError(f"unknown plan {plan!r}")
        ids = rows.order_by().values_list("person_id")
        if include_self:
            ids = ids.union(qs.model._default_manager.filter(pk=self.person_id).order_by().values_list("pk"), all=True)
        return qs.filter(pk__in=ids)

    def _many_people_rows(self, rows_q: Q) -> bool:
        """Whether more than PEOPLE_COLLECT_MAX rows of ContractPerson match: one capped count, kept for the request."""
        from compagnon.contracts.models import ContractPerson

        key = str(rows_q)
        if key not in self._many_rows:
            counted = capped_count(ContractPerson.objects.filter(rows_q), PEOPLE_COLLECT_MAX)
            self._many_rows[key] = counted.capped
        return self._many_rows[key]

    def filter_areas(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        if self.is_superuser:
            return qs
        from compagnon.contracts.models import Contract
        from compagnon.territory.models import EmploymentArea

        codes: set[str] = set()
        q = NOTHING
        for grant in self.grants:
            if grant.role in (Role.REGIONAL_ANIMATOR, Role.INSPECTOR) and grant.region and not grant.areas:
                # A whole region: the zones that lie in it, some of which straddle a neighbour.
                q |= Q(pk__in=Subquery(EmploymentArea.objects.in_region(grant.region).values("pk")))
            elif grant.is_area_based:
                codes.update(grant.areas)
            else:
                ids = Contract.objects.order_by().filter(grant.contract_q()).exclude(employment_area=None)
                q |= Q(pk__in=Subquery(ids.values("employment_area_id")))
        return qs.filter(q | Q(pk__in=sorted(codes)))


def _grants_for(user: Any) -> list[Grant]:
    """The account's grants in two queries, whatever its memberships: they run on every page."""
    from compagnon.accounts.models import Membership

    memberships = list(
        Membership.objects.filter(user=user)
        .order_by("role", "pk")
        .values_list("pk", "role", "region_id", "chamber_id", "training_centre_id", "company_id", "opco_id")
    )
    if not memberships:
        return []
    codes = _bounding_codes([m[0] for m in memberships])
    grants = []
    for pk, role, region, chamber, training_centre, company, opco in memberships:
        areas = tuple(sorted(codes[pk, AREA]))
        departments: tuple[str, ...] = ()
        if role in (Role.REGIONAL_ANIMATOR, Role.INSPECTOR):
            # A whole region is bounded by its departments: a zone d'emploi may straddle two regions.
            departments = tuple(sorted(codes[pk, DEPARTMENT]))
        elif role in (Role.TERRITORIAL_ANIMATOR, Role.MEDIATOR) and not areas:
            areas = tuple(sorted(codes[pk, CHAMBER_AREA]))
        grants.append(
            Grant(
                role=role,
                region=region,
                departments=departments,
                areas=areas,
                chamber=chamber,
                training_centre=training_centre,
                company=company,
                opco=opco,
                person=user.person_id,
            )
        )
    return grants


AREA, CHAMBER_AREA, DEPARTMENT = "area", "chamber_area", "department"


def _bounding_codes(membership_ids: list[int]) -> defaultdict[tuple[int, str], list[str]]:
    """(membership, kind) -> codes: its own areas, its chamber's areas, its region's departments; one UNION query."""
    from compagnon.accounts.models import Membership

    def tagged(qs: QuerySet[Any], kind: str, code: str) -> QuerySet[Any]:
        return qs.filter(**{f"{code}__isnull": False}).values_list("pk", Value(kind, output_field=CharField()), code)

    mine = Membership.objects.filter(pk__in=membership_ids).order_by()
    parts = [
        tagged(mine, AREA, "areas"),
        tagged(mine, CHAMBER_AREA, "chamber__areas"),
        tagged(mine, DEPARTMENT, "region__departments"),
    ]
    codes: defaultdict[tuple[int, str], list[str]] = defaultdict(list)
    for pk, kind, code in parts[0].union(*parts[1:], all=True):
        codes[pk, kind].append(code)
    return codes
