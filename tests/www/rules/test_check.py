"""The checker's answer: the same as the rules engine's on the same facts, in words a master reads, linked to the
articles, printable, public, and with no database query beyond the rule data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from compagnon.accounts.enums import Role
from compagnon.compliance.rule_data import current_rule_data
from compagnon.core.templatetags.fr import format_date
from compagnon.rules import evaluate
from compagnon.rules.articles import articles
from compagnon.rules.outcome import Status
from compagnon.www.rules import display
from compagnon.www.rules.forms import CheckForm
from tests.factories import make_user
from tests.www.rules.conftest import BAKER, assert_clean, checker_url, text_of

pytestmark = pytest.mark.django_db

NNBSP, NBSP = "\u202f", "\u00a0"

# Situations of docs/rules.md and a few more, as the checker's answers.
SITUATIONS = {
    "boulanger-eligible": BAKER,
    "maitre-de-17-ans-et-troisieme-apprenti": {
        **BAKER,
        "naissance": "2008-09-02",
        "diplome": "non",
        "diplome1_niveau": "",
        "diplome1_nsf": "",
        "experience": "24",
        "suivis": "2",
        "suivis_prolonges": "0",
    },
    "contrat-conclu-en-2018": {
        "contrat": "apprentissage",
        "conclusion": "2018-12-15",
        "debut": "2019-01-07",
        "niveau": "3",
        "nsf": "233",
        "statut": "employer",
        "volontaire": "oui",
        "moralite": "oui",
        "naissance": "1970-01-01",
        "diplome1_niveau": "3",
        "diplome1_nsf": "233",
        "experience": "12",
        "suivis": "0",
    },
    "tuteur-de-45-ans-en-groupement": {
        "contrat": "professionnalisation",
        "debut": "2026-10-05",
        "niveau": "5",
        "employeur": "groupement_employeurs",
        "effectif": "40",
        "statut": "employee",
        "volontaire": "oui",
        "naissance": "1981-10-05",
        "experience": "6",
        "second_tuteur": "oui",
        "suivis": "3",
    },
    "ett-avec-derogation": {
        **BAKER,
        "employeur": "ett",
        "experience": "6",
        "experience_ett": "24",
        "derogation_plafond": "4",
        "derogation_fin": "2027-12-31",
        "suivis": "3",
    },
    "faits-manquants": {"contrat": "apprentissage", "debut": "2026-09-01", "statut": "employer"},
    "periode-de-reconversion": {"contrat": "periode_reconversion", "debut": "2026-03-02", "volontaire": "oui"},
}


def expected_decision(params):  # type: ignore[no-untyped-def]
    form = CheckForm(params)
    assert form.is_valid(), form.errors
    return evaluate(form.situation(), current_rule_data())


def answer_html(response) -> str:  # type: ignore[no-untyped-def]
    page = response.content.decode()
    start = page.index('<section class="checker-answer"')
    return page[start : page.index("</section>", start)]


@pytest.mark.parametrize("params", SITUATIONS.values(), ids=SITUATIONS.keys())
def test_the_answer_is_the_engines_on_the_same_facts(client, params):
    decision = expected_decision(params)

    response = client.get(checker_url(params))

    assert response.status_code == 200
    assert_clean(response)
    answer = response.context["answer"]
    assert answer.status == decision.decision.value
    text = text_of(response)
    assert display.VERDICTS[decision.decision].word in text
    shown = [(line.code, line.status, line.message) for line in answer.checks]
    assert shown == [(check.code, check.status.value, check.message) for check in decision.checks]
    for check in decision.checks:
        symbol, words = display.CHECK_STATUS[check.status]
        assert f"{symbol} {words} {display.CHECK_TITLES[check.code]} {check.message}" in text
    for item in (*decision.rights, *decision.warnings):
        assert item.message in text
    assert decision.funding.supervisor_training.reason in text
    assert decision.funding.function.reason in text
    if decision.probation_end is not None:
        assert decision.probation_end.message in text


def test_the_baker_is_eligible_with_amounts_and_dates_the_french_way(client):
    response = client.get(checker_url(BAKER))
    text = text_of(response)

    assert "✓ Éligible" in text
    assert f"2{NNBSP}760{NBSP}€" in text and f"600{NBSP}€" in text
    assert "24/11/2026 (estimation)" in text
    assert "Maître d'apprentissage (déduit du type de contrat)" in text


def test_a_seventeen_year_old_master_is_not_eligible_and_says_why(client):
    response = client.get(checker_url(SITUATIONS["maitre-de-17-ans-et-troisieme-apprenti"]))
    text = text_of(response)

    assert "✗ Non éligible" in text
    assert "✗ Condition non remplie Majorité" in text
    assert "✗ Condition non remplie Nombre d'apprentis suivis" in text


@pytest.mark.parametrize(
    "params",
    [
        {"contrat": "apprentissage", "debut": "2026-09-01"},
        {"contrat": "professionnalisation", "debut": "2026-09-01"},
        {**BAKER, "volontaire": ""},
        {**BAKER, "moralite": ""},
        {**BAKER, "naissance": ""},
        {**BAKER, "diplome": "", "diplome1_niveau": "", "diplome1_nsf": "", "experience": "12"},
        {**BAKER, "suivis": ""},
    ],
    ids=["only-the-contract", "only-the-tutor-contract", "volunteer", "good-character", "age", "diplomas", "others"],
)
def test_an_unanswered_question_gives_a_verifier_never_a_guess(client, params):
    response = client.get(checker_url(params))

    assert response.context["answer"].status == Status.UNKNOWN.value
    text = text_of(response)
    assert "? À vérifier" in text
    assert "Éligible" not in text.replace("Non éligible", "")
    assert "? À vérifier" in text.split("Les conditions", 1)[1]


def test_a_function_aid_that_does_not_apply_and_one_unknown_are_told_apart(client):
    text = text_of(client.get(checker_url(SITUATIONS["contrat-conclu-en-2018"])))
    assert "Ne s'applique pas" in text  # no master aid before 2019

    text = text_of(client.get(checker_url({"contrat": "professionnalisation", "debut": "2026-09-01"})))
    assert "? À vérifier" in text.split("Financement", 1)[1]


def test_each_reason_links_to_its_articles_page_at_the_version_cited(client):
    response = client.get(checker_url(BAKER))
    page = answer_html(response)

    assert f'href="{reverse("rules:article", args=["R6223-22"])}?version=2019-01-01"' in page
    links = re.findall(r'href="(/droit/[^"]+)"', page)
    assert len(links) >= 8
    for link in set(links):
        assert client.get(link.replace("&amp;", "&")).status_code == 200, link


def test_an_article_missing_from_the_data_is_named_without_a_dead_link(client):
    # The tutor aid before 2019 rests on the old D6332-91, abrogated, so not in the data of articles in force.
    params = {"contrat": "professionnalisation", "conclusion": "2018-06-01", "debut": "2018-06-04"}
    decision = expected_decision(params)
    assert decision.funding.function.basis.article not in articles()

    response = client.get(checker_url(params))
    page = answer_html(response)
    assert f"Article {decision.funding.function.basis.article}" in text_of(response)
    assert f"/droit/{decision.funding.function.basis.article}/" not in page


def test_the_answer_is_printable_with_the_date_of_the_check_and_of_the_data(client):
    response = client.get(checker_url(BAKER))
    page = response.content.decode()
    text = text_of(response)
    today = format_date(timezone.localdate())

    assert f"vérification de l'éligibilité d'un maître d'apprentissage, faite le {today}" in text
    assert f"Vérification faite le {today} avec les articles du Code du travail consolidé au 27/03/2026" in text
    # The button only appears once JS runs (rules.js); without JS the browser's own Print gives the same page.
    assert re.search(r'<button type="button"[^>]*data-print[^>]*hidden>Imprimer</button>', page)
    assert "/static/css/rules.css" in page and "/static/js/rules.js" in page
    assert '<section id="formulaire" class="no-print"' in page


def test_the_print_stylesheet_hides_the_form_and_shows_the_print_heading():
    from django.contrib.staticfiles import finders

    css = Path(finders.find("css/rules.css")).read_text(encoding="utf-8")
    print_rules = css[css.index("@media print") :]
    assert ".no-print" in print_rules and "display: none" in print_rules
    assert ".print-only" in print_rules
    assert finders.find("js/rules.js") is not None


def test_the_consolidation_date_is_the_datas():
    from importlib import resources

    raw = json.loads(resources.files("compagnon.rules").joinpath("data/code_du_travail.json").read_text("utf-8"))
    assert f"consolidé au {display.CONSOLIDATED_ON.isoformat()}" in raw["source"]


def test_every_code_the_engine_answers_with_has_a_french_title():
    source = "\n".join(path.read_text() for path in Path(evaluate.__code__.co_filename).parent.glob("*.py"))
    codes = set(re.findall(r'"((?:MASTER|TUTOR|SUPERVISOR|CONTRACT|APPRENTICE|SECOND|CPF|EXTERNAL)_[A-Z_]+)"', source))
    titled = display.CHECK_TITLES.keys() | display.RIGHT_TITLES.keys() | display.WARNING_TITLES.keys()
    assert codes and codes <= titled, sorted(codes - titled)


def test_the_empty_page_is_public_and_shows_no_answer(client):
    response = client.get(reverse("rules:check"))

    assert response.status_code == 200
    assert_clean(response)
    assert response.context["answer"] is None
    assert not response.context["form"].is_bound
    text = text_of(response)
    assert "Vérifier l'éligibilité d'un maître d'apprentissage ou d'un tuteur" in text
    assert "Certaines réponses sont à corriger" not in text


def test_an_unrelated_query_string_is_not_a_submission(client):
    response = client.get(reverse("rules:check") + "?utm_source=courriel")
    assert not response.context["form"].is_bound


def test_every_actor_gets_the_same_answer(client, territory):
    anonymous = answer_html(client.get(checker_url(BAKER)))
    for user in (make_user(role=Role.SUPERVISOR), make_user(), make_user(is_superuser=True, is_staff=True)):
        logged_in = Client()
        logged_in.force_login(user)
        assert answer_html(logged_in.get(checker_url(BAKER))) == anonymous


def test_the_checker_reads_nothing_from_the_database_but_the_rule_data(client):
    with CaptureQueriesContext(connection) as rule_data:
        current_rule_data()
    with CaptureQueriesContext(connection) as empty_page:
        client.get(reverse("rules:check"))
    with CaptureQueriesContext(connection) as answered:
        response = client.get(checker_url(BAKER))

    assert response.context["answer"] is not None
    # The layout's one query (the « données fictives » banner) is the only one a public page makes.
    assert [query["sql"] for query in empty_page.captured_queries] == [
        query["sql"] for query in empty_page.captured_queries if "core_demodataset" in query["sql"]
    ]
    assert len(empty_page) == 1
    assert len(answered) == len(empty_page) + len(rule_data)


def test_the_article_pages_read_nothing_from_the_database(client):
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("rules:articles"))
        client.get(reverse("rules:article", args=["R6223-22"]))
    assert all("core_demodataset" in query["sql"] for query in queries.captured_queries)
    assert len(queries) == 2


def test_a_visitor_finds_the_checker_from_the_login_page_header_and_footer(client):
    page = client.get(reverse("login")).content.decode()
    header = page[page.index("<header") : page.index("</header>")]
    footer = page[page.index("<footer") : page.index("</footer>")]

    assert f'href="{reverse("rules:check")}"' in header
    assert f'href="{reverse("rules:check")}"' in footer and f'href="{reverse("rules:articles")}"' in footer


def test_a_logged_in_account_finds_it_in_the_main_navigation_marked_current_there(client, territory):
    client.force_login(make_user(role=Role.EMPLOYER))
    page = " ".join(client.get(reverse("rules:check")).content.decode().split())
    nav = page[
        page.index('aria-label="Navigation principale"') : page.index("</nav>", page.index("Navigation principale"))
    ]

    assert f'<a href="{reverse("rules:check")}" aria-current="page">Vérifier l&#x27;éligibilité</a>' in nav
