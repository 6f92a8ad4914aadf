"""The checker's form: bad input gets a French message next to its field, never a 500; good input becomes the
Situation the rules engine reads, with every unanswered question as an unknown fact."""

from __future__ import annotations

import datetime as dt
import re

import pytest

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
from compagnon.www.rules.forms import CheckForm
from tests.www.rules.conftest import BAKER, assert_clean, checker_url, text_of

MINIMAL = {"contrat": "apprentissage", "debut": "2026-09-01"}

# (what is changed in the baker's answers, the field that must carry the error, words of the message)
BAD_INPUT = [
    pytest.param({"debut": "2026-02-31"}, "debut", "n'existe pas", id="impossible-date"),
    pytest.param({"naissance": "31/04/1985"}, "naissance", "n'existe pas", id="impossible-date-by-hand"),
    pytest.param({"conclusion": "hier"}, "conclusion", "mal écrite", id="date-as-words"),
    pytest.param({"naissance": "0985-03-14"}, "naissance", "entre 1900 et 2100", id="date-out-of-range"),
    pytest.param({"fin": "2026-08-31"}, "fin", "précède son début", id="end-before-start"),
    pytest.param({"naissance": "2027-01-01"}, "naissance", "né après le début", id="master-born-after-start"),
    pytest.param(
        {"alternant_naissance": "2026-09-01"}, "alternant_naissance", "né après le début", id="trainee-born-on-start"
    ),
    pytest.param({"experience": "-1"}, "experience", "négatif", id="negative-months"),
    pytest.param({"effectif": "-12"}, "effectif", "négatif", id="negative-headcount"),
    pytest.param({"suivis": "-2"}, "suivis", "négatif", id="negative-supervisees"),
    pytest.param({"experience_ett": "douze"}, "experience_ett", "nombre entier", id="number-in-words"),
    pytest.param({"experience": "2.5"}, "experience", "nombre entier", id="not-a-whole-number"),
    pytest.param({"experience": "99999"}, "experience", "trop grand", id="too-many-months"),
    pytest.param({"suivis": "51"}, "suivis", "trop grand", id="too-many-supervisees"),
    pytest.param({"derogation_plafond": "0"}, "derogation_plafond", "au moins 1", id="exemption-of-zero"),
    pytest.param({"nsf": "22"}, "nsf", "Code NSF", id="nsf-too-short"),
    pytest.param({"nsf": "2210"}, "nsf", "Code NSF", id="nsf-four-digits"),
    pytest.param({"diplome1_nsf": "abc"}, "diplome1_nsf", "Code NSF", id="diploma-nsf-letters"),
    pytest.param({"niveau": "9"}, "niveau", "de 1 à 8", id="level-above-8"),
    pytest.param({"niveau": "0"}, "niveau", "de 1 à 8", id="level-zero"),
    pytest.param({"diplome2_niveau": "-3"}, "diplome2_niveau", "de 1 à 8", id="diploma-level-negative"),
    pytest.param({"idcc": "15O1"}, "idcc", "Code IDCC", id="idcc-with-a-letter"),
    pytest.param({"idcc": "12345"}, "idcc", "Code IDCC", id="idcc-five-digits"),
    pytest.param({"contrat": "cdi"}, "contrat", "Type de contrat inconnu", id="unknown-contract-kind"),
    pytest.param({"contrat": ""}, "contrat", "Choisissez le type de contrat", id="no-contract-kind"),
    pytest.param({"debut": ""}, "debut", "Indiquez la date de début", id="no-start-date"),
    pytest.param({"employeur": "multinationale"}, "employeur", "Type d'employeur inconnu", id="unknown-employer"),
    pytest.param({"statut": "stagiaire"}, "statut", "Statut inconnu", id="unknown-status"),
    pytest.param({"volontaire": "peut-etre"}, "volontaire", "Oui, Non ou Je ne sais pas", id="yes-no-garbled"),
    pytest.param({"diplome": "non"}, "diplome", "Vous avez répondu Non", id="no-diploma-but-one-given"),
    pytest.param({"suivis_prolonges": "2"}, "suivis_prolonges", "ne peut pas dépasser", id="extended-over-followed"),
    pytest.param(
        {"suivis": "", "suivis_prolonges": "1"}, "suivis_prolonges", "Indiquez d'abord", id="extended-without-count"
    ),
]


