"""Who may supervise, at the boundaries of every rule: dates, ages, months, levels, fields, employer kinds."""

from __future__ import annotations

import datetime as dt

import pytest

from compagnon.rules import evaluate
from compagnon.rules.model import ContractKind, Diploma, EmployerKind, Situation, SupervisorRole, SupervisorStatus
from compagnon.rules.outcome import Status
from compagnon.rules.params import BranchAgreement, CompetenceRoute, RuleData
from tests.rules.situations import MASTER_CASE, TUTOR_CASE, D, born, change, check

OK, KO, UNKNOWN = Status.OK, Status.KO, Status.UNKNOWN


def test_the_example_of_the_issue_is_eligible():
    decision = evaluate(MASTER_CASE)
    assert decision.decision is OK
    assert [c.code for c in decision.checks] == [
        "MASTER_STATUS",
        "MASTER_VOLUNTEER",
        "MASTER_ADULT",
        "MASTER_GOOD_CHARACTER",
        "MASTER_COMPETENCE",
        "MASTER_CAPACITY",
    ]
    assert all(c.message and c.basis.article and c.basis.version for c in decision.checks)
    assert check(decision, "MASTER_ADULT").basis.article == "L6223-8-1"
    assert check(decision, "MASTER_COMPETENCE").basis.article == "R6223-22"


# --- status, volunteering, character -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("status", "signed", "expected"),
    [
        (SupervisorStatus.EMPLOYEE, D(2019, 8, 22), OK),
        (SupervisorStatus.EMPLOYER, D(2019, 8, 22), OK),
        (SupervisorStatus.CONJOINT_COLLABORATEUR, D(2019, 8, 22), KO),
        (SupervisorStatus.CONJOINT_COLLABORATEUR, D(2019, 8, 23), OK),
        (None, D(2026, 6, 1), UNKNOWN),
    ],
    ids=["employee", "employer", "conjoint-day-before", "conjoint-from-2019-08-23", "status-unknown"],
)
def test_who_may_be_master(status, signed, expected):
    situation = change(contract={"signature_date": signed}, supervisor={"status": status})
    assert check(evaluate(situation), "MASTER_STATUS").status is expected


def test_the_conjoint_rule_follows_the_signature_date_not_the_start():
    signed_before = change(
        contract={"signature_date": D(2019, 8, 1), "start_date": D(2019, 9, 2)},
        supervisor={"status": SupervisorStatus.CONJOINT_COLLABORATEUR},
    )
    assert check(evaluate(signed_before), "MASTER_STATUS").status is KO
    no_signature = change(signed_before, contract={"signature_date": None})
    assert check(evaluate(no_signature), "MASTER_STATUS").status is OK


@pytest.mark.parametrize(("value", "expected"), [(True, OK), (False, KO), (None, UNKNOWN)])
def test_volunteering_and_good_character(value, expected):
    situation = change(supervisor={"volunteer": value, "good_character_attested": value})
    decision = evaluate(situation)
    assert check(decision, "MASTER_VOLUNTEER").status is expected
    assert check(decision, "MASTER_GOOD_CHARACTER").status is expected
    assert decision.decision is expected


@pytest.mark.parametrize(("days", "expected"), [(-1, OK), (0, OK), (1, KO)], ids=["18-yesterday", "18-today", "17"])
def test_the_master_is_adult_on_the_start_date(days, expected):
    start = MASTER_CASE.contract.start_date
    decision = evaluate(change(supervisor={"birth_date": born(start, 18, days)}))
    assert check(decision, "MASTER_ADULT").status is expected
    if expected is KO:
        assert "17 ans" in check(decision, "MASTER_ADULT").message


def test_an_unknown_birth_date_is_unknown_not_a_guess():
    assert check(evaluate(change(supervisor={"birth_date": None})), "MASTER_ADULT").status is UNKNOWN


# --- competence (R6223-22 and its history) ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("months", "diplomas", "expected"),
    [
        (11, (Diploma(5, "221"),), KO),
        (12, (Diploma(5, "221"),), OK),
        (23, (), KO),
        (24, (), OK),
        (23, None, UNKNOWN),  # diplomas unknown: route 1 might be met
        (None, (Diploma(5, "221"),), UNKNOWN),
    ],
    ids=["11-months-with-diploma", "12-months-with-diploma", "23-months-alone", "24-months-alone", "diplomas-unknown",
         "experience-unknown"],
)  # fmt: skip
def test_competence_since_2019(months, diplomas, expected):
    situation = change(supervisor={"relevant_experience_months": months, "diplomas": diplomas})
    assert check(evaluate(situation), "MASTER_COMPETENCE").status is expected


