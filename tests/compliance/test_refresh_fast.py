"""refresh_compliance reads plain rows in one streamed query and writes with the raw cursor: it must store exactly what
evaluating each supervision's `situation_of` (the model-instance path of the pages) gives, whatever the batches."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from compagnon.certifications.models import NsfGroup
from compagnon.compliance import services
from compagnon.compliance.models import SupervisionCompliance
from compagnon.compliance.rule_data import current_rule_data
from compagnon.compliance.services import answer_text, refresh_compliance, situations
from compagnon.contracts.enums import ContractKind, SupervisionRole
from compagnon.contracts.models import Contract, Supervision
from compagnon.people.models import ApprenticeProfile, Diploma, ExperiencePeriod, SupervisorProfile
from compagnon.rules import evaluate, jsonio
from tests.factories import (
    make_apprentice,
    make_certification,
    make_company,
    make_contract,
    make_opco,
    make_person,
    make_supervisor,
)

pytestmark = pytest.mark.django_db
D = dt.date


def nsf(code: str) -> NsfGroup:
    return NsfGroup.objects.get_or_create(code=code, defaults={"label": code, "domain": code[:2]})[0]


def supervise(contract: Contract, person, role=SupervisionRole.MASTER, **facts) -> Supervision:
    return Supervision.objects.create(contract=contract, person=person, role=role, **facts)


def period(person, kind: str, code: str | None, start: dt.date, end: dt.date | None) -> None:
    ExperiencePeriod.objects.create(
        profile=person.supervisor_profile, kind=kind, description="x", nsf=nsf(code) if code else None,
        start_date=start, end_date=end,
    )  # fmt: skip


@pytest.fixture
def region(territory):
    """Masters with several contracts (running, ended, broken), tutors and a second tutor, diplomas and experience of
    every kind, priority publics, OPCOs through the company or the contract, facts left unknown."""
    today = timezone.localdate()
    opco_company = make_opco(code="opco-de-test-entreprise")
    opco_contract = make_opco(code="opco-de-test-contrat")
    bakery = make_company(kind="ordinary", headcount=8, idcc="1501", opco=opco_company)
    agency = make_company(kind="temporary_work", headcount=300, idcc="", opco=None)
    group = make_company(kind="employer_group", headcount=None, idcc="1979")
    cap = make_certification(level=3)
    bts = make_certification(level=5, nsf=nsf("310"))
    unknown_field = make_certification(level=4, nsf=None)

    chef = make_supervisor(birth_date=D(1975, 4, 2))
    Diploma.objects.create(profile=chef.supervisor_profile, title="CAP Cuisine", level=3, nsf=nsf("221"))
    Diploma.objects.create(profile=chef.supervisor_profile, title="BTS", level=5, nsf=nsf("310"))
    period(chef, "employment", "221", D(2012, 1, 1), None)
    period(chef, "internship", "221", D(2010, 1, 1), D(2010, 6, 30))
    period(chef, "temporary_work", "220", D(2008, 1, 1), D(2011, 12, 31))
    SupervisorProfile.objects.filter(person=chef).update(
        capacity_exemption_limit=3, capacity_exemption_until=today + dt.timedelta(days=400)
    )
    # Running, ended, broken, and upcoming contracts of one master: capacity and master activity read them together.
    for start, extra in [
        (today - dt.timedelta(days=200), {}),
        (today - dt.timedelta(days=900), {"extended_after_exam_failure": True}),
        (today - dt.timedelta(days=300), {"rupture_date": today - dt.timedelta(days=100)}),
        (today - dt.timedelta(days=30), {"signature_date": today - dt.timedelta(days=60)}),
        (today + dt.timedelta(days=20), {"certification": bts, "opco": opco_contract}),  # the contract's OPCO wins
    ]:
        contract = make_contract(
            company=bakery, certification=extra.pop("certification", cap), start_date=start, **extra
        )
        supervise(contract, chef, is_referent=True, status="employee", volunteer=True, good_character_attested=True)

    # A master with only a diploma of a near field (to judge), one in an unknown field, no experience period.
    baker = make_supervisor(birth_date=D(1990, 1, 1))
    Diploma.objects.create(profile=baker.supervisor_profile, title="CAP", level=3, nsf=nsf("222"))
    Diploma.objects.create(profile=baker.supervisor_profile, title="Autre", level=4, nsf=None)
    period(baker, "employment", "222", D(2015, 1, 1), D(2020, 1, 1))
    period(baker, "apprenticeship", None, D(2020, 2, 1), None)
    shared = make_contract(company=bakery, certification=unknown_field, start_date=today - dt.timedelta(days=10))
    supervise(shared, baker, is_referent=True, status="employer", volunteer=None)
    # A tutoring team: a second master on the same contract, without a supervisor profile.
    supervise(shared, make_person(birth_date=None), volunteer=False)

    # Priority publics: long-term jobseeker, RSA, young without diploma, unknown diploma; an apprentice without profile.
    for flags, level, birth in [
        ({"long_term_jobseeker": True}, 4, D(1990, 1, 1)),
        ({"minimum_benefits": True}, None, None),
        ({}, 2, today.replace(year=today.year - 20)),
        ({}, None, today.replace(year=today.year - 19)),
    ]:
        apprentice = make_apprentice(birth_date=birth)
        ApprenticeProfile.objects.filter(person=apprentice).update(highest_diploma_level=level, **flags)
        contract = make_contract(
            company=agency,
            apprentice=apprentice,
            kind=ContractKind.PROFESSIONNALISATION,
            start_date=today - dt.timedelta(days=40),
            opco=opco_contract,
        )
        supervise(contract, baker, role=SupervisionRole.TUTOR, status="employee", volunteer=True)
    tutor = make_supervisor(birth_date=D(1985, 6, 6))
    period(tutor, "temporary_work", "310", D(2016, 1, 1), D(2019, 12, 31))
    for company in (agency, group):
        contract = make_contract(
            company=company,
            apprentice=make_person(birth_date=D(2004, 2, 29)),
            kind=ContractKind.PROFESSIONNALISATION,
            start_date=today - dt.timedelta(days=5),
        )
        supervise(contract, tutor, role=SupervisionRole.TUTOR, is_referent=True, volunteer=True)
        supervise(contract, chef, role=SupervisionRole.TUTOR, is_second_tutor=True)
    # A tutor named on an apprenticeship: the role contradicts the contract.
    supervise(make_contract(company=group, start_date=today - dt.timedelta(days=3)), tutor, role=SupervisionRole.TUTOR)
    return {"chef": chef, "baker": baker, "tutor": tutor}


def one_by_one(supervisions) -> dict[int, object]:
    """Each supervision evaluated alone, through `situation_of` (one read per supervision)."""
    data, today = current_rule_data(), timezone.localdate()
    found = {}
    for pk in supervisions.values_list("pk", flat=True):
        ((_, situation),) = situations(Supervision.objects.filter(pk=pk), today=today)
        found[pk] = evaluate(situation, data)
    return found


def stored() -> dict[int, tuple[str, dict]]:
    return {c.supervision_id: (c.decision, c.answer) for c in SupervisionCompliance.objects.all()}


def expected(decisions) -> dict[int, tuple[str, dict]]:
    return {
        pk: (d.decision.value, {"checks": [{"code": c.code, "status": c.status.value} for c in d.checks]})
        for pk, d in decisions.items()
    }


@pytest.mark.parametrize("batch", [1, 2, 3, 5_000], ids=["batch-1", "batch-2", "batch-3", "batch-5000"])
@pytest.mark.parametrize("dense", [0, 10**9], ids=["profiles-by-list", "profiles-by-range"])
def test_refreshing_stores_what_each_supervision_evaluated_alone_gives(region, monkeypatch, batch, dense):
    monkeypatch.setattr(services, "REFRESH_BATCH", batch)
    monkeypatch.setattr(services, "DENSE", dense)
    result = refresh_compliance()
    alone = one_by_one(Supervision.objects.all())
    assert result.supervisions == len(alone) == Supervision.objects.count()
    assert stored() == expected(alone)
    assert {d.decision.value for d in alone.values()} == {"ok", "ko", "unknown"}  # a varied set


def test_the_bulk_path_builds_the_situations_and_decisions_of_situation_of(region, monkeypatch):
    data, today = current_rule_data(), timezone.localdate()
    seen = []

    def evaluate_and_keep(situation, data):
        seen.append(situation)
        return evaluate(situation, data)

    monkeypatch.setattr(services, "evaluate", evaluate_and_keep)
    decided = [item for batch in services._decisions(None, today=today, data=data) for item in batch]
    bulk = {item.supervision_id: (situation, item.decision) for item, situation in zip(decided, seen, strict=True)}
    alone = {
        supervision.pk: (situation, evaluate(situation, data))
        for supervision, situation in situations(Supervision.objects.all(), today=today)
    }
    assert {pk: situation for pk, (situation, _) in bulk.items()} == {pk: s for pk, (s, _) in alone.items()}
    assert {pk: jsonio.decision_to_json(d) for pk, (_, d) in bulk.items()} == {
        pk: jsonio.decision_to_json(d) for pk, (_, d) in alone.items()
    }


def test_refreshing_some_supervisions_counts_the_other_supervisions_of_their_people(region):
    today = timezone.localdate()
    # The chef's contract of a month ago, alone: on its start the one of 200 days ago runs, outside the selection.
    some = Supervision.objects.filter(person=region["chef"], contract__start_date=today - dt.timedelta(days=30))
    result = refresh_compliance(supervisions=some)
    alone = one_by_one(some)
    assert result.supervisions == len(alone) == 1
    assert stored() == expected(alone)
    (decision,) = alone.values()
    assert decision.capacity.current == 1
    bulk = [item for decided in services._decisions(some, today=today, data=current_rule_data()) for item in decided]
    assert [jsonio.decision_to_json(item.decision) for item in bulk] == [jsonio.decision_to_json(decision)]


def test_the_stored_answer_is_the_text_json_dumps_writes(region):
    refresh_compliance()
    for pk, decision in one_by_one(Supervision.objects.all()).items():
        text = answer_text(decision)
        assert json.loads(text) == expected({pk: decision})[pk][1]
        assert text == json.dumps(json.loads(text))
    if connection.vendor == "sqlite":  # stored as given; PostgreSQL's jsonb keeps the value, not the text
        with connection.cursor() as cursor:
            cursor.execute("SELECT answer FROM compliance_supervisioncompliance")
            texts = {row[0] for row in cursor.fetchall()}
        assert texts == {answer_text(d) for d in one_by_one(Supervision.objects.all()).values()}


def test_an_unchanged_answer_is_not_written_again(region):
    first = refresh_compliance()
    assert first.changed == first.supervisions
    dates = dict(SupervisionCompliance.objects.values_list("pk", "computed_at"))
    again = refresh_compliance()
    assert (again.supervisions, again.changed) == (first.supervisions, 0)
    assert dict(SupervisionCompliance.objects.values_list("pk", "computed_at")) == dates
    # No signal on a queryset update: only the refresh sees the change.
    changed = Supervision.objects.filter(person=region["baker"], role=SupervisionRole.MASTER, is_referent=True)
    assert changed.update(volunteer=False) == 1
    third = refresh_compliance()
    assert third.changed == 1
    (pk,) = changed.values_list("pk", flat=True)
    assert SupervisionCompliance.objects.get(pk=pk).computed_at > dates[pk]
    assert stored() == expected(one_by_one(Supervision.objects.all()))


def test_refreshing_reads_and_writes_in_as_many_queries_whatever_the_number_of_supervisions(region):
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            refresh_compliance()
        return len(context.captured_queries)  # an executemany is one

    few = queries()
    SupervisionCompliance.objects.all().delete()
    for _ in range(10):
        make_contract(supervisor=make_supervisor(), start_date=timezone.localdate())
    assert queries() == few
    # Rule data (3), the streamed read, diplomas, periods, the upsert (on PostgreSQL: its temporary table, the upsert
    # from it once COPY filled it, and emptied), the audit entry, and a savepoint.
    assert few <= 12
