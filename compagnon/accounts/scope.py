"""What one account may see: resolved once per request from its memberships (STYLE: Permissions).

Every list, page, export and API call goes through a Scope; an object outside it answers 404.
A superuser's scope is everything. No membership means nothing at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from compagnon.accounts.enums import AREA_ROLES, Role

NOTHING = Q(pk__in=[])


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
                ids = Contract.objects.filter(grant.contract_q()).values("company_id")
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
                ids = Contract.objects.filter(grant.contract_q()).exclude(training_centre=None)
                q |= Q(pk__in=Subquery(ids.values("training_centre_id")))
        return qs.filter(q)

    def filter_people(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        """People who appear, as apprentice or supervisor, on a contract in scope; and oneself."""
        if self.is_superuser:
            return qs
        from compagnon.contracts.models import Contract, Supervision

        contract_q = self.contract_q()
        assert contract_q is not None
        as_apprentice = Contract.objects.filter(contract_q, apprentice_id=OuterRef("pk"))
        as_supervisor = Supervision.objects.filter(self.contract_q("contract__"), person_id=OuterRef("pk"))
        q = Q(Exists(as_apprentice)) | Q(Exists(as_supervisor))
        if self.person_id is not None:
            q |= Q(pk=self.person_id)
        return qs.filter(q)

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
                ids = Contract.objects.filter(grant.contract_q()).exclude(employment_area=None)
                q |= Q(pk__in=Subquery(ids.values("employment_area_id")))
        return qs.filter(q | Q(pk__in=sorted(codes)))


def _grants_for(user: Any) -> list[Grant]:
    from compagnon.accounts.models import Membership
    from compagnon.territory.models import Department

    memberships = list(
        Membership.objects.filter(user=user).select_related("chamber").prefetch_related("areas", "chamber__areas")
    )
    grants = []
    for m in memberships:
        areas = tuple(sorted(a.code for a in m.areas.all()))
        departments: tuple[str, ...] = ()
        region = m.region_id
        if m.role in (Role.REGIONAL_ANIMATOR, Role.INSPECTOR):
            # A whole region is bounded by its departments: a zone d'emploi may straddle two regions.
            departments = tuple(Department.objects.filter(region_id=region).values_list("code", flat=True))
        elif m.role in (Role.TERRITORIAL_ANIMATOR, Role.MEDIATOR) and not areas and m.chamber is not None:
            areas = tuple(sorted(a.code for a in m.chamber.areas.all()))
        grants.append(
            Grant(
                role=m.role,
                region=region,
                departments=departments,
                areas=areas,
                chamber=m.chamber_id,
                training_centre=m.training_centre_id,
                company=m.company_id,
                opco=m.opco_id,
                person=user.person_id,
            )
        )
    return grants
