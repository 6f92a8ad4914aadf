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
# Up to this many contracts in scope, a list of people collects their ids from the contracts; beyond, it probes person
# by person (Scope.filter_people). Near the break-even measured at 10⁶ contracts on SQLite and PostgreSQL: probing
# costs about 1 000 / share-of-people-in-scope lookups for a capped count, collecting about 15 µs per contract.
PEOPLE_COLLECT_MAX = 20_000


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

    @property
    def is_area_based(self) -> bool:
        return self.role in AREA_ROLES


@dataclass
class Scope:
    user_id: int | None
    is_superuser: bool
    person_id: int | None
    grants: list[Grant] = field(default_factory=list)
    # Answers of _holds_many_contracts, by condition: a scope lives for one request.
    _many_contracts: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)

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

        Two ways to find them, with the same result; "auto" picks by the size of the scope (docs/performance.md):
        - "probe": person by person, an EXISTS on their contracts. A list sorted by name finds its 50 rows early when
          the scope holds many contracts, and a single person is two index lookups. The two roles are one EXISTS over
          a UNION ALL: PostgreSQL hashes two OR-ed EXISTS over every contract in scope first (1.9 s for one zone
          at 10⁶ contracts), it cannot hash this one.
        - "collect": the ids of the people on the contracts in scope first, then those people. When the scope holds
          few contracts, walking a million people in name order to find an employer's 300 took 1.5 s (SQLite) to
          6 s (PostgreSQL); collecting them takes 2 ms.
        """
        from compagnon.contracts.models import Contract, Supervision

        if not (apprentices or supervisors):
            raise ValueError("filter_people needs apprentices, supervisors or both")
        if self.is_superuser and area is None and apprentices and supervisors:
            return qs
        contract_q = self.contract_q() or Q()
        supervision_q = self.contract_q("contract__") or Q()
        if area is not None:
            contract_q &= Q(employment_area_id=area)
            supervision_q &= Q(contract__employment_area_id=area)
        include_self = self.person_id is not None and area is None and apprentices and supervisors
        if plan == "auto":
            plan = "probe" if self._holds_many_contracts(contract_q) else "collect"
        parts: list[QuerySet[Any]] = []
        if plan == "probe":
            if apprentices:
                parts.append(Contract.objects.filter(contract_q, apprentice_id=OuterRef("pk")))
            if supervisors:
                parts.append(Supervision.objects.filter(supervision_q, person_id=OuterRef("pk")))
            correlated = [part.order_by().values("pk") for part in parts]
            q = Q(Exists(correlated[0].union(*correlated[1:], all=True) if len(correlated) > 1 else correlated[0]))
            return qs.filter(q | Q(pk=self.person_id) if include_self else q)
        if plan != "collect":
            raise ValueError(f"unknown plan {plan!r}")
        if apprentices:
            parts.append(Contract.objects.filter(contract_q).values_list("apprentice_id"))
        if supervisors:
            parts.append(Supervision.objects.filter(supervision_q).values_list("person_id"))
        if include_self:
            parts.append(qs.model._default_manager.filter(pk=self.person_id).values_list("pk"))
        ids = [part.order_by() for part in parts]
        return qs.filter(pk__in=ids[0].union(*ids[1:], all=True) if len(ids) > 1 else ids[0])

    def _holds_many_contracts(self, contract_q: Q) -> bool:
        """Whether more than PEOPLE_COLLECT_MAX contracts match: one capped count, remembered for the request."""
        from compagnon.contracts.models import Contract

        key = str(contract_q)
        if key not in self._many_contracts:
            counted = capped_count(Contract.objects.filter(contract_q), PEOPLE_COLLECT_MAX)
            self._many_contracts[key] = counted.capped
        return self._many_contracts[key]

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
