from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse

from compagnon.accounts.enums import Role
from compagnon.core.models import DemoDataset
from compagnon.www.navigation import main_nav
from tests.factories import make_user
from tests.www.shell.conftest import assert_clean, text_of

pytestmark = pytest.mark.django_db

BROWSE = ["contracts:list", "people:list", "companies:list", "centres:list"]
MASTERS = ["intake:new_masters"]


def test_pages_are_french_accessible_and_self_hosted(client, territory):
    client.force_login(make_user(role=Role.REGIONAL_ANIMATOR))
    html = client.get(reverse("home")).content.decode()
    assert_clean(html)
    assert '<html lang="fr">' in html
    assert 'class="skip-link" href="#contenu"' in html and '<main id="contenu"' in html
    assert "<header" in html and "<footer" in html
    assert 'aria-label="Navigation principale"' in html
    assert "/static/vendor/htmx/htmx.min.js" in html
    assert "/static/css/compagnon.css" in html
    # No asset from anywhere else: the platform must run on an intranet.
    assert 'src="http' not in html and 'href="http' not in html
    # The Menu button only appears once JS runs: without JS the whole menu is listed (375 px included).
    assert 'aria-controls="menu-principal"' in html and "hidden>Menu</button>" in " ".join(html.split())
    # The current page is marked for assistive technologies, not only by colour.
    assert f'href="{reverse("home")}" aria-current="page"' in " ".join(html.split())


def nav_names(user, rf, path="/"):
    from compagnon.accounts.scope import Scope

    request = rf.get(path)
    request.user = user
    request.scope = Scope.for_user(user)
    return [entry.url_name for entry in main_nav(request)]


@pytest.mark.parametrize(
    "role, expected",
    [
        (
            Role.REGIONAL_ANIMATOR,
            [
                "home",
                *BROWSE,
                "areas:list",
                *MASTERS,
                "intake:list",
                "people:duplicates",
                "rules:check",
                "audit:list",
                "mail:list",
            ],
        ),
        (Role.TERRITORIAL_ANIMATOR, ["home", *BROWSE, "areas:list", *MASTERS, "rules:check"]),
        (Role.INSPECTOR, ["home", *BROWSE, "areas:list", *MASTERS, "rules:check"]),
        (Role.CFA_STAFF, ["home", *BROWSE, *MASTERS, "intake:list", "rules:check"]),
        (Role.SUPERVISOR, ["home", *BROWSE, "rules:check"]),
        (Role.EMPLOYER, ["home", *BROWSE, "rules:check"]),
        (Role.DATA_PROVIDER, ["home", *BROWSE, "intake:list", "rules:check"]),
    ],
    ids=str,
)
def test_navigation_follows_the_role(rf, territory, role, expected):
    assert nav_names(make_user(role=role), rf) == expected


def test_a_sub_section_with_its_own_entry_is_the_only_active_one(rf, territory):
    from compagnon.accounts.scope import Scope

    user = make_user(role=Role.REGIONAL_ANIMATOR)
    request = rf.get(reverse("people:duplicates"))
    request.user, request.scope = user, Scope.for_user(user)
    assert [e.url_name for e in main_nav(request) if e.active] == ["people:duplicates"]
    request = rf.get(reverse("people:detail", args=[1]))
    request.user, request.scope = user, Scope.for_user(user)
    assert [e.url_name for e in main_nav(request) if e.active] == ["people:list"]


def test_superuser_and_staff_navigation(rf, territory):
    superuser = make_user(is_superuser=True, is_staff=True)
    assert nav_names(superuser, rf)[-3:] == ["audit:list", "mail:list", "admin:index"]
    staff = make_user(role=Role.TERRITORIAL_ANIMATOR, is_staff=True)
    assert "admin:index" in nav_names(staff, rf) and "audit:list" not in nav_names(staff, rf)


def test_no_membership_gives_only_the_home_page_and_the_public_checker(rf):
    assert nav_names(make_user(), rf) == ["home", "rules:check"]


def test_demo_banner_shows_when_demo_data_is_loaded(client):
    client.force_login(make_user(is_superuser=True))
    assert "Données fictives de démonstration" not in text_of(client.get(reverse("home")))
    DemoDataset.objects.create(seed=1, contracts=10)
    assert "Données fictives de démonstration" in text_of(client.get(reverse("home")))
    client.logout()
    assert "Données fictives de démonstration" in text_of(client.get(reverse("login")))


def test_unknown_url_gives_a_french_404_when_logged_in(client):
    client.force_login(make_user(role=Role.REGIONAL_ANIMATOR))
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    html = text_of(response)
    assert_clean(html)
    assert "Page introuvable" in html and 'lang="fr"' in html
    assert "Mon compte" in html  # the full layout, with the navigation


def test_unknown_url_gives_a_404_to_an_anonymous_visitor_too(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert_clean(text_of(response))


@pytest.mark.parametrize(
    "template, title", [("500.html", "Une erreur est survenue"), ("400.html", "Requête incorrecte")]
)
def test_500_and_400_pages_render_without_any_context(template, title):
    # Django renders them with an empty context: no variable from context processors may be needed.
    html = render_to_string(template)
    assert_clean(html)
    assert title in html and '<html lang="fr">' in html


@override_settings(ALLOWED_HOSTS=["testserver"])
def test_a_bad_host_gives_the_french_400(client):
    response = client.get(reverse("login"), HTTP_HOST="pirate.example")
    assert response.status_code == 400
    assert "Requête incorrecte" in text_of(response)


def test_a_crash_gives_the_french_500(client, monkeypatch):
    from compagnon.www.home import views

    def boom(*args, **kwargs):
        raise RuntimeError("panne")

    monkeypatch.setattr(views, "_figures", boom)
    client.raise_request_exception = False
    client.force_login(make_user(is_superuser=True))
    response = client.get(reverse("home"))
    assert response.status_code == 500
    assert "Une erreur est survenue" in text_of(response)


@pytest.mark.parametrize(
    "path", ["/static/css/compagnon.css", "/static/js/compagnon.js", "/static/vendor/htmx/htmx.min.js"]
)
def test_assets_are_found_by_staticfiles(path):
    from django.contrib.staticfiles import finders

    assert finders.find(path.removeprefix("/static/")) is not None