@pytest.mark.parametrize(
    ("level", "expected"), [(3, KO), (4, OK), (5, OK)], ids=["level-below", "level-equal", "level-above"]
)
def test_the_diploma_level_is_at_least_the_one_prepared(level, expected):
    situation = change(supervisor={"relevant_experience_months": 12, "diplomas": (Diploma(level, "221"),)})
    assert check(evaluate(situation), "MASTER_COMPETENCE").status is expected


@pytest.mark.parametrize(
    ("diploma_nsf", "expected"),
    [("221", OK), ("221t", OK), ("220", OK), ("222", UNKNOWN), ("310", KO), (None, UNKNOWN)],
    ids=["same-group", "group-with-letter", "general-group-of-domain", "other-group-same-domain", "other-domain",
         "nsf-unknown"],
)  # fmt: skip
def test_same_professional_field_from_nsf(diploma_nsf, expected):
    situation = change(supervisor={"relevant_experience_months": 12, "diplomas": (Diploma(5, diploma_nsf),)})
    decision = evaluate(situation)
    assert check(decision, "MASTER_COMPETENCE").status is expected
    if expected is UNKNOWN and diploma_nsf:
        assert "à apprécier" in check(decision, "MASTER_COMPETENCE").message


def test_one_good_diploma_among_several_is_enough():
    diplomas = (Diploma(3, "221"), Diploma(6, "310"), Diploma(4, "221"))
    situation = change(supervisor={"relevant_experience_months": 12, "diplomas": diplomas})
    assert check(evaluate(situation), "MASTER_COMPETENCE").status is OK


@pytest.mark.parametrize(
    ("signed", "months", "diplomas", "expected"),
    [
        # The day before the 2019 reform: diploma + 24 months, or 36 months with the commission's level.
        (D(2018, 12, 31), 12, (Diploma(5, "221"),), KO),
        (D(2019, 1, 1), 12, (Diploma(5, "221"),), OK),
        (D(2018, 12, 31), 24, (Diploma(5, "221"),), OK),
        (D(2018, 12, 31), 35, (), KO),
        (D(2018, 12, 31), 36, (), UNKNOWN),  # the commission's minimum level is not a fact of the input
        (D(2019, 1, 1), 24, (), OK),
        # Before décret 2011-1358: diploma + 36 months, or 60 months.
        (D(2011, 10, 26), 24, (Diploma(5, "221"),), KO),
        (D(2011, 10, 27), 24, (Diploma(5, "221"),), OK),
        (D(2011, 10, 26), 36, (Diploma(5, "221"),), OK),
        (D(2011, 10, 26), 59, (), KO),
        (D(2011, 10, 26), 60, (), OK),
    ],
    ids=["2018-diploma-12", "2019-diploma-12", "2018-diploma-24", "2018-35-alone", "2018-36-alone", "2019-24-alone",
         "2011-10-26-diploma-24", "2011-10-27-diploma-24", "2011-10-26-diploma-36", "2011-59-alone", "2011-60-alone"],
)  # fmt: skip
def test_competence_is_read_at_the_date_the_contract_was_concluded(signed, months, diplomas, expected):
    situation = change(
        contract={"signature_date": signed, "start_date": signed + dt.timedelta(days=20)},
        supervisor={"relevant_experience_months": months, "diplomas": diplomas},
    )
    competence = check(evaluate(situation), "MASTER_COMPETENCE")
    assert competence.status is expected
    assert competence.basis.article == "R6223-22"
    assert competence.basis.version == ("2019-01-01" if signed >= D(2019, 1, 1) else "2008-05-01")


def test_without_a_known_branch_agreement_the_message_says_the_regulation_applies():
    message = check(evaluate(MASTER_CASE), "MASTER_COMPETENCE").message
    assert "Aucun accord de branche connu pour l'IDCC 1501" in message
    no_idcc = check(evaluate(change(employer={"idcc": None})), "MASTER_COMPETENCE").message
    assert "IDCC de l'employeur non renseigné" in no_idcc


