"""How many trainees, what the OPCO funds, what rights, which warnings: at the limits and one over."""

from __future__ import annotations

import pytest

from compagnon.rules import evaluate
from compagnon.rules.model import ContractKind, EmployerKind, Supervisee, SupervisorStatus
from compagnon.rules.outcome import Status
from compagnon.rules.params import Function, OpcoFundingRule, RuleData
from tests.rules.situations import MASTER_CASE, TUTOR_CASE, D, born, change, check

OK, KO, UNKNOWN = Status.OK, Status.KO, Status.UNKNOWN
APPRENTICE = Supervisee(kind=ContractKind.APPRENTISSAGE)
EXTENDED = Supervisee(kind=ContractKind.APPRENTISSAGE, extended_after_exam_failure=True)
PRO = Supervisee(kind=ContractKind.PROFESSIONNALISATION)


# --- capacity -------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("others", "this_extended", "expected"),
    [
        ((), False, OK),
        ((APPRENTICE,), False, OK),  # 2: at the limit
        ((APPRENTICE, APPRENTICE), False, KO),  # 3: one over
        ((APPRENTICE, EXTENDED), False, OK),  # 3 with one prolonged after failing the exam
        ((APPRENTICE, APPRENTICE), True, OK),  # the one evaluated is the prolonged one
        ((APPRENTICE, EXTENDED, EXTENDED), False, KO),  # only one extra
        ((APPRENTICE, PRO, PRO), False, OK),  # a master's ceiling counts apprentices only
        ((APPRENTICE, Supervisee(kind=None)), False, UNKNOWN),
        ((APPRENTICE, Supervisee(kind=ContractKind.APPRENTISSAGE, extended_after_exam_failure=None)), False, UNKNOWN),
    ],
    ids=["first", "at-limit", "one-over", "with-extended", "this-one-extended", "two-extended", "pro-not-counted",
         "kind-unknown", "extension-unknown"],
)  # fmt: skip
def test_a_master_has_at_most_two_apprentices_plus_one_prolonged(others, this_extended, expected):
    situation = change(
        contract={"extended_after_exam_failure": this_extended}, supervisor={"current_supervisees": others}
    )
    decision = evaluate(situation)
    assert decision.capacity.status is expected
    assert (decision.capacity.limit, decision.capacity.extra_for_extended) == (2, 1)
    assert decision.capacity.current == sum(1 for s in others if s.kind is ContractKind.APPRENTISSAGE)
    assert check(decision, "MASTER_CAPACITY").status is expected
    assert decision.capacity.basis.article == "R6223-6"


@pytest.mark.parametrize(("count", "expected"), [(4, OK), (5, KO)], ids=["5-at-limit", "6-one-over"])
def test_an_ett_master_may_have_five(count, expected):
    situation = change(employer={"kind": EmployerKind.ETT}, supervisor={"current_supervisees": (APPRENTICE,) * count})
    decision = evaluate(situation)
    assert (decision.capacity.limit, decision.capacity.status) == (5, expected)
    assert decision.capacity.basis.article == "R6226-5"


@pytest.mark.parametrize(
    ("limit", "until", "others", "expected"),
    [
        (4, D(2028, 1, 1), 3, OK),
        (4, D(2028, 1, 1), 4, KO),
        (4, D(2026, 8, 31), 3, KO),  # expired the day before the start
        (4, None, 3, UNKNOWN),  # its end date is not known
        (None, D(2028, 1, 1), 3, UNKNOWN),  # an exemption without its ceiling
        (None, D(2028, 1, 1), 1, OK),  # within the ordinary ceiling anyway
    ],
    ids=["within", "over", "expired", "end-unknown", "limit-unknown", "limit-unknown-but-within-2"],
)
def test_an_individual_exemption_raises_the_ceiling(limit, until, others, expected):
    situation = change(
        supervisor={
            "capacity_exemption_limit": limit,
            "capacity_exemption_until": until,
            "current_supervisees": (APPRENTICE,) * others,
        }
    )
    decision = evaluate(situation)
    assert decision.capacity.status is expected
    if limit and until and until >= situation.contract.start_date:
        assert decision.capacity.limit == limit and decision.capacity.basis.article == "R6223-7"


@pytest.mark.parametrize(
    ("status", "others", "expected"),
    [
        (SupervisorStatus.EMPLOYEE, 2, OK),
        (SupervisorStatus.EMPLOYEE, 3, KO),
        (SupervisorStatus.EMPLOYER, 1, OK),
        (SupervisorStatus.EMPLOYER, 2, KO),
        (None, 1, OK),
        (None, 2, UNKNOWN),
        (None, 3, KO),
    ],
    ids=["employee-3", "employee-4", "employer-2", "employer-3", "unknown-2", "unknown-3", "unknown-4"],
)
def test_a_tutor_has_at_most_three_trainees_two_for_the_employer(status, others, expected):
    mixed = (APPRENTICE, PRO, PRO)[:others]  # every kind counts for a tutor (D6325-9)
    situation = change(TUTOR_CASE, supervisor={"status": status, "current_supervisees": mixed})
    decision = evaluate(situation)
    assert decision.capacity.status is expected
    assert decision.capacity.current == others and decision.capacity.basis.article == "D6325-9"


