"""From the platform's data to the rules engine and back: situations read from the database, answers stored."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from compagnon.certifications.models import NsfGroup
from compagnon.compliance.models import (
    BranchAgreement,
    BranchCompetenceRoute,
    BranchOpco,
    Decision,
    OpcoFundingRule,
    SupervisionCompliance,
)
from compagnon.compliance.rule_data import current_rule_data
from compagnon.compliance.services import refresh_compliance, situations
from compagnon.contracts.enums import ContractKind, SupervisionRole
from compagnon.contracts.models import Supervision
from compagnon.core.models import AuditEntry
from compagnon.people.models import ApprenticeProfile, Diploma, ExperiencePeriod
from compagnon.rules.model import ContractKind as Kind
from compagnon.rules.model import EmployerKind, SupervisorStatus
from tests.factories import make_apprentice, make_certification, make_company, make_contract, make_opco, make_supervisor

pytestmark = pytest.mark.django_db
D = dt.date
START = D(2025, 9, 1)


def nsf(code: str) -> NsfGroup:
    return NsfGroup.objects.get_or_create(code=code, defaults={"label": code, "domain": code[:2]})[0]


@pytest.fixture
def master():
    person = make_supervisor(birth_date=D(1980, 1, 1))
    profile = person.supervisor_profile
    Diploma.objects.create(profile=profile, title="CAP Cuisine", level=3, nsf=nsf("221"))
    return person


def situation_for(supervision: Supervision):
    (found,) = [s for sup, s in situations(Supervision.objects.filter(pk=supervision.pk), today=D(2026, 6, 1))]
    return found


def supervise(contract, person, **facts) -> Supervision:
    return Supervision.objects.create(
        contract=contract, person=person, role=SupervisionRole.MASTER, is_referent=True, **facts
    )


def add_period(person, kind, code, start, end):
    ExperiencePeriod.objects.create(
        profile=person.supervisor_profile, kind=kind, description="x", nsf=nsf(code) if code else None,
        start_date=start, end_date=end,
    )  # fmt: skip


def test_the_facts_of_a_supervision_are_read_from_the_database(territory, master):
    company = make_company(kind="temporary_work", headcount=8, idcc="1501", opco=make_opco(code="opco-de-test-3"))
    contract = make_contract(company=company, certification=make_certification(level=3), start_date=START)
    supervision = supervise(contract, master, status="employee", volunteer=True, good_character_attested=None)
    situation = situation_for(supervision)
    assert situation.contract.kind is Kind.APPRENTISSAGE and situation.contract.start_date == START
    assert (situation.contract.certification_level, situation.contract.certification_nsf) == (3, "221")
    assert situation.employer.kind is EmployerKind.ETT
    assert (situation.employer.headcount, situation.employer.idcc, situation.employer.opco) == (
        8,
        "1501",
        "opco-de-test-3",
    )
    assert situation.supervisor.status is SupervisorStatus.EMPLOYEE
    assert (situation.supervisor.volunteer, situation.supervisor.good_character_attested) == (True, None)
    assert [(d.level, d.nsf) for d in situation.supervisor.diplomas] == [(3, "221")]
    assert situation.supervisor.birth_date == D(1980, 1, 1)


def test_experience_counts_the_related_field_up_to_the_start_without_training_periods_since_2019(territory, master):
    contract = make_contract(certification=make_certification(level=3), start_date=START)
    add_period(master, "employment", "221", D(2022, 9, 1), None)  # 36 months until the start (2025-09-01)
    add_period(master, "employment", "310", D(2015, 1, 1), D(2020, 1, 1))  # another domain: not relevant
    add_period(master, "internship", "221", D(2014, 1, 1), D(2014, 12, 31))  # a training period: not counted
    add_period(master, "temporary_work", "220", D(2019, 1, 1), D(2020, 12, 31))  # 24 months, general group: related
    situation = situation_for(supervise(contract, master))
    assert situation.supervisor.relevant_experience_months == 60  # 36 + 24
    assert situation.supervisor.ett_experience_months == 24


def test_experience_of_undetermined_field_is_unknown_unless_enough_already(territory, master):
    contract = make_contract(certification=make_certification(level=3), start_date=START)
    add_period(master, "employment", "221", D(2024, 9, 1), None)
    add_period(master, "employment", "222", D(2015, 1, 1), D(2020, 1, 1))  # same domain, other group: to judge
    supervision = supervise(contract, master)
    assert situation_for(supervision).supervisor.relevant_experience_months is None
    add_period(master, "employment", "221", D(2010, 1, 1), D(2014, 12, 31))  # 60 sure months and more
    assert situation_for(supervision).supervisor.relevant_experience_months >= 60


def test_the_supervisees_current_on_the_start_date_are_counted_and_not_the_others(territory, master):
    make_contract(supervisor=master, start_date=D(2024, 9, 1))  # current on 2025-09-01
    make_contract(supervisor=master, start_date=D(2022, 9, 1))  # ended 2024-08-31
    broken = make_contract(supervisor=master, start_date=D(2024, 10, 1), rupture_date=D(2025, 1, 15))
    assert broken.rupture_date
    contract = make_contract(start_date=START)
    situation = situation_for(supervise(contract, master))
    assert len(situation.supervisor.current_supervisees) == 1
    # Master activity over 2024 and 2025 (today: 2026-06-01): the 2022 contract until 2024-08-31, the 2024 one from
    # 2024-09-01, the broken one inside them: the whole two years, counted once.
    assert situation.supervisor.master_activity_months == 24


@pytest.mark.parametrize(
    ("flags", "level", "birth", "expected"),
    [
        ({"long_term_jobseeker": True}, 4, D(1990, 1, 1), True),
        ({"minimum_benefits": True}, None, None, True),
        ({}, 2, D(2005, 1, 1), True),  # 20 years old without a vocational diploma
        ({}, 3, D(2005, 1, 1), False),  # holds a CAP
        ({}, None, D(2005, 1, 1), None),
        ({}, None, D(1990, 1, 1), False),  # 35: the age route does not apply
    ],
    ids=["jobseeker", "rsa", "young-without-diploma", "young-with-cap", "diploma-unknown", "older"],
)
def test_the_priority_public_of_l6325_1_1(territory, master, flags, level, birth, expected):
    apprentice = make_apprentice(birth_date=birth)
    ApprenticeProfile.objects.filter(person=apprentice).update(highest_diploma_level=level, **flags)
    contract = make_contract(apprentice=apprentice, start_date=START, kind=ContractKind.PROFESSIONNALISATION)
    supervision = Supervision.objects.create(contract=contract, person=master, role=SupervisionRole.TUTOR)
    assert situation_for(supervision).trainee.priority_public is expected


def test_refreshing_stores_each_answer_and_a_journal_entry(territory, master):
    add_period(master, "employment", "221", D(2015, 1, 1), None)
    good = supervise(make_contract(start_date=START), master, status="employee", volunteer=True)
    bad = supervise(
        make_contract(start_date=START), make_supervisor(birth_date=D(2010, 1, 1)), status="employee", volunteer=False
    )
    result = refresh_compliance()
    assert result.supervisions == 2
    stored = {c.supervision_id: c for c in SupervisionCompliance.objects.all()}
    assert stored[bad.pk].decision == Decision.KO
    assert stored[good.pk].decision in (Decision.OK, Decision.UNKNOWN)
    checks = {c["code"]: c["status"] for c in stored[bad.pk].answer["checks"]}
    assert checks["MASTER_ADULT"] == "ko" and checks["MASTER_VOLUNTEER"] == "ko"
    assert AuditEntry.objects.filter(action=AuditEntry.Action.COMPLIANCE).count() == 1
    Supervision.objects.filter(pk=bad.pk).update(volunteer=True)  # no signal: the nightly refresh catches it
    refresh_compliance()
    assert {c["code"]: c["status"] for c in SupervisionCompliance.objects.get(pk=bad.pk).answer["checks"]}[
        "MASTER_VOLUNTEER"
    ] == "ok"
    assert SupervisionCompliance.objects.count() == 2


def test_a_change_of_fact_recomputes_the_compliance_when_the_transaction_commits(
    territory, master, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        supervision = supervise(make_contract(start_date=START), master, status="employee", volunteer=False)
    assert SupervisionCompliance.objects.get(pk=supervision.pk).decision == Decision.KO
    with django_capture_on_commit_callbacks(execute=True):
        supervision.volunteer = True
        supervision.good_character_attested = True
        supervision.save()
    answer = SupervisionCompliance.objects.get(pk=supervision.pk).answer
    assert {c["code"]: c["status"] for c in answer["checks"]}["MASTER_VOLUNTEER"] == "ok"
    assert SupervisionCompliance.objects.get(pk=supervision.pk).computed_at <= timezone.now()


def test_a_new_diploma_recomputes_the_masters_supervisions(territory, django_capture_on_commit_callbacks):
    person = make_supervisor()
    with django_capture_on_commit_callbacks(execute=True):
        supervision = supervise(
            make_contract(start_date=START, certification=make_certification(level=3)),
            person,
            status="employee",
            volunteer=True,
            good_character_attested=True,
        )
    before = {c["code"]: c["status"] for c in SupervisionCompliance.objects.get(pk=supervision.pk).answer["checks"]}
    assert before["MASTER_COMPETENCE"] != "ok"
    with django_capture_on_commit_callbacks(execute=True):
        Diploma.objects.create(profile=person.supervisor_profile, title="CAP", level=3, nsf=nsf("221"))
        add_period(person, "employment", "221", D(2020, 1, 1), None)
    after = {c["code"]: c["status"] for c in SupervisionCompliance.objects.get(pk=supervision.pk).answer["checks"]}
    assert after["MASTER_COMPETENCE"] == "ok"


def test_the_configured_rule_data_reaches_the_engine(territory):
    agreement = BranchAgreement.objects.create(idcc="1501", name="Restauration rapide", valid_from=D(2020, 1, 1))
    BranchCompetenceRoute.objects.create(agreement=agreement, months=36)
    BranchCompetenceRoute.objects.create(agreement=agreement, months=6, diploma_min_levels_above=1)
    BranchAgreement.objects.create(idcc="9999", name="Sans voie", valid_from=D(2020, 1, 1))  # incomplete: ignored
    opco = make_opco(code="opco-de-test-2")
    BranchOpco.objects.create(idcc="7024", opco=opco)
    OpcoFundingRule.objects.create(
        opco=opco, function="master", valid_from=D(2025, 9, 1), eur_per_month=230, months=9, max_headcount_below=50
    )
    data = current_rule_data()
    (read,) = data.branch_agreements
    assert (read.idcc, [(r.months, r.diploma_min_levels_above) for r in read.routes]) == ("1501", [(36, None), (6, 1)])
    assert data.opco_by_idcc == {"7024": "opco-de-test-2"}
    (rule,) = data.opco_rules
    assert (rule.opco, rule.months, rule.max_headcount_below) == ("opco-de-test-2", 9, 50)
    assert data.opco_rule(data.opco_of(None, "7024"), rule.function, D(2025, 9, 1)) == rule
