from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from compagnon.accounts.enums import Role
from compagnon.compliance.models import SupervisionCompliance
from compagnon.contracts.enums import ContractPersonRole, ContractStatus
from compagnon.contracts.models import Contract, ContractPerson, Supervision
from compagnon.people.models import Person
from compagnon.www.contracts.views import area_choices, as_rows, compliance_panels
from compagnon.www.decorators import role_required
from compagnon.www.exports import export_list
from compagnon.www.lists import paginate, render_list
from compagnon.www.people.exports import people_export
from compagnon.www.people.forms import PersonFilterForm

# How a stored compliance is shown: a symbol and words, never colour alone.
COMPLIANCE_SHOWN = {
    "ok": ("ok", "✓", "Conforme"),
    "ko": ("ko", "✗", "Non conforme"),
    "unknown": ("unknown", "?", "À vérifier"),
    "": ("unknown", "…", "Pas encore calculée"),
}
# The answers computed on a person's page: their running contracts, this many at most.
PANELS = 5
# A person's page lists their contracts; beyond this many, the most recent ones.
DETAIL_CONTRACTS = 50
# Whether a person is in scope is checked against their contracts: counting 10,000 of them costs ~300 ms at 10^6
# contracts for a territorial animator, 1,000 costs ~25 ms ("plus de 1 000" is as useful a figure).
PEOPLE_COUNT_CAP = 1_000


def filtered_people(request: HttpRequest) -> tuple[PersonFilterForm, QuerySet[Person]]:
    """The bound filter form and the people it selects in the account's scope, sorted: the page and its export."""
    form = PersonFilterForm(request.GET, areas=area_choices(request))
    form.is_valid()
    scope = request.scope  # type: ignore[attr-defined]
    return form, form.filter(Person.objects.not_merged(), scope=scope).order_by(*form.order_by)


@role_required(*Role)
def person_list(request: HttpRequest) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    form, people = filtered_people(request)

    def with_roles(ids: list[int]) -> QuerySet[Person]:
        # The roles shown on each row, as seen through the account's scope: two lookups, for the page's rows only.
        rows = ContractPerson.objects.filter(scope.contract_person_q() or Q(), person_id=OuterRef("pk"))
        return Person.objects.filter(pk__in=ids).annotate(
            is_apprentice=Exists(rows.filter(role=ContractPersonRole.APPRENTICE)),
            is_supervisor=Exists(rows.filter(role=ContractPersonRole.SUPERVISOR)),
        )

    listing = paginate(people, form, fetch=with_roles, count_cap=PEOPLE_COUNT_CAP)
    return render_list(request, "people/list.html", "people/includes/results.html", {"form": form, "listing": listing})


@role_required(*Role)
def person_export(request: HttpRequest) -> HttpResponseBase:
    form, people = filtered_people(request)
    return export_list(
        request,
        lambda: people_export(people, scope=request.scope),  # type: ignore[attr-defined]
        stem="personnes",
        form=form,
        personal=True,
        list_url=reverse("people:list"),
    )


@role_required(*Role)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request.scope  # type: ignore[attr-defined]
    # One person: probed directly, whatever the size of the scope.
    people = scope.filter_people(
        Person.objects.select_related("supervisor_profile", "apprentice_profile"), plan="probe"
    )
    person = get_object_or_404(people, pk=pk)
    if person.merged_into_id is not None:
        # Merged into another person (« Doublons à vérifier »): their history is there now.
        return redirect("people:detail", person.merged_into_id)
    contracts = as_rows(scope.filter_contracts(Contract.objects.all())).order_by("-start_date", "-id")
    as_apprentice = list(contracts.filter(apprentice=person)[:DETAIL_CONTRACTS])
    supervised_ids = Supervision.objects.filter(person=person).values("contract_id")
    as_supervisor = list(contracts.filter(pk__in=supervised_ids)[:DETAIL_CONTRACTS])
    # The stored answer of the rules engine for each of these supervisions (compagnon.compliance): one query.
    decisions = dict(
        SupervisionCompliance.objects.filter(
            supervision__person=person, supervision__contract__in=[c.pk for c in as_supervisor]
        ).values_list("supervision__contract_id", "decision")
    )
    for contract in as_supervisor:
        contract.compliance = COMPLIANCE_SHOWN.get(decisions.get(contract.pk, ""), COMPLIANCE_SHOWN[""])
    # The full answer, computed now, for the contracts running today (at most a few: R6223-6, D6325-9).
    today = timezone.localdate()
    running = [c.pk for c in as_supervisor if c.status_on(today) == ContractStatus.ACTIVE]
    panels = compliance_panels(
        Supervision.objects.filter(person=person, contract_id__in=running[:PANELS]).select_related("contract")
    )
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "supervisor_profile": getattr(person, "supervisor_profile", None),
            "apprentice_profile": getattr(person, "apprentice_profile", None),
            "as_apprentice": as_apprentice,
            "as_supervisor": as_supervisor,
            "limit": DETAIL_CONTRACTS,
            "compliance": panels,
            "by_contract": True,
            "experienced": Person.objects.filter(pk=person.pk).experienced_masters(on=today).first(),
        },
    )