def test_a_configured_branch_agreement_replaces_the_regulation():
    agreement = BranchAgreement(
        idcc="1501",
        name="Accord de la restauration rapide",
        routes=(CompetenceRoute(months=36),),
        valid_from=D(2020, 1, 1),
        reference="avenant n° 55",
    )
    data = RuleData(branch_agreements=(agreement,))
    decision = evaluate(change(supervisor={"relevant_experience_months": 30}), data)
    competence = check(decision, "MASTER_COMPETENCE")
    assert competence.status is KO  # 30 months meet R6223-22, not this agreement
    assert competence.basis.article == "L6223-8-1" and "avenant n° 55" in competence.basis.note
    assert "Accord de branche" in competence.message
    before = change(contract={"start_date": D(2019, 9, 2)}, supervisor={"relevant_experience_months": 30})
    assert check(evaluate(before, data), "MASTER_COMPETENCE").status is OK  # agreement not yet in force


def test_a_public_employer_always_follows_the_regulation():
    agreement = BranchAgreement(idcc="1501", name="X", routes=(CompetenceRoute(months=99),), valid_from=D(2019, 1, 1))
    situation = change(employer={"kind": EmployerKind.PUBLIC})
    competence = check(evaluate(situation, RuleData(branch_agreements=(agreement,))), "MASTER_COMPETENCE")
    assert competence.status is OK and competence.basis.article == "D6273-1"


@pytest.mark.parametrize(("months", "expected"), [(23, KO), (24, OK), (None, KO)])
def test_an_ett_master_may_qualify_by_two_years_in_temporary_work(months, expected):
    situation = change(
        employer={"kind": EmployerKind.ETT},
        supervisor={"relevant_experience_months": 6, "diplomas": (), "ett_experience_months": months},
    )
    competence = check(evaluate(situation), "MASTER_COMPETENCE")
    assert competence.status is (UNKNOWN if months is None else expected)
    if expected is OK:
        assert competence.basis.article == "R6226-5"


# --- tutors ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("months", "expected"), [(23, KO), (24, OK), (None, UNKNOWN)])
def test_a_tutor_needs_two_years_of_related_experience(months, expected):
    decision = evaluate(change(TUTOR_CASE, supervisor={"relevant_experience_months": months}))
    experience = check(decision, "TUTOR_EXPERIENCE")
    assert experience.status is expected and experience.basis.article == "D6325-6"


def test_the_employer_may_tutor_on_the_same_conditions():
    decision = evaluate(
        change(TUTOR_CASE, supervisor={"status": SupervisorStatus.EMPLOYER, "volunteer": None, "birth_date": None})
    )
    assert check(decision, "TUTOR_VOLUNTEER").status is OK
    assert decision.decision is OK  # a tutor need not be adult by D6325-6: no age check


@pytest.mark.parametrize(
    ("kind", "signed", "exempt"),
    [
        (EmployerKind.GROUPEMENT_EMPLOYEURS, D(2020, 6, 1), True),
        (EmployerKind.ETT, D(2020, 6, 1), True),
        (EmployerKind.ASSOCIATION_INTERMEDIAIRE, D(2020, 12, 30), False),
        (EmployerKind.ASSOCIATION_INTERMEDIAIRE, D(2020, 12, 31), True),
        (EmployerKind.SIAE, D(2024, 6, 1), False),
        (EmployerKind.ENTREPRISE, D(2024, 6, 1), False),
        (EmployerKind.PUBLIC, D(2024, 6, 1), False),
    ],
    ids=["ge", "ett", "ai-day-before", "ai-from-2020-12-31", "siae", "entreprise", "public"],
)
def test_the_second_tutor_of_a_ge_an_ett_or_an_ai_is_exempt(kind, signed, exempt):
    situation = change(
        TUTOR_CASE,
        contract={"signature_date": signed, "start_date": signed + dt.timedelta(days=7)},
        employer={"kind": kind},
        supervisor={"second_tutor": True, "volunteer": False, "relevant_experience_months": 0,
                    "current_supervisees": TUTOR_CASE.supervisor.current_supervisees * 0},
    )  # fmt: skip
    decision = evaluate(situation)
    experience = check(decision, "TUTOR_EXPERIENCE")
    assert experience.status is (OK if exempt else KO)
    if exempt:
        assert experience.basis.article == "D6325-10"
        assert decision.capacity.limit is None and decision.capacity.status is OK
    if kind is EmployerKind.SIAE:
        assert "structures d'insertion" in experience.message


