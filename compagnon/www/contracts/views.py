from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from compagnon.accounts.enums import Role
from compagnon.compliance.rule_data import current_rule_data
from compagnon.compliance.services import situations
from compagnon.contracts.enums import SupervisionRole
from compagnon.contracts.models import Contract, Supervision
from compagnon.intake.permits import permit_for
from compagnon.organisations.models import TrainingCentre
from compagnon.rules import evaluate
from compagnon.territory.models import EmploymentArea
from compagnon.www.contracts.exports import contracts_export
from compagnon.www.contracts.forms import ContractFilterForm
from compagnon.www.decorators import role_required
from compagnon.www.exports import export_list
from compagnon.www.lists import paginate, render_list
from compagnon.www.rules.display import Answer, present

# What a contract row shows: one join each, never a query per row; and only the columns shown (300 full model
# instances, with their timestamps parsed, were half the Python cost of a list page).
ROW_RELATED = ("apprentice", "company", "training_centre", "employment_area", "certification")
ROW_FIELDS = (
    "kind",
    "start_date",
    "planned_end_date",
    "rupture_date",
    "apprentice__first_name",
    "apprentice__last_name",
    "company__name",
    "training_centre__name",
    "employment_area__name",
    "certification__level",
)


def as_rows(contracts: QuerySet[Contract]) -> QuerySet[Contract]:
    """Contracts with what a row of a contract table shows (contracts/includes/results.html and table.html)."""
    return contracts.select_related(*ROW_RELATED).only(*ROW_FIELDS)


def area_choices(request: HttpRequest) -> list[tuple[str, str]]:
    areas = request.scope.filter_areas(EmploymentArea.objects.all())  # type: ignore[attr-defined]
    return [(code, f"{name} ({code})") for code, name in areas.order_by("name").values_list("code", "name")]


def centre_choices(request: HttpRequest) -> list[tuple[int, str]]:
    centres = request.scope.filter_training_centres(TrainingCentre.objects.all())  # type: ignore[attr-defined]
    return list(centres.order_by("search_name", "id").values_list("id", "name"))


def filtered_contracts(request: HttpRequest, *, today: dt.date) -> tuple[ContractFilterForm, QuerySet[Contract]]:
    """The bound filter form and the contracts it selects in the account's scope, sorted: the page and its export."""
    form = ContractFilterForm(request.GET, areas=area_choices(request), centres=centre_choices(request))
    form.is_valid()
    contracts = request.scope.filter_contracts(Contract.objects.all())  # type: ignore[attr-defined]
    return form, form.filter(contracts, today=today).order_by(*form.order_by)


@role_required(*Role)
def contract_list(request: HttpRequest) -> HttpResponse:
    today = dt.date.today()
    form, contracts = filtered_contracts(request, today=today)
    listing = paginate(as_rows(contracts), form)
    for contract in listing.rows:
        contract.status_label = contract.status_on(today).label
    return render_list(
        request,
        "contracts/list.html",
        "contracts/includes/results.html",
        {"form": form, "listing": listing, "today": today},
    )


@role_required(*Role)
def contract_export(request: HttpRequest) -> HttpResponseBase:
    today = dt.date.today()
    form, contracts = filtered_contracts(request, today=today)
    return export_list(
        request,
        lambda: contracts_export(contracts, today=today),
        stem="contrats",
        form=form,
        personal=True,
        list_url=reverse("contracts:list"),
    )


@role_required(*Role)
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contracts = request.scope.filter_contracts(Contract.objects.all())  # type: ignore[attr-defined]
    contract = get_object_or_404(
        contracts.select_related(*ROW_RELATED, "workplace_commune", "opco", "certification__nsf"), pk=pk
    )
    supervisions = list(contract.supervisions.select_related("person").order_by("-is_referent", "id"))
    return render(
        request,
        "contracts/detail.html",
        {
            "contract": contract,
            "supervisions": supervisions,
            "status": contract.status_on(dt.date.today()),
            # Accounts that may import contracts correct one through the entry form (compagnon/www/intake/entry.py).
            "can_correct": bool(contract.source_id) and permit_for(request.scope) is not None,  # type: ignore[attr-defined]
            "compliance": compliance_panels(
                Supervision.objects.filter(contract=contract).order_by("-is_referent", "id")
            ),
        },
    )


def compliance_panels(supervisions: QuerySet[Supervision]) -> list[tuple[Supervision, Answer]]:
    """Each supervision's answer from the rules engine, computed now from the facts recorded (a few queries)."""
    found = list(situations(supervisions, today=timezone.localdate()))
    if not found:
        return []
    data = current_rule_data()
    return [
        (supervision, present(evaluate(situation, data), master=supervision.role == SupervisionRole.MASTER))
        for supervision, situation in found
    ]
