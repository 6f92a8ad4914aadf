"""Merging two people and undoing it: every row moves and comes back, the triggers follow, conflicts are refused.

Run on SQLite and on PostgreSQL (DATABASE_URL=postgres://...): the people of each contract and the name search index
are kept by database triggers, which differ between the two.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from compagnon.accounts.models import User
from compagnon.contracts.enums import SupervisionRole
from compagnon.contracts.models import Contract, ContractPerson, Supervision
from compagnon.core.models import AuditEntry
from compagnon.intake.classification import classify_people
from compagnon.people.models import (
    ApprenticeProfile,
    Diploma,
    ExperiencePeriod,
    MergeProposal,
    Person,
    SupervisorProfile,
)
from compagnon.people.services import MergeError, merge_people, reject_proposal, undo_merge
from tests.factories import make_contract, make_person, make_user

pytestmark = pytest.mark.django_db

BORN = dt.date(1979, 11, 4)


def proposal_for(a: Person, b: Person) -> MergeProposal:
    low, high = sorted([a.pk, b.pk])
    return MergeProposal.objects.create(person_a_id=low, person_b_id=high, score=80, reasons=["Essai"])


def supervise(contract: Contract, person: Person, role: str = SupervisionRole.MASTER, **kwargs) -> Supervision:
    return Supervision.objects.create(contract=contract, person=person, role=role, **kwargs)


def snapshot() -> dict[str, object]:
    """Everything a merge may touch, as plain values: equal snapshots mean an exact undo."""
    return {
        "people": list(Person.objects.order_by("pk").values()),
        "contracts": list(Contract.objects.order_by("pk").values_list("pk", "apprentice_id")),
        "supervisions": list(Supervision.objects.order_by("pk").values_list("pk", "person_id", "novelty")),
        "users": list(User.objects.order_by("pk").values_list("pk", "person_id")),
        "supervisor_profiles": list(SupervisorProfile.objects.order_by("pk").values()),
        "apprentice_profiles": list(ApprenticeProfile.objects.order_by("pk").values()),
        "diplomas": list(Diploma.objects.order_by("pk").values_list("pk", "profile_id")),
        "experiences": list(ExperiencePeriod.objects.order_by("pk").values_list("pk", "profile_id")),
        "contract_people": sorted(
            ContractPerson.objects.values_list("person_id", "contract_id", "supervision_id", "role")
        ),
    }


def people_of(contract: Contract, role: str) -> list[int]:
    return sorted(ContractPerson.objects.filter(contract=contract, role=role).values_list("person_id", flat=True))


@pytest.fixture
def masters(territory):
    """Two records of one master: Paul Dupont supervises one contract; Paul Dupond two, and has an account."""
    lille = territory["communes"]["Lille"]
    kept = make_person(last_name="Dupont", first_name="Paul", birth_date=BORN)
    kept_profile = SupervisorProfile.objects.create(person=kept)
    Diploma.objects.create(profile=kept_profile, title="CAP Cuisine", level=3)
    merged = make_person(
        last_name="Dupond", first_name="Paul", birth_date=BORN, email="paul.dupond@example.fr", phone="0601020304"
    )
    merged_profile = SupervisorProfile.objects.create(
        person=merged, job_title="Chef de cuisine", sponsor_volunteer=True
    )
    Diploma.objects.create(profile=merged_profile, title="BP Cuisine", level=4)
    ExperiencePeriod.objects.create(profile=merged_profile, description="Cuisinier", start_date=dt.date(2005, 1, 1))
    first = make_contract(commune=lille, supervisor=kept, start_date=dt.date(2019, 9, 1))
    second = make_contract(commune=lille, supervisor=merged, start_date=dt.date(2023, 9, 1))
    third = make_contract(commune=lille, start_date=dt.date(2024, 9, 1))
    supervise(third, merged, SupervisionRole.TUTOR)
    account = make_user(person=merged)
    classify_people([kept.pk, merged.pk])  # as an import leaves them
    return {
        "kept": kept,
        "merged": merged,
        "contracts": [first, second, third],
        "account": account,
        "proposal": proposal_for(kept, merged),
    }


def test_a_merge_moves_every_history_onto_the_kept_person(masters):
    kept, merged, (first, second, third) = masters["kept"], masters["merged"], masters["contracts"]
    actor = make_user(is_superuser=True)

    proposal = merge_people(proposal=masters["proposal"], keep=kept, actor=actor)

    assert proposal.status == MergeProposal.Status.MERGED and proposal.kept == kept
    assert proposal.decided_by == actor and proposal.decided_at is not None
    assert set(Supervision.objects.filter(person=kept).values_list("contract_id", flat=True)) == {
        first.pk,
        second.pk,
        third.pk,
    }
    assert not Supervision.objects.filter(person=merged).exists()
    profile = SupervisorProfile.objects.get(person=kept)
    assert sorted(profile.diplomas.values_list("title", flat=True)) == ["BP Cuisine", "CAP Cuisine"]
    assert list(profile.experiences.values_list("description", flat=True)) == ["Cuisinier"]
    # Empty facts of the kept person filled from the merged one; nothing of the kept person overwritten.
    assert (profile.job_title, profile.sponsor_volunteer) == ("Chef de cuisine", True)
    kept.refresh_from_db()
    assert (kept.email, kept.phone, kept.last_name) == ("paul.dupond@example.fr", "0601020304", "Dupont")
    masters["account"].refresh_from_db()
    assert masters["account"].person == kept
    merged.refresh_from_db()
    assert merged.merged_into == kept
    # The people of each contract follow through their triggers.
    assert people_of(second, "supervisor") == [kept.pk]
    assert people_of(third, "supervisor") == [kept.pk]
    # The kept person's history now starts in 2019: the later supervisions are no longer new.
    novelties = dict(Supervision.objects.filter(person=kept).values_list("contract_id", "novelty"))
    assert novelties[first.pk] == "new" and novelties[second.pk] != "new"


def test_undoing_a_merge_restores_everything_exactly(masters):
    actor = make_user(is_superuser=True)
    before = snapshot()
    proposal = merge_people(proposal=masters["proposal"], keep=masters["kept"], actor=actor)
    assert snapshot() != before

    proposal = undo_merge(proposal=proposal, actor=actor)

    assert proposal.status == MergeProposal.Status.UNDONE
    assert snapshot() == before


def test_an_undone_merge_can_be_done_again_keeping_the_other_person(masters):
    actor = make_user(is_superuser=True)
    proposal = merge_people(proposal=masters["proposal"], keep=masters["kept"], actor=actor)
    undo_merge(proposal=proposal, actor=actor)

    proposal = merge_people(proposal=proposal, keep=masters["merged"], actor=actor)

    assert proposal.kept == masters["merged"]
    assert Supervision.objects.filter(person=masters["merged"]).count() == 3
    masters["kept"].refresh_from_db()
    assert masters["kept"].merged_into == masters["merged"]


def test_a_fact_changed_after_the_merge_is_kept_by_the_undo(masters):
    actor = make_user(is_superuser=True)
    proposal = merge_people(proposal=masters["proposal"], keep=masters["kept"], actor=actor)
    Person.objects.filter(pk=masters["kept"].pk).update(email="paul@nouveau.fr")

    undo_merge(proposal=proposal, actor=actor)

    masters["kept"].refresh_from_db()
    assert masters["kept"].email == "paul@nouveau.fr"
    assert masters["kept"].phone == ""
    entry = AuditEntry.objects.filter(summary__startswith="Fusion annulée").first()
    assert entry.changes["champs modifiés depuis, gardés"] == ["email"]


def test_apprentices_merge_with_their_contracts_and_profile_facts(territory):
    lille = territory["communes"]["Lille"]
    kept = make_person(last_name="Nguyen", first_name="Lina", birth_date=dt.date(2006, 2, 3))
    ApprenticeProfile.objects.create(person=kept, sex="F")
    merged = make_person(last_name="Nguyen", first_name="Lina", birth_date=dt.date(2006, 3, 2))
    ApprenticeProfile.objects.create(person=merged, disabled_worker=True, prior_situation="school")
    contract = make_contract(commune=lille, apprentice=merged)
    other = make_contract(commune=lille, apprentice=kept)
    actor = make_user(is_superuser=True)
    before = snapshot()

    proposal = merge_people(proposal=proposal_for(kept, merged), keep=kept, actor=actor)

    contract.refresh_from_db()
    assert contract.apprentice == kept
    assert people_of(contract, "apprentice") == [kept.pk] and people_of(other, "apprentice") == [kept.pk]
    profile = ApprenticeProfile.objects.get(person=kept)
    assert (profile.sex, profile.disabled_worker, profile.prior_situation) == ("F", True, "school")
    # The merged person keeps its own profile, for the undo.
    assert ApprenticeProfile.objects.get(person=merged).disabled_worker

    undo_merge(proposal=proposal, actor=actor)

    assert snapshot() == before


def test_a_profile_only_the_merged_person_has_moves_whole_and_comes_back(territory):
    kept = make_person(last_name="Roux", first_name="Hugo", birth_date=BORN)
    merged = make_person(last_name="Roux", first_name="Hugo", birth_date=BORN)
    profile = SupervisorProfile.objects.create(person=merged, job_title="Boulanger")
    apprentice_profile = ApprenticeProfile.objects.create(person=merged)
    actor = make_user(is_superuser=True)

    proposal = merge_people(proposal=proposal_for(kept, merged), keep=kept, actor=actor)

    profile.refresh_from_db()
    apprentice_profile.refresh_from_db()
    assert profile.person == kept and apprentice_profile.person == kept
    undo_merge(proposal=proposal, actor=actor)
    profile.refresh_from_db()
    apprentice_profile.refresh_from_db()
    assert profile.person == merged and apprentice_profile.person == merged


def test_two_supervisions_of_one_contract_in_the_same_role_refuse_the_merge(masters):
    second = masters["contracts"][1]
    supervise(second, masters["kept"], SupervisionRole.MASTER, is_referent=False)
    before = snapshot()

    with pytest.raises(MergeError, match=f"encadrent le même contrat avec le même rôle \\(n°{second.pk}\\)"):
        merge_people(proposal=masters["proposal"], keep=masters["kept"], actor=None)

    assert snapshot() == before
    masters["proposal"].refresh_from_db()
    assert masters["proposal"].status == MergeProposal.Status.PROPOSED


def test_two_accounts_refuse_the_merge(masters):
    make_user(person=masters["kept"], username="paul.dupont")
    before = snapshot()

    with pytest.raises(MergeError, match="ont chacune un compte"):
        merge_people(proposal=masters["proposal"], keep=masters["kept"], actor=None)

    assert snapshot() == before


def test_a_second_merge_of_the_same_proposal_changes_nothing(masters):
    merge_people(proposal=masters["proposal"], keep=masters["kept"], actor=None)
    after = snapshot()

    with pytest.raises(MergeError, match="déjà été traitée"):
        merge_people(proposal=masters["proposal"], keep=masters["merged"], actor=None)

    assert snapshot() == after


def test_keeping_someone_outside_the_pair_is_refused(masters):
    with pytest.raises(MergeError, match="n'est pas l'une des deux personnes"):
        merge_people(proposal=masters["proposal"], keep=make_person(), actor=None)


def test_only_a_merge_can_be_undone_and_a_rejected_pair_cannot_be_merged(masters):
    with pytest.raises(MergeError, match="pas de fusion à annuler"):
        undo_merge(proposal=masters["proposal"], actor=None)

    reject_proposal(proposal=masters["proposal"], actor=None)

    with pytest.raises(MergeError, match="déjà été traitée"):
        merge_people(proposal=masters["proposal"], keep=masters["kept"], actor=None)


def test_merges_in_a_chain_point_to_the_last_kept_person_and_undo_in_reverse_order(territory):
    a, b, c = (make_person(last_name=name, first_name="Zoé", birth_date=BORN) for name in ("Morel", "Morell", "Moreel"))
    make_contract(apprentice=a)
    ab, bc = proposal_for(a, b), proposal_for(b, c)
    merge_people(proposal=ab, keep=b, actor=None)
    merge_people(proposal=bc, keep=c, actor=None)
    a.refresh_from_db()
    assert a.merged_into == c
    assert Contract.objects.get().apprentice == c

    with pytest.raises(MergeError, match="annulez d'abord cette fusion-là"):
        undo_merge(proposal=ab, actor=None)
    undo_merge(proposal=bc, actor=None)
    a.refresh_from_db()
    assert a.merged_into == b
    undo_merge(proposal=ab, actor=None)
    assert Contract.objects.get().apprentice == a
    assert not Person.objects.filter(merged_into__isnull=False).exists()


def test_merge_and_undo_write_who_did_what_in_the_journal(masters):
    actor = make_user(is_superuser=True, username="animatrice")
    kept, merged = masters["kept"], masters["merged"]
    before = last_audit_id()

    proposal = merge_people(proposal=masters["proposal"], keep=kept, actor=actor)
    undo_merge(proposal=proposal, actor=actor)

    journal = AuditEntry.objects.filter(id__gt=before).order_by("id")
    entries = list(journal.values_list("object_id", "summary", "actor_label", "action"))
    merge = f"Fusion : Paul DUPOND (n°{merged.pk}) fusionnée dans Paul DUPONT (n°{kept.pk})"
    undo = f"Fusion annulée : Paul DUPOND (n°{merged.pk}) séparée de Paul DUPONT (n°{kept.pk})"
    assert entries == [
        (str(kept.pk), merge, "animatrice", "update"),
        (str(merged.pk), merge, "animatrice", "update"),
        (str(kept.pk), undo, "animatrice", "update"),
        (str(merged.pk), undo, "animatrice", "update"),
    ]
    changes = journal.first().changes
    assert changes["tutorats"] == 2 and changes["comptes"] == 1 and changes["diplômes"] == 1


def test_rejecting_a_proposal_is_journaled(masters):
    before = last_audit_id()

    reject_proposal(proposal=masters["proposal"], actor=None)

    masters["proposal"].refresh_from_db()
    assert masters["proposal"].status == MergeProposal.Status.REJECTED
    assert AuditEntry.objects.get(id__gt=before).summary.startswith("Doublon écarté")


def last_audit_id() -> int:
    """The journal may hold entries of data loaded once for the whole session (reference data): count from here."""
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_merged_people_leave_name_searches_and_come_back_after_the_undo(masters):
    kept, merged = masters["kept"], masters["merged"]
    assert set(Person.objects.not_merged().search("paul dupon")) == {kept, merged}

    proposal = merge_people(proposal=masters["proposal"], keep=kept, actor=None)
    assert set(Person.objects.not_merged().search("paul dupon")) == {kept}
    assert set(Person.objects.search("dupond")) == {merged}  # the index itself still holds the name

    undo_merge(proposal=proposal, actor=None)
    assert set(Person.objects.not_merged().search("paul dupon")) == {kept, merged}


def test_every_relation_to_a_person_is_handled_by_the_merge():
    """A new model pointing at Person must be moved by merge_people (and back by undo_merge): add it there."""
    handled = {
        ("accounts", "user", "person"),
        ("contracts", "contract", "apprentice"),
        ("contracts", "supervision", "person"),
        ("contracts", "contractperson", "person"),  # database triggers
        ("people", "supervisorprofile", "person"),
        ("people", "apprenticeprofile", "person"),
        ("people", "person", "merged_into"),
        ("people", "mergeproposal", "person_a"),
        ("people", "mergeproposal", "person_b"),
        ("people", "mergeproposal", "kept"),
    }
    found = {
        (f.model._meta.app_label, f.model._meta.model_name, f.name)
        for model in connection.introspection.installed_models(connection.introspection.table_names())
        for f in model._meta.get_fields(include_hidden=True)
        if f.concrete and f.is_relation and f.related_model is Person
    }
    assert found == handled
