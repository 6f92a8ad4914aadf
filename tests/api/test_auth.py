"""Token authentication: 401 JSON in French, never a redirect to the login page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from compagnon.accounts.enums import Role
from compagnon.accounts.models import ApiToken
from compagnon.api.auth import get_or_create_token
from compagnon.api.errors import INVALID_TOKEN, MISSING_TOKEN
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def get(path: str, authorization: str | None = None):
    headers = {"Authorization": authorization} if authorization is not None else {}
    return Client().get(path, headers=headers)


def assert_401(response, message: str) -> None:
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json() == {"detail": message}


@pytest.mark.parametrize(
    "path",
    ["/api/v1/contracts", "/api/v1/contracts/1", "/api/v1/people", "/api/v1/companies", "/api/v1/employment-areas"],
)
def test_no_token_answers_401_in_french_not_a_login_redirect(path):
    assert_401(get(path), MISSING_TOKEN)


@pytest.mark.parametrize(
    "authorization",
    ["Bearer", "Bearer ", "Token abc", "Basic dXNlcjpwYXNz"],
    ids=["bearer-alone", "bearer-empty", "other-scheme", "basic"],
)
def test_malformed_header_answers_401(authorization):
    response = get("/api/v1/contracts", authorization)
    assert response.status_code == 401
    assert response.json()["detail"] in (MISSING_TOKEN, INVALID_TOKEN)


@pytest.mark.parametrize(
    "token",
    ["x" * 43, "short", "with spaces in it but long enough", "nul\x00byte-and-long-enough-xxxx", "é" * 30],
    ids=["unknown", "short", "spaces", "nul", "non-ascii"],
)
def test_wrong_token_answers_401(token):
    make_user()
    assert_401(get("/api/v1/contracts", f"Bearer {token}"), INVALID_TOKEN)


def test_inactive_users_token_answers_401():
    user = make_user(role=Role.REGIONAL_ANIMATOR, is_active=False)
    token, _ = get_or_create_token(user=user)
    assert_401(get("/api/v1/contracts", f"Bearer {token.key}"), INVALID_TOKEN)


def test_a_logged_in_session_is_not_enough():
    user = make_user(role=Role.REGIONAL_ANIMATOR)
    client = Client()
    client.force_login(user)
    assert_401(client.get("/api/v1/contracts"), MISSING_TOKEN)


def test_valid_token_answers_and_scheme_is_case_insensitive():
    user = make_user(role=Role.REGIONAL_ANIMATOR)
    token, _ = get_or_create_token(user=user)
    assert get("/api/v1/contracts", f"bearer {token.key}").status_code == 200


def test_last_used_is_written_at_most_once_a_minute():
    user = make_user(role=Role.REGIONAL_ANIMATOR)
    token, _ = get_or_create_token(user=user)
    assert token.last_used_at is None
    get("/api/v1/employment-areas", f"Bearer {token.key}")
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None

    get("/api/v1/employment-areas", f"Bearer {token.key}")
    token.refresh_from_db()
    assert token.last_used_at == first

    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - dt.timedelta(minutes=2))
    get("/api/v1/employment-areas", f"Bearer {token.key}")
    token.refresh_from_db()
    assert token.last_used_at > first


def test_wrong_method_answers_405_json():
    user = make_user(role=Role.REGIONAL_ANIMATOR)
    token, _ = get_or_create_token(user=user)
    response = Client().put("/api/v1/contracts", headers={"Authorization": f"Bearer {token.key}"})
    assert response.status_code == 405
    assert response.json() == {"detail": "Méthode HTTP non autorisée sur cette adresse."}
