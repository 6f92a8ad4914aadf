"""« Doublons à vérifier »: the near-duplicates detection proposed (compagnon/people/identity.py), side by side, and
the regional animator's decision: merge keeping one, say they are different people, or undo a merge.

Who: the regional animator (and a superuser). A merge changes a person for every CFA, company and area they appear
in, beyond any one territory: the territorial animator, who sees a few areas, gets 403 (docs/identity.md).
Which proposals: those whose two people are both in the account's scope (a merged pair: the kept person, who now
holds both histories). Any other answers 404, as an object out of scope.
Actions are POSTs in two steps: the first shows what will happen and asks to confirm, the second does it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from compagnon.accounts.models import User
from compagnon.contracts.models import Contract, Supervision
from compagnon.people.identity import open_proposals
from compagnon.people.models import MergeProposal, Person
from compagnon.people.services import MergeError, check_merge, merge_people, reject_proposal, undo_merge, what_moves
from compagnon.www.decorators import role_required
from compagnon.www.navigation import DUPLICATES_ROLES
from compagnon.www.paging import page_of

Status = MergeProposal.Status
# The tabs of the page: ?statut=<value>, the first by default.
TABS: dict[str, tuple[str, Q]] = {
    "a-verifier": ("À vérifier", open_proposals()),
    "fusionnees": ("Fusionnées", Q(status=Status.MERGED)),
    "ecartees": ("Personnes différentes", Q(status=Status.REJECTED)),
}
CONFIRMED = "oui"
# Contracts shown per person and kind on a card; the person's page has them all.
CONTRACTS_SHOWN = 10


def visible_proposals(request: HttpRequest) -> QuerySet[MergeProposal]:
    """Proposals whose people are both in scope; for a merge, its kept person (who holds both histories now)."""
    scope = request.scope  # type: ignore[attr-defined]
    proposals = MergeProposal.objects.all()
    if scope.is_superuser:
        return proposals
    people = scope.filter_people(Person.objects.all(), plan="probe").values("pk")
    merged = Q(status=Status.MERGED, kept__in=people)
    separate = ~Q(status=Status.MERGED) & Q(person_a__in=people) & Q(person_b__in=people)
    return proposals.filter(merged | separate)


@dataclass
class Side:
    """One person of a proposal as the card shows them."""

    person: Person
    account: str = ""
    as_apprentice: list[Contract] = field(default_factory=list)
    as_supervisor: list[Supervision] = field(default_factory=list)


@dataclass
class Card:
    proposal: MergeProposal
    sides: list[Side]


def _cards(request: HttpRequest, proposals: list[MergeProposal]) -> list[Card]:
    """The page's proposals with their people's contracts in scope and accounts: three queries for the page."""
    scope = request.scope  # type: ignore[attr-defined]
    sides: dict[int, Side] = {}
    for proposal in proposals:
        for person in (proposal.person_a, proposal.person_b):
            sides.setdefault(person.pk, Side(person=person))
    ids = list(sides)
    contracts = scope.filter_contracts(Contract.objects.filter(apprentice_id__in=ids)).select_related("company")
    for contract in contracts.order_by("-start_date", "-id"):
        side = sides[contract.apprentice_id]
        if len(side.as_apprentice) < CONTRACTS_SHOWN:
            side.as_apprentice.append(contract)
    supervisions = Supervision.objects.filter(person_id__in=ids).select_related("contract__company")
    if (contract_q := scope.contract_q("contract__")) is not None:
        supervisions = supervisions.filter(contract_q)
    for supervision in supervisions.order_by("-contract__start_date", "-id"):
        side = sides[supervision.person_id]
        if len(side.as_supervisor) < CONTRACTS_SHOWN:
            side.as_supervisor.append(supervision)
    for person_id, username in User.objects.filter(person_id__in=ids).values_list("person_id", "username"):
        sides[person_id].account = username
    return [Card(proposal=p, sides=[sides[p.person_a_id], sides[p.person_b_id]]) for p in proposals]


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("page", "1")), 10_000))
    except ValueError:
        return 1


@role_required(*DUPLICATES_ROLES)
def duplicate_list(request: HttpRequest) -> HttpResponse:
    tab = request.GET.get("statut", "")
    if tab not in TABS:
        tab = next(iter(TABS))
    proposals = (
        visible_proposals(request)
        .filter(TABS[tab][1])
        .select_related("person_a", "person_b", "kept", "decided_by")
        .order_by("-score", "id")
    )
    page = page_of(proposals, _page_number(request))
    tabs = [(value, label, value == tab) for value, (label, _) in TABS.items()]
    return render(
        request,
        "people/duplicates.html",
        {"page": page, "cards": _cards(request, page.rows), "tabs": tabs, "tab": tab, "limit": CONTRACTS_SHOWN},
    )


def _back(tab: str = "a-verifier") -> HttpResponse:
    return redirect(f"{reverse('people:duplicates')}?statut={tab}")


def _confirm(request: HttpRequest, proposal: MergeProposal, **context: Any) -> HttpResponse:
    return render(request, "people/duplicate_confirm.html", {"proposal": proposal, "confirmed": CONFIRMED, **context})


@require_POST
@role_required(*DUPLICATES_ROLES)
def duplicate_merge(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(visible_proposals(request).select_related("person_a", "person_b"), pk=pk)
    keep_id = request.POST.get("garder", "")
    pair = {str(proposal.person_a_id): proposal.person_a, str(proposal.person_b_id): proposal.person_b}
    if keep_id not in pair:
        messages.error(request, "Choisissez laquelle des deux personnes garder : rien n'a été fusionné.")
        return _back()
    keep = pair[keep_id]
    try:
        kept, merged = check_merge(proposal=proposal, keep_id=keep.pk)
    except MergeError as error:
        messages.error(request, str(error))
        return _back()
    if request.POST.get("confirmer") != CONFIRMED:
        return _confirm(request, proposal, action="merge", kept=kept, merged=merged, moves=what_moves(merged=merged))
    try:
        merge_people(proposal=proposal, keep=keep, actor=request.user)
    except MergeError as error:
        messages.error(request, str(error))
        return _back()
    messages.success(
        request,
        f"{merged.full_name} a été fusionnée dans {kept.full_name} : ses contrats, tutorats et son compte sont "
        "maintenant les siens. Vous pouvez annuler cette fusion depuis l'onglet « Fusionnées ».",
    )
    return _back()


@require_POST
@role_required(*DUPLICATES_ROLES)
def duplicate_reject(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(visible_proposals(request).select_related("person_a", "person_b"), pk=pk)
    if Status.REJECTED not in MergeProposal.TRANSITIONS[proposal.status]:
        messages.error(request, "Cette proposition a déjà été traitée : rien n'a été modifié.")
        return _back()
    if request.POST.get("confirmer") != CONFIRMED:
        return _confirm(request, proposal, action="reject")
    try:
        reject_proposal(proposal=proposal, actor=request.user)
    except MergeError as error:
        messages.error(request, str(error))
        return _back()
    messages.success(
        request,
        f"{proposal.person_a.full_name} et {proposal.person_b.full_name} sont deux personnes différentes : "
        "cette paire ne sera plus proposée.",
    )
    return _back()


@require_POST
@role_required(*DUPLICATES_ROLES)
def duplicate_undo(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(visible_proposals(request).select_related("person_a", "person_b", "kept"), pk=pk)
    if proposal.status != Status.MERGED or proposal.kept is None:
        messages.error(request, "Ces deux personnes ne sont pas fusionnées : il n'y a pas de fusion à annuler.")
        return _back("fusionnees")
    kept = proposal.kept
    merged = proposal.person_b if kept.pk == proposal.person_a_id else proposal.person_a
    if request.POST.get("confirmer") != CONFIRMED:
        return _confirm(request, proposal, action="undo", kept=kept, merged=merged)
    try:
        undo_merge(proposal=proposal, actor=request.user)
    except MergeError as error:
        messages.error(request, str(error))
        return _back("fusionnees")
    messages.success(
        request,
        f"Fusion annulée : {merged.full_name} a retrouvé ses contrats, tutorats et son compte, séparément de "
        f"{kept.full_name}.",
    )
    return _back()
