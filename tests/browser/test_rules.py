"""The public eligibility checker in a real browser: a visitor without an account fills the form, reads the answer,
prints it and follows an article link; and the form works with the keyboard alone.

On each page: no console error, no request leaving the machine, no serious or critical axe-core violation.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from tests.browser.helpers import Web
from tests.www.rules.conftest import BAKER, checker_url

pytestmark = pytest.mark.browser


def group(web: Web, name: str) -> Any:
    """A fieldset, found as assistive technologies find it: by its legend."""
    return web.page.get_by_role("group", name=name, exact=True)


def focused(web: Web) -> dict[str, Any]:
    return web.page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = el ? getComputedStyle(el) : null;
            return {
                tag: el ? el.tagName : null,
                name: el ? el.getAttribute('name') : null,
                value: el ? el.value : null,
                text: el ? (el.innerText || '').trim() : '',
                inForm: !!(el && el.closest('form.checker-form')),
                outline: style ? style.outlineStyle : null,
            };
        }"""
    )


def tab_to(web: Web, name: str, limit: int = 80) -> dict[str, Any]:
    for _ in range(limit):
        web.page.keyboard.press("Tab")
        focus = focused(web)
        if focus["name"] == name:
            return focus
    raise AssertionError(f"au clavier (Tab), le champ « {name} » n'a jamais reçu le focus")


def test_a_visitor_checks_a_master_reads_the_answer_and_follows_an_article_link(web: Web) -> None:
    # No account: the public link of the header, from the login page.
    web.goto(reverse("login"))
    with web.page.expect_navigation():
        web.page.locator("header").get_by_role("link", name="Vérifier l'éligibilité").click()
    assert web.page.url == web.url(reverse("rules:check"))
    web.assert_clean()

    page = web.page
    page.get_by_label("Type de contrat").select_option("apprentissage")
    page.get_by_label("Date de début du contrat").fill("2026-09-01")
    page.get_by_label("Niveau de la certification préparée").select_option("4")
    page.get_by_label("Spécialité de la certification (code NSF)").fill("221")
    page.get_by_label("Type d'employeur").select_option("entreprise")
    page.get_by_label("Effectif de l'entreprise").fill("12")
    page.get_by_label("Convention collective (IDCC)").fill("1501")
    page.get_by_label("Statut du maître d'apprentissage ou tuteur").select_option("employee")
    group(web, "Le maître ou tuteur est-il volontaire ?").get_by_label("Oui").check()
    group(web, "L'employeur atteste-t-il que le maître offre toutes garanties de moralité ?").get_by_label(
        "Oui"
    ).check()
    page.get_by_label("Date de naissance du maître ou tuteur").fill("1985-03-14")
    group(web, "Le maître ou tuteur a-t-il un diplôme ou un titre professionnel ?").get_by_label("Oui").check()
    group(web, "Diplôme 1").get_by_label("Niveau").select_option("5")
    group(web, "Diplôme 1").get_by_label("Code NSF").fill("221")
    page.get_by_label("Mois d'expérience professionnelle en rapport avec la qualification préparée").fill("30")
    page.get_by_label("Nombre d'autres apprentis ou alternants que le maître ou tuteur suit").fill("1")
    page.get_by_label("Date de naissance de l'apprenti ou de l'alternant").fill("2008-02-01")
    group(web, "L'alternant relève-t-il d'un public prioritaire ?").get_by_label("Non").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Vérifier", exact=True).click()

    # The answer, on the same page, at an address that holds the facts (shareable).
    assert "contrat=apprentissage" in page.url and "debut=2026-09-01" in page.url
    assert page.locator(".verdict-word").inner_text().strip().endswith("Éligible")
    answer = page.locator(".checker-answer").inner_text()
    assert "Condition remplie" in answer and "Compétence professionnelle" in answer
    assert "2\u202f760\u00a0€" in answer
    assert "24/11/2026" in answer and "(estimation)" in answer
    assert "consolidé au 27/03/2026" in answer
    assert page.get_by_role("button", name="Imprimer").is_visible(), "rules.js shows the print button"
    web.assert_clean()

    # Printed: the answer alone, with its heading and dates; no form, no navigation.
    page.emulate_media(media="print")
    assert not page.locator("#formulaire").is_visible()
    assert not page.locator("header").is_visible()
    assert page.locator(".print-heading").is_visible()
    assert page.locator(".answer-source").is_visible()
    page.emulate_media(media="screen")

    with page.expect_navigation():
        page.locator(".checker-answer").get_by_role("link", name="Article R6223-22").first.click()
    assert page.url.startswith(web.url(reverse("rules:article", args=["R6223-22"])))
    assert "R6223-22" in page.locator("h1").inner_text()
    assert "En vigueur depuis le 01/01/2019" in page.locator("main").inner_text()
    web.assert_clean()

    with page.expect_navigation():
        page.get_by_role("link", name="Textes du Code du travail").first.click()
    assert page.url == web.url(reverse("rules:articles"))
    web.assert_clean()