def test_unknown_supervisees_make_capacity_unknown():
    decision = evaluate(change(supervisor={"current_supervisees": None}))
    assert decision.capacity.status is UNKNOWN and decision.capacity.current is None


# --- funding --------------------------------------------------------------------------------------------------------
def test_the_legal_ceilings_for_a_master():
    funding = evaluate(MASTER_CASE).funding
    training, function = funding.supervisor_training, funding.function
    assert (training.eur_per_hour, training.max_hours, training.max_eur) == (15, 40, 600)
    assert (function.eur_per_month, function.months, function.max_eur) == (230, 12, 2760)
    assert function.basis.article == "D6332-93" and training.basis.article == "D6332-92"
    assert function.source == "plafond légal"


@pytest.mark.parametrize(
    ("status", "headcount", "expected"),
    [
        (SupervisorStatus.EMPLOYEE, 500, 600),
        (SupervisorStatus.EMPLOYER, 10, 600),
        (SupervisorStatus.EMPLOYER, 11, 0),
        (SupervisorStatus.EMPLOYER, None, None),
        (SupervisorStatus.CONJOINT_COLLABORATEUR, 3, 0),
        (None, 3, None),
    ],
    ids=["employee", "employer-10", "employer-11", "employer-headcount-unknown", "conjoint", "status-unknown"],
)
def test_the_supervisors_training_is_funded_for_employees_and_small_employers(status, headcount, expected):
    situation = change(supervisor={"status": status}, employer={"headcount": headcount})
    training = evaluate(situation).funding.supervisor_training
    assert training.max_eur == expected
    assert training.reason


@pytest.mark.parametrize(
    ("age_days", "priority", "expected"),
    [(1, False, 1380), (0, False, 2070), (-1, False, 2070), (1, True, 2070), (1, None, None)],
    ids=["44", "45-on-the-start-date", "45-yesterday", "priority-public", "priority-unknown"],
)
def test_the_tutor_aid_is_increased_for_a_tutor_of_45_or_a_priority_public(age_days, priority, expected):
    start = TUTOR_CASE.contract.start_date
    situation = change(
        TUTOR_CASE, supervisor={"birth_date": born(start, 45, age_days)}, trainee={"priority_public": priority}
    )
    function = evaluate(situation).funding.function
    assert function.max_eur == expected
    assert function.months == 6


def test_no_master_aid_for_contracts_concluded_before_2019():
    before = evaluate(change(contract={"signature_date": D(2018, 12, 31)})).funding.function
    assert before.max_eur == 0 and "01/01/2019" in before.reason
    after = evaluate(change(contract={"signature_date": D(2019, 1, 1)})).funding.function
    assert after.max_eur == 2760


@pytest.mark.parametrize(
    ("signed", "age_45", "expected", "version"),
    [
        (D(2010, 1, 19), True, 1380, "2008-05-01"),
        (D(2010, 1, 20), True, 2070, "2010-01-20"),
        (D(2018, 12, 31), False, 1380, "2010-01-20"),
    ],
    ids=["before-decret-2010-60", "from-decret-2010-60", "2018"],
)
def test_the_tutor_aid_before_2019_was_the_old_d6332_91(signed, age_45, expected, version):
    start = signed
    situation = change(
        TUTOR_CASE,
        contract={"signature_date": signed, "start_date": start},
        supervisor={"birth_date": born(start, 45 if age_45 else 30)},
    )
    function = evaluate(situation).funding.function
    assert (function.max_eur, function.basis.article, function.basis.version) == (expected, "D6332-91", version)


OCAPIAT = RuleData(
    opco_by_idcc={"7024": "OCAPIAT"},
    opco_rules=(
        OpcoFundingRule(
            opco="OCAPIAT",
            function=Function.MASTER,
            valid_from=D(2019, 1, 1),
            valid_until=D(2025, 8, 31),
            eur_per_month=230,
            months=6,
            max_headcount_below=50,
            note="formation préalable du maître exigée",
        ),
        OpcoFundingRule(
            opco="OCAPIAT",
            function=Function.MASTER,
            valid_from=D(2025, 9, 1),
            eur_per_month=230,
            months=9,
            max_headcount_below=50,
        ),
    ),
)


@pytest.mark.parametrize(
    ("start", "headcount", "expected"),
    [(D(2025, 8, 31), 12, 1380), (D(2025, 9, 1), 12, 2070), (D(2025, 9, 1), 50, 0), (D(2025, 9, 1), None, None)],
    ids=["6-months-until-2025-08-31", "9-months-from-2025-09-01", "50-employees", "headcount-unknown"],
)
def test_an_opcos_own_amounts_apply_through_the_companys_idcc(start, headcount, expected):
    situation = change(contract={"start_date": start}, employer={"idcc": "7024", "headcount": headcount})
    function = evaluate(situation, OCAPIAT).funding.function
    assert function.max_eur == expected
    assert function.source == "OCAPIAT"
    assert "OCAPIAT" in function.reason


