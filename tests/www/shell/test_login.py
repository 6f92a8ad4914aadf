from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from compagnon.core.models import AuditEntry
from tests.factories import make_user
from tests.www.shell.conftest import assert_clean

pytestmark = pytest.mark.django_db

PASSWORD = "motdepasse-de-test"


def login(client, username, password=PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def test_login_page_is_public_and_french(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert_clean(html)
    assert "Identifiant ou courriel" in html and "Mot de passe" in html


def test_a_page_redirects_an_anonymous_visitor_to_the_login_page(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_by_username_opens_the_home_page_and_is_audited(client):
    user = make_user(username="camille")
    response = login(client, "camille")
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(user.pk)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN)
    assert entry.actor == user and entry.object_id == str(user.pk)


def test_login_by_email_ignores_case(client):
    user = make_user(username="camille", email="camille.martin@example.org")
    response = login(client, "Camille.Martin@example.org")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_follows_a_local_next_but_not_another_site(client):
    make_user(username="camille")
    response = client.post(
        reverse("login") + "?next=/journal/", {"username": "camille", "password": PASSWORD, "next": "/journal/"}
    )
    assert response["Location"] == "/journal/"
    client.logout()
    response = login(client, "camille", next="https://ailleurs.example/")
    assert response["Location"] == reverse("home")


def test_wrong_password_gives_a_french_message_and_an_audit_entry(client):
    make_user(username="camille")
    response = login(client, "camille", "mauvais")
    assert response.status_code == 200
    html = response.content.decode()
    assert_clean(html)
    assert "Identifiant, courriel ou mot de passe incorrect" in html
    assert "_auth_user_id" not in client.session
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN_FAILED)
    assert "camille" in entry.summary and entry.actor is None


def test_empty_form_says_what_is_missing(client):
    response = client.post(reverse("login"), {"username": "", "password": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Saisissez votre identifiant ou votre courriel." in html
    assert "Saisissez votre mot de passe." in html
    assert 'aria-invalid="true"' in html
    # An empty form is not a failed attempt.
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN_FAILED).exists()


@override_settings(LOGIN_MAX_FAILURES=3, LOGIN_FAILURE_WINDOW_SECONDS=600)
def test_after_too_many_failures_even_the_right_password_is_refused(client):
    make_user(username="camille")
    for _ in range(3):
        login(client, "camille", "mauvais")
    response = login(client, "camille")
    assert response.status_code == 429
    html = response.content.decode()
    assert_clean(html)
    assert "Trop de tentatives de connexion échouées" in html
    assert "patientez 10 minutes" in html
    assert "_auth_user_id" not in client.session


@override_settings(LOGIN_MAX_FAILURES=3)
def test_failures_are_counted_per_username_across_addresses(client):
    make_user(username="camille")
    for n in range(3):
        login(client, "camille", "mauvais", REMOTE_ADDR=f"10.0.0.{n}")
    response = login(client, "CAMILLE", REMOTE_ADDR="10.0.0.99")
    assert response.status_code == 429


@override_settings(LOGIN_MAX_FAILURES=3)
def test_failures_are_counted_per_address_across_usernames(client):
    make_user(username="camille")
    for n in range(3):
        login(client, f"inconnu{n}", "mauvais", REMOTE_ADDR="10.0.0.7")
    assert login(client, "camille", REMOTE_ADDR="10.0.0.7").status_code == 429
    # Another address may still log in to the same account.
    assert login(client, "camille", REMOTE_ADDR="10.0.0.8").status_code == 302


@override_settings(LOGIN_MAX_FAILURES=3, LOGIN_FAILURE_WINDOW_SECONDS=600)
def test_the_lock_lifts_when_the_window_has_passed(client, monkeypatch):
    import time

    make_user(username="camille")
    for _ in range(3):
        login(client, "camille", "mauvais")
    assert login(client, "camille").status_code == 429
    # The window is the cache timeout: its expiry (the local-memory cache reads time.time()) lifts the lock.
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 599)
    assert login(client, "camille").status_code == 429
    monkeypatch.setattr(time, "time", lambda: now + 601)
    assert login(client, "camille").status_code == 302


@override_settings(LOGIN_MAX_FAILURES=3)
def test_a_success_resets_the_username_counter(client):
    make_user(username="camille")
    for _ in range(2):
        login(client, "camille", "mauvais", REMOTE_ADDR="10.0.0.1")
    assert login(client, "camille", REMOTE_ADDR="10.0.0.2").status_code == 302
    client.logout()
    for _ in range(2):
        login(client, "camille", "mauvais", REMOTE_ADDR="10.0.0.3")
    assert login(client, "camille", REMOTE_ADDR="10.0.0.4").status_code == 302


def test_logout_is_a_post_and_ends_the_session(client):
    user = make_user()
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    assert f'action="{reverse("logout")}"' in html
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session
    assert "Vous êtes déconnecté." in client.get(reverse("login")).content.decode()


def test_a_logged_in_user_visiting_the_login_page_goes_home(client):
    client.force_login(make_user())
    assert client.get(reverse("login"))["Location"] == reverse("home")
