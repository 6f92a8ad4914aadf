"""Invariants of the engine over situations generated at random (hypothesis)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from compagnon.rules import evaluate
from compagnon.rules.model import (
    ContractFacts,
    ContractKind,
    Diploma,
    Employer,
    EmployerKind,
    Situation,
    Supervisee,
    Supervisor,
    SupervisorRole,
    SupervisorStatus,
    Trainee,
)
from compagnon.rules.outcome import Status

RANK = {Status.KO: 0, Status.UNKNOWN: 1, Status.OK: 2}


def maybe(strategy):  # type: ignore[no-untyped-def]
    return st.none() | strategy


dates = st.dates(min_value=dt.date(2008, 5, 1), max_value=dt.date(2032, 12, 31))
nsf = maybe(st.sampled_from(["220", "221", "222", "221t", "310", "312", "100"]))
supervisees = st.builds(
    Supervisee, kind=maybe(st.sampled_from(list(ContractKind))), extended_after_exam_failure=maybe(st.booleans())
)


@st.composite
def situations(draw):  # type: ignore[no-untyped-def]
    start = draw(dates)
    signed = draw(maybe(st.dates(min_value=start - dt.timedelta(days=90), max_value=start)))
    contract = ContractFacts(
        kind=draw(st.sampled_from(list(ContractKind))),
        start_date=start,
        end_date=start + dt.timedelta(days=draw(st.integers(180, 1100))),
        signature_date=signed,
        certification_level=draw(maybe(st.integers(1, 8))),
        certification_nsf=draw(nsf),
        extended_after_exam_failure=draw(maybe(st.booleans())),
    )
    supervisor = Supervisor(
        role=draw(st.sampled_from(list(SupervisorRole))),
        status=draw(maybe(st.sampled_from(list(SupervisorStatus)))),
        volunteer=draw(maybe(st.booleans())),
        good_character_attested=draw(maybe(st.booleans())),
        birth_date=draw(maybe(st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2012, 1, 1)))),
        diplomas=draw(maybe(st.lists(st.builds(Diploma, level=maybe(st.integers(1, 8)), nsf=nsf), max_size=3).map(
            tuple))),
        relevant_experience_months=draw(maybe(st.integers(0, 400))),
        ett_experience_months=draw(maybe(st.integers(0, 100))),
        second_tutor=draw(maybe(st.booleans())),
        capacity_exemption_limit=draw(maybe(st.integers(1, 6))),
        capacity_exemption_until=draw(maybe(dates)),
        current_supervisees=draw(maybe(st.lists(supervisees, max_size=6).map(tuple))),
        master_activity_months=draw(maybe(st.integers(0, 24))),
    )  # fmt: skip
    employer = Employer(
        kind=draw(maybe(st.sampled_from(list(EmployerKind)))),
        headcount=draw(maybe(st.integers(0, 5000))),
        idcc=draw(maybe(st.sampled_from(["1501", "7024", "3248"]))),
    )
    trainee = Trainee(
        birth_date=draw(maybe(st.dates(min_value=dt.date(1960, 1, 1), max_value=dt.date(2016, 1, 1)))),
        priority_public=draw(maybe(st.booleans())),
        followed_by_referent=draw(maybe(st.booleans())),
        no_permanent_job_in_3_years=draw(maybe(st.booleans())),
    )
    return Situation(contract=contract, employer=employer, supervisor=supervisor, trainee=trainee)


@settings(max_examples=250, deadline=None)
@given(situations(), st.integers(1, 120))
def test_more_experience_never_makes_an_answer_worse(situation, more):
    months = situation.supervisor.relevant_experience_months
    if months is None:
        return
    richer = replace(situation, supervisor=replace(situation.supervisor, relevant_experience_months=months + more))
    before, after = evaluate(situation), evaluate(richer)
    assert RANK[after.decision] >= RANK[before.decision]
    assert not (before.decision is Status.OK and after.decision is Status.KO)
    for old, new in zip(before.checks, after.checks, strict=True):
        assert RANK[new.status] >= RANK[old.status], (old, new)


@settings(max_examples=250, deadline=None)
@given(situations(), supervisees)
def test_adding_a_supervisee_never_lowers_current_nor_frees_capacity(situation, extra):
    others = situation.supervisor.current_supervisees
    if others is None:
        return
    busier = replace(situation, supervisor=replace(situation.supervisor, current_supervisees=(*others, extra)))
    before, after = evaluate(situation).capacity, evaluate(busier).capacity
    if before.current is not None and after.current is not None:
        assert after.current >= before.current
    assert not (before.status is Status.KO and after.status is Status.OK)


@settings(max_examples=300, deadline=None)
@given(situations())
def test_every_answer_is_explained_and_the_decision_sums_the_checks(situation):
    decision = evaluate(situation)
    statuses = [c.status for c in decision.checks]
    expected = Status.KO if Status.KO in statuses else Status.UNKNOWN if Status.UNKNOWN in statuses else Status.OK
    assert decision.decision is expected
    for item in (*decision.checks, decision.capacity, *decision.warnings, *decision.rights):
        assert item.message.strip()
        assert item.basis.article and dt.date.fromisoformat(item.basis.version)
    for funding in (decision.funding.supervisor_training, decision.funding.function):
        assert funding.reason.strip()
        assert funding.max_eur is None or funding.max_eur >= 0
    assert decision.funding.function.max_eur is None or decision.funding.function.max_eur <= 2760
    if decision.probation_end is not None and decision.probation_end.date is not None:
        assert decision.probation_end.date >= situation.contract.start_date


@settings(max_examples=200, deadline=None)
@given(situations())
def test_a_fact_turned_unknown_never_turns_ko_into_ok(situation):
    """Forgetting a fact may make an answer unknown, never better than what the facts proved wrong."""
    vaguer = replace(situation, supervisor=replace(situation.supervisor, volunteer=None, birth_date=None))
    before, after = evaluate(situation), evaluate(vaguer)
    assert not (before.decision is Status.KO and after.decision is Status.OK)
    assert not (before.decision is Status.OK and after.decision is Status.KO)
