"""The article pages: the list of the articles the engine rests on, by part and chapter of the Code, and each
article's text in force, its versions, its nota, the texts that modified it and its Légifrance link."""

from __future__ import annotations

import pytest
from django.urls import reverse

from compagnon.rules.articles import articles
from compagnon.www.rules import display
from tests.www.rules.conftest import assert_clean, text_of

pytestmark = pytest.mark.django_db


def test_the_list_links_every_article_of_the_data_once(client):
    response = client.get(reverse("rules:articles"))

    assert response.status_code == 200
    assert_clean(response)
    page = response.content.decode()
    for number in articles():
        assert page.count(f'href="{reverse("rules:article", args=[number])}"') == 1, number
    assert f"Les {len(articles())} articles" in text_of(response)


def test_the_list_is_grouped_by_part_then_chapter_in_the_codes_order(client):
    text = text_of(client.get(reverse("rules:articles")))

    assert text.index("Partie législative") < text.index("Partie réglementaire")
    chapter = "Chapitre III : Obligations de l'employeur"
    assert text.index(chapter) < text.index("Article L6223-8-1") < text.index("Partie réglementaire")
    # R6223-22 under its chapter in the regulatory part, with its section beside it.
    regulatory = text[text.index("Partie réglementaire") :]
    assert regulatory.index(chapter) < regulatory.index("Article R6223-22 — Section 2 : Maître d'apprentissage")
    assert regulatory.index("Article R6223-6") < regulatory.index("Article R6223-22")


def test_the_parts_hold_every_article_once():
    numbers = [entry.number for part in display.article_parts() for c in part.chapters for entry in c.entries]
    assert sorted(numbers) == sorted(articles())
    assert [part.title for part in display.article_parts()] == ["Partie législative", "Partie réglementaire"]


def test_an_article_page_shows_its_text_in_force_its_versions_and_its_sources(client):
    response = client.get(reverse("rules:article", args=["R6223-22"]))

    assert response.status_code == 200
    assert_clean(response)
    text = text_of(response)
    article = articles()["R6223-22"]
    assert "Article R6223-22 du Code du travail" in text
    assert "En vigueur depuis le 01/01/2019" in text
    assert "1° Les personnes titulaires d'un diplôme" in text
    assert "2.0 01/01/2019 — En vigueur" in text
    assert "1.0 01/05/2008 01/01/2019 Ancienne version" in text
    assert "Modifié par Décret n°2018-1138 du 13 décembre 2018 - art. 1" in text
    assert f'href="{article.url}"' in response.content.decode()
    assert "Section 2 : Maître d'apprentissage" in text
    assert "consolidé au 27/03/2026" in text


def test_the_enumerations_of_an_article_are_paragraphs(client):
    page = client.get(reverse("rules:article", args=["R6223-22"])).content.decode()
    assert "<p>1° Les personnes titulaires" in page and "<p>2° Les personnes justifiant" in page


def test_an_article_with_a_nota_shows_it(client):
    article = articles()["L6332-14"]
    assert article.nota

    text = text_of(client.get(reverse("rules:article", args=["L6332-14"])))
    assert "Nota" in text and article.nota[:60] in text


def test_the_version_cited_by_an_answer_is_marked_and_an_old_one_sends_to_legifrance(client):
    old = text_of(client.get(reverse("rules:article", args=["R6223-22"]) + "?version=2008-05-01"))
    assert "1.0 01/05/2008 01/01/2019 Ancienne version — version citée par la réponse" in old
    assert "applicable à partir du 01/05/2008, qui n'est plus en vigueur" in old

    current = text_of(client.get(reverse("rules:article", args=["R6223-22"]) + "?version=2019-01-01"))
    assert "En vigueur — version citée par la réponse" in current
    assert "n'est plus en vigueur" not in current


@pytest.mark.parametrize("version", ["n-importe-quoi", "2019-02-30", "2000-01-01", "x" * 500])
def test_a_version_that_is_not_one_of_the_articles_is_ignored(client, version):
    response = client.get(reverse("rules:article", args=["R6223-22"]), {"version": version})
    assert response.status_code == 200
    assert "version citée" not in text_of(response)


@pytest.mark.parametrize("number", ["R6223-99", "r6223-22", "X", "L6223-8-1-1", "..%2F..%2Fetc"])
def test_an_unknown_article_is_a_404(client, number):
    response = client.get(f"/droit/{number}/")
    assert response.status_code == 404
    assert "Page introuvable" in text_of(response)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sont réputées : 1° Les unes ; 2° Les autres.", ["Sont réputées :", "1° Les unes ;", "2° Les autres."]),
        ("I. - Principe : a) un ; b) deux. II. - Suite.", ["I. - Principe :", "a) un ;", "b) deux.", "II. - Suite."]),
        # A reference in the middle of a sentence is not an enumeration.
        ("Mentionnée au 1° de l'article L. 6332-3 ; voir.", ["Mentionnée au 1° de l'article L. 6332-3 ; voir."]),
    ],
)
def test_paragraphs(text, expected):
    assert display.paragraphs(text) == expected


def test_every_article_page_renders(client):
    for number in articles():
        response = client.get(reverse("rules:article", args=[number]))
        assert response.status_code == 200, number
        assert_clean(response)