def test_an_opco_never_funds_more_than_the_law():
    generous = RuleData(
        opco_rules=(
            OpcoFundingRule(opco="X", function=Function.MASTER, valid_from=D(2019, 1, 1), eur_per_month=500, months=30),
        )
    )
    function = evaluate(change(employer={"opco": "X"}), generous).funding.function
    assert (function.eur_per_month, function.months, function.max_eur) == (230, 12, 2760)


def test_an_opco_that_does_not_fund_says_so():
    refuses = RuleData(
        opco_rules=(
            OpcoFundingRule(
                opco="Uniformation", function=Function.TUTOR, valid_from=D(2019, 1, 1), funded=False, note="Pro-A"
            ),
        )
    )
    situation = change(TUTOR_CASE, contract={"kind": ContractKind.PRO_A}, employer={"opco": "Uniformation"})
    function = evaluate(situation, refuses).funding.function
    assert function.max_eur == 0 and "ne finance pas" in function.reason


# --- rights and warnings --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("months", "expected"), [(5, KO), (6, OK), (None, UNKNOWN)])
def test_a_master_earns_240_euros_on_the_cpf_after_six_months(months, expected):
    rights = {r.code: r for r in evaluate(change(supervisor={"master_activity_months": months})).rights}
    credit = rights["CPF_MASTER_CREDIT"]
    assert (credit.status, credit.amount_eur, credit.basis.article) == (expected, 240, "D5151-14")
    assert "720 €" in credit.message


def test_a_tutor_has_no_master_cpf_credit():
    assert "CPF_MASTER_CREDIT" not in {r.code for r in evaluate(TUTOR_CASE).rights}


@pytest.mark.parametrize(
    ("base", "trainee", "expected"),
    [
        (MASTER_CASE, {"priority_public": True}, OK),
        (MASTER_CASE, {"priority_public": False, "followed_by_referent": True}, OK),
        (MASTER_CASE, {"priority_public": False, "followed_by_referent": False}, KO),
        (MASTER_CASE, {"priority_public": False, "no_permanent_job_in_3_years": True, "followed_by_referent": False},
         KO),  # (c) is for a contrat de professionnalisation only
        (TUTOR_CASE, {"priority_public": False, "followed_by_referent": False, "no_permanent_job_in_3_years": True},
         OK),
        (MASTER_CASE, {"priority_public": False}, UNKNOWN),
    ],
    ids=["priority", "referent", "none", "c-not-for-apprentices", "c-for-pro", "referent-unknown"],
)  # fmt: skip
def test_external_tutoring_for_the_publics_l6332_14_names(base, trainee, expected):
    rights = {r.code: r for r in evaluate(change(base, trainee=trainee)).rights}
    assert rights["EXTERNAL_TUTORING"].status is expected
    assert rights["EXTERNAL_TUTORING"].basis.article == "L6332-14"


@pytest.mark.parametrize(
    ("age", "signed", "warned"),
    [
        (14, D(2026, 6, 1), True),
        (15, D(2026, 6, 1), True),
        (16, D(2026, 6, 1), False),
        (29, D(2026, 6, 1), False),
        (30, D(2026, 6, 1), True),
        (25, D(2018, 6, 1), False),
        (26, D(2018, 6, 1), True),
    ],
    ids=["14", "15", "16", "29", "30", "25-before-2019", "26-before-2019"],
)
def test_the_apprentices_age_is_a_warning_that_never_changes_the_decision(age, signed, warned):
    start = signed
    situation = change(
        contract={"signature_date": signed, "start_date": start}, trainee={"birth_date": born(start, age)}
    )
    decision = evaluate(situation)
    codes = [w.code for w in decision.warnings]
    assert codes == (["APPRENTICE_AGE"] if warned else [])
    quiet = change(situation, trainee={"birth_date": born(start, 20)})
    assert decision.decision is evaluate(quiet).decision


def test_over_29_names_the_exceptions_and_their_35_year_limit():
    start = D(2026, 9, 1)
    decision = evaluate(change(trainee={"birth_date": born(start, 31)}))
    message = decision.warnings[0].message
    assert "travailleur handicapé" in message and "35 ans" in message
    assert decision.warnings[0].basis.article == "L6222-2"


def test_tutors_trainees_have_no_apprentice_age_warning():
    assert evaluate(change(TUTOR_CASE, trainee={"birth_date": D(1980, 1, 1)})).warnings == ()


def test_the_probation_end_is_given_for_apprentices_only():
    decision = evaluate(MASTER_CASE)
    assert decision.probation_end is not None and decision.probation_end.estimated
    assert decision.probation_end.date == D(2026, 11, 24)  # the 60th working day from Tuesday 1 September 2026
    assert evaluate(TUTOR_CASE).probation_end is None