def test_every_control_of_the_form_has_a_label_and_radios_a_legend(web: Web) -> None:
    web.goto(reverse("rules:check"))

    problems = web.page.evaluate(
        """() => [...document.querySelectorAll('form.checker-form input, form.checker-form select')]
            .filter(el => el.type !== 'hidden')
            .flatMap(el => {
                const found = [];
                const label = [...(el.labels || [])].map(l => l.innerText.trim()).join(' ');
                if (!label) found.push(el.name + ' : pas d\\'étiquette');
                if (el.type === 'radio') {
                    const legend = el.closest('fieldset') && el.closest('fieldset').querySelector('legend');
                    if (!legend || !legend.innerText.trim()) found.push(el.name + ' : pas de légende');
                }
                return found;
            })"""
    )
    assert problems == []
    web.assert_clean()


def test_the_form_can_be_filled_and_sent_with_the_keyboard_alone(web: Web) -> None:
    web.goto(reverse("rules:check"))
    page = web.page

    # The first field of the form comes first after the header: nothing to get lost in.
    focus = tab_to(web, "contrat")
    assert focus["outline"] != "none", "the focused field shows a focus ring"
    page.keyboard.press("ArrowDown")
    assert focused(web)["value"] == "apprentissage"

    page.keyboard.press("Tab")
    assert focused(web)["name"] == "debut", "the start date follows the contract kind"
    # Day and month alike: the date picker orders them by the browser's own language, not the page's.
    page.keyboard.type("09092026")
    assert page.get_by_label("Date de début du contrat").input_value() == "2026-09-09"

    # A radio group is one Tab stop, on « Je ne sais pas »; the arrows choose.
    focus = tab_to(web, "volontaire")
    assert focus["value"] == "", "« Je ne sais pas » is the answer until one is chosen"
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert group(web, "Le maître ou tuteur est-il volontaire ?").get_by_label("Oui").is_checked()
    page.keyboard.press("Tab")
    assert focused(web)["name"] == "moralite", "the next question, not the other answers of the same one"

    # A wrong answer, sent with Enter: the message is next to the field, and the summary links to it.
    tab_to(web, "experience")
    page.keyboard.type("-3")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    field = page.get_by_label("Mois d'expérience professionnelle en rapport avec la qualification préparée")
    assert field.get_attribute("aria-invalid") == "true"
    assert "négatif" in page.locator("#id_experience_error").inner_text()
    summary_link = page.get_by_role("alert").get_by_role("link", name="Mois d'expérience professionnelle")
    assert summary_link.get_attribute("href") == "#id_experience"
    web.assert_clean()

    # Corrected and sent again with Enter: an answer, « À vérifier » since most questions are left unanswered.
    field.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("30")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".verdict-word").inner_text().strip().endswith("À vérifier")
    assert "volontaire=oui" in page.url
    web.assert_clean()


def test_a_full_answer_prints_on_one_a4_page(web: Web) -> None:
    # Every question answered, a condition failed, a warning and both rights: about the longest answer there is.
    crowded = {
        **BAKER,
        "conclusion": "2026-06-01",
        "naissance": "2008-09-02",
        "diplome2_niveau": "4",
        "diplome2_nsf": "222",
        "experience_ett": "3",
        "suivis": "2",
        "suivis_prolonges": "1",
        "derogation_plafond": "3",
        "alternant_naissance": "1990-01-01",
    }
    web.goto(checker_url(crowded))
    web.page.emulate_media(media="print")
    pdf = web.page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == 1, f"le résultat imprimé tient sur {pages} pages"
    web.assert_clean()