@pytest.mark.parametrize(("change", "field", "words"), BAD_INPUT)
def test_bad_input_is_refused_with_a_french_message_on_its_field(change, field, words):
    form = CheckForm({**BAKER, **change})

    assert not form.is_valid()
    assert words in " ".join(form.errors[field]), form.errors
    assert list(form.errors) == [field], "only the faulty field is reported"


@pytest.mark.django_db
@pytest.mark.parametrize(("change", "field", "words"), BAD_INPUT)
def test_the_page_shows_the_message_next_to_the_field_and_no_answer(client, change, field, words):
    response = client.get(checker_url({**BAKER, **change}))

    assert response.status_code == 200
    assert_clean(response)
    page = response.content.decode()
    # Next to the field: its own error paragraph, tied to the input by aria-describedby.
    assert f'id="id_{field}_error"' in page
    assert page.count(f"id_{field}_error") >= 2, "the input is described by its error (aria-describedby)"
    assert words in text_of(response)
    assert "Certaines réponses sont à corriger" in text_of(response)
    assert response.context["answer"] is None
    assert 'id="resultat"' not in page


@pytest.mark.django_db
def test_nonsense_in_every_field_at_once_still_gives_a_page(client):
    garbage = dict.fromkeys(CheckForm.base_fields, "\x00<script>x</script>'\"")
    response = client.get(checker_url(garbage))

    assert response.status_code == 200
    assert "<script>x</script>" not in response.content.decode()
    assert len(response.context["form"].errors) >= 10


def test_the_form_without_any_answer_is_not_an_error_but_asks_for_the_two_required_facts():
    form = CheckForm({"volontaire": ""})
    assert not form.is_valid()
    assert set(form.errors) == {"contrat", "debut"}


def test_only_the_contract_kind_and_start_give_a_situation_of_unknown_facts():
    form = CheckForm(MINIMAL)
    assert form.is_valid(), form.errors

    assert form.situation() == Situation(
        contract=ContractFacts(kind=ContractKind.APPRENTISSAGE, start_date=dt.date(2026, 9, 1)),
        employer=Employer(),
        supervisor=Supervisor(
            role=SupervisorRole.MASTER,
            status=None,
            volunteer=None,
            good_character_attested=None,
            birth_date=None,
            diplomas=None,
            relevant_experience_months=None,
            ett_experience_months=None,
            second_tutor=None,
            current_supervisees=None,
        ),
        trainee=Trainee(birth_date=None, priority_public=None),
    )


def test_the_bakers_answers_become_the_bakers_situation():
    form = CheckForm(BAKER)
    assert form.is_valid(), form.errors

    assert form.situation() == Situation(
        contract=ContractFacts(
            kind=ContractKind.APPRENTISSAGE,
            start_date=dt.date(2026, 9, 1),
            end_date=dt.date(2028, 8, 31),
            certification_level=4,
            certification_nsf="221",
        ),
        employer=Employer(kind=EmployerKind.ENTREPRISE, headcount=12, idcc="1501"),
        supervisor=Supervisor(
            role=SupervisorRole.MASTER,
            status=SupervisorStatus.EMPLOYEE,
            volunteer=True,
            good_character_attested=True,
            birth_date=dt.date(1985, 3, 14),
            diplomas=(Diploma(level=5, nsf="221"),),
            relevant_experience_months=30,
            second_tutor=None,
            current_supervisees=(Supervisee(kind=ContractKind.APPRENTISSAGE, extended_after_exam_failure=None),),
        ),
        trainee=Trainee(birth_date=dt.date(2008, 2, 1), priority_public=False),
    )


@pytest.mark.parametrize(
    ("kind", "role"),
    [
        ("apprentissage", SupervisorRole.MASTER),
        ("professionnalisation", SupervisorRole.TUTOR),
        ("pro_a", SupervisorRole.TUTOR),
        ("periode_reconversion", SupervisorRole.TUTOR),
    ],
)
def test_the_role_is_deduced_from_the_contract_kind(kind, role):
    form = CheckForm({**MINIMAL, "contrat": kind})
    assert form.is_valid(), form.errors
    assert form.situation().supervisor.role is role


