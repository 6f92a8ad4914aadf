"""The home page: what is in the account's scope today, each figure linking to its list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from compagnon.accounts.enums import Role
from compagnon.accounts.models import User
from compagnon.contracts.enums import ContractStatus
from compagnon.contracts.models import Contract
from compagnon.core.pagination import CappedCount, capped_count
from compagnon.organisations.models import Company, TrainingCentre
from compagnon.people.models import Person
from compagnon.www.people.views import PEOPLE_COUNT_CAP

# The free-rupture window of an apprenticeship (L6222-18): new masters must be reached before it closes.
NEW_CONTRACT_DAYS = 45


@dataclass(frozen=True)
class Figure:
    count: CappedCount
    label: str
    help: str
    url: str
    priority: bool = False


def _figures(request: HttpRequest, today: dt.date) -> list[Figure]:
    scope = request.scope  # type: ignore[attr-defined]
    contracts = scope.filter_contracts(Contract.objects.all())
    since = today - dt.timedelta(days=NEW_CONTRACT_DAYS)
    new_contracts = contracts.active(on=today).filter(start_date__gt=since)
    contracts_url = reverse("contracts:list")
    # The same figures as the list's own filters, so a click shows exactly the rows counted.
    active_query = urlencode({"statut": ContractStatus.ACTIVE})
    new_query = urlencode(
        {"statut": ContractStatus.ACTIVE, "debut_du": (since + dt.timedelta(days=1)).isoformat(), "debut_au": today}
    )
    return [
        Figure(
            count=capped_count(new_contracts),
            label="nouveaux contrats : maîtres à contacter",
            help=f"En cours et commencés depuis moins de {NEW_CONTRACT_DAYS} jours : "
            "leurs maîtres d'apprentissage sont à contacter avant la fin de la période des 45 jours.",
            url=f"{contracts_url}?{new_query}",
            priority=True,
        ),
        Figure(
            count=capped_count(contracts.active(on=today)),
            label="contrats en cours",
            help="Commencés, non terminés et non rompus à ce jour.",
            url=f"{contracts_url}?{active_query}",
        ),
        Figure(
            count=capped_count(scope.filter_companies(Company.objects.all())),
            label="entreprises",
            help="Employeurs de votre périmètre.",
            url=reverse("companies:list"),
        ),
        Figure(
            count=capped_count(scope.filter_people(Person.objects.all()), PEOPLE_COUNT_CAP),
            label="personnes",
            help="Alternants, maîtres d'apprentissage et tuteurs de votre périmètre.",
            url=reverse("people:list"),
        ),
        Figure(
            count=capped_count(scope.filter_training_centres(TrainingCentre.objects.all())),
            label="CFA",
            help="Centres de formation de votre périmètre.",
            url=reverse("centres:list"),
        ),
    ]


def _regional_contacts() -> list[User]:
    """Whom to ask for access: the regional animators who have an e-mail address (a few, never a long list)."""
    return list(
        User.objects.filter(memberships__role=Role.REGIONAL_ANIMATOR, is_active=True)
        .exclude(email="")
        .select_related("person")
        .distinct()
        .order_by("last_name", "username")[:3]
    )


def home(request: HttpRequest) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    has_access = scope.is_superuser or bool(scope.grants)
    today = timezone.localdate()
    context = {
        "has_access": has_access,
        "today": today,
        "figures": _figures(request, today) if has_access else [],
        "contacts": [] if has_access else _regional_contacts(),
        "role_labels": [Role(r).label for r in sorted({g.role for g in scope.grants})],
    }
    return render(request, "home/home.html", context)