def test_a_second_tutor_of_unknown_employer_kind_is_unknown_rather_than_refused():
    situation = change(
        TUTOR_CASE, employer={"kind": None}, supervisor={"second_tutor": True, "relevant_experience_months": 0}
    )
    assert check(evaluate(situation), "TUTOR_EXPERIENCE").status is UNKNOWN


def test_the_tutor_experience_answer_is_its_own_whatever_was_evaluated_before():
    # The experience check is cached apart from the other tutor checks (eligibility._tutor_experience): keyed by the
    # months, the second tutor's note and whether the exemption is unknown, each situation gets its own answer.
    def tutor(months: int, employer_kind: EmployerKind | None, second_tutor: bool) -> Situation:
        return change(
            TUTOR_CASE,
            employer={"kind": employer_kind},
            supervisor={"second_tutor": second_tutor, "relevant_experience_months": months},
        )

    plain, longer = tutor(10, EmployerKind.ENTREPRISE, False), tutor(11, EmployerKind.ENTREPRISE, False)
    siae, unknown = tutor(10, EmployerKind.SIAE, True), tutor(10, None, True)
    for _ in range(2):  # cold, then from the cache
        answers = {name: check(evaluate(s), "TUTOR_EXPERIENCE") for name, s in [
            ("plain", plain), ("siae", siae), ("unknown", unknown), ("longer", longer)]}  # fmt: skip
        assert answers["plain"].status is KO and answers["plain"].message.endswith(": 10 mois déclarés.")
        assert answers["longer"].status is KO and answers["longer"].message.endswith(": 11 mois déclarés.")
        assert answers["siae"].status is KO and "structures d'insertion" in answers["siae"].message
        assert answers["unknown"].status is UNKNOWN and "Type d'employeur inconnu" in answers["unknown"].message


@pytest.mark.parametrize(
    ("signed", "expected_kind_check"),
    [(D(2025, 12, 31), None), (D(2026, 1, 1), KO), (D(2018, 12, 31), KO)],
    ids=["pro-a-2025-12-31", "pro-a-2026-01-01", "pro-a-before-2019"],
)
def test_pro_a_follows_the_tutor_rules_until_it_ended(signed, expected_kind_check):
    situation = change(TUTOR_CASE, contract={"kind": ContractKind.PRO_A, "signature_date": signed})
    decision = evaluate(situation)
    assert check(decision, "TUTOR_EXPERIENCE").status is OK
    kinds = [c for c in decision.checks if c.code == "CONTRACT_KIND"]
    assert [c.status for c in kinds] == ([] if expected_kind_check is None else [expected_kind_check])


def test_a_periode_de_reconversion_has_no_confirmed_tutor_rule():
    situation = change(
        TUTOR_CASE, contract={"kind": ContractKind.PERIODE_RECONVERSION, "signature_date": D(2026, 3, 1)}
    )
    decision = evaluate(situation)
    assert check(decision, "TUTOR_EXPERIENCE").status is UNKNOWN
    assert "L6324-1" in check(decision, "TUTOR_EXPERIENCE").message
    assert decision.capacity.status is UNKNOWN
    assert decision.decision is UNKNOWN
    before = change(situation, contract={"signature_date": D(2025, 12, 31)})
    assert check(evaluate(before), "CONTRACT_KIND").status is KO


@pytest.mark.parametrize(
    ("kind", "role"),
    [(ContractKind.APPRENTISSAGE, SupervisorRole.TUTOR), (ContractKind.PROFESSIONNALISATION, SupervisorRole.MASTER)],
)
def test_a_role_that_contradicts_the_contract_is_reported(kind, role):
    decision = evaluate(change(contract={"kind": kind}, supervisor={"role": role}))
    assert check(decision, "SUPERVISOR_ROLE").status is KO
    assert decision.decision is KO


# --- the overall answer ---------------------------------------------------------------------------------------------
def test_the_overall_answer_is_ko_over_unknown_over_ok():
    unknown = change(supervisor={"volunteer": None})
    assert evaluate(unknown).decision is UNKNOWN
    ko_and_unknown = change(unknown, supervisor={"good_character_attested": False})
    assert evaluate(ko_and_unknown).decision is KO