@pytest.mark.parametrize(
    ("answers", "diplomas"),
    [
        pytest.param({}, None, id="unknown"),
        pytest.param({"diplome": "non"}, (), id="none"),
        pytest.param({"diplome": "oui"}, (Diploma(),), id="one-of-unknown-level"),
        pytest.param({"diplome1_niveau": "5"}, (Diploma(level=5),), id="a-row-says-yes"),
        pytest.param(
            {"diplome": "oui", "diplome1_niveau": "3", "diplome1_nsf": "221", "diplome3_nsf": "233"},
            (Diploma(level=3, nsf="221"), Diploma(level=None, nsf="233")),
            id="rows-with-gaps",
        ),
    ],
)
def test_diplomas_known_unknown_or_none(answers, diplomas):
    form = CheckForm({**MINIMAL, **answers})
    assert form.is_valid(), form.errors
    assert form.situation().supervisor.diplomas == diplomas


@pytest.mark.parametrize(
    ("answers", "supervisees"),
    [
        pytest.param({}, None, id="unknown"),
        pytest.param({"suivis": "0"}, (), id="none"),
        pytest.param(
            {"suivis": "2", "suivis_prolonges": "1"},
            (
                Supervisee(kind=ContractKind.APPRENTISSAGE, extended_after_exam_failure=True),
                Supervisee(kind=ContractKind.APPRENTISSAGE, extended_after_exam_failure=False),
            ),
            id="one-extended",
        ),
        pytest.param(
            {"suivis": "1"},
            (Supervisee(kind=ContractKind.APPRENTISSAGE, extended_after_exam_failure=None),),
            id="extension-unknown",
        ),
    ],
)
def test_the_other_supervisees(answers, supervisees):
    form = CheckForm({**MINIMAL, **answers})
    assert form.is_valid(), form.errors
    assert form.situation().supervisor.current_supervisees == supervisees


@pytest.mark.parametrize(("given", "expected"), [("oui", True), ("non", False), ("", None)])
def test_yes_no_questions_have_three_states(given, expected):
    form = CheckForm({**MINIMAL, "volontaire": given, "public_prioritaire": given, "second_tuteur": given})
    assert form.is_valid(), form.errors
    situation = form.situation()
    assert situation.supervisor.volunteer is expected
    assert situation.trainee.priority_public is expected
    assert situation.supervisor.second_tutor is expected


def test_dates_typed_by_hand_and_codes_with_spaces_or_capitals_are_read():
    form = CheckForm({**MINIMAL, "debut": "01/09/2026", "nsf": " 221T ", "idcc": " 1501 "})
    assert form.is_valid(), form.errors
    situation = form.situation()
    assert situation.contract.start_date == dt.date(2026, 9, 1)
    assert situation.contract.certification_nsf == "221t"
    assert situation.employer.idcc == "1501"


def test_a_tutor_counts_the_others_with_the_contract_kind_that_counts_for_them():
    form = CheckForm({"contrat": "professionnalisation", "debut": "2026-10-05", "suivis": "3"})
    assert form.is_valid(), form.errors
    kinds = {other.kind for other in form.situation().supervisor.current_supervisees}
    assert kinds == {ContractKind.PROFESSIONNALISATION}


def test_the_empty_form_checks_je_ne_sais_pas_on_every_yes_no_question():
    html = CheckForm().as_div()
    for name in ("volontaire", "moralite", "diplome", "second_tuteur", "public_prioritaire"):
        checked = re.findall(rf'<input type="radio" name="{name}" value="([a-z]*)"[^>]*\bchecked\b', html)
        assert checked == [""], f"{name}: {checked}"


@pytest.mark.django_db
def test_a_bound_form_keeps_the_answers_given(client):
    response = client.get(checker_url({**BAKER, "experience": "-4"}))
    form = response.context["form"]
    assert form["experience"].value() == "-4"
    page = response.content.decode()
    assert 'value="-4"' in page and 'aria-invalid="true"' in page
