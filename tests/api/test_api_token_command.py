from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from compagnon.accounts.models import ApiToken
from compagnon.core.models import AuditEntry
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("api_token", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_api_token_creates_then_returns_the_same_token():
    user = make_user(username="camille")
    key, err = run("camille")
    assert key == ApiToken.objects.get(user=user).key
    assert "Jeton créé" in err
    assert run("camille")[0] == key
    assert ApiToken.objects.count() == 1
    entry = AuditEntry.objects.get(action="token")
    assert entry.actor is None
    assert "camille" in entry.summary


def test_api_token_rotate_replaces_the_token():
    make_user(username="camille")
    old, _ = run("camille")
    new, _ = run("camille", "--rotate")
    assert new != old
    assert ApiToken.objects.get().key == new
    assert AuditEntry.objects.filter(action="token").count() == 2


def test_api_token_for_unknown_user_fails_in_french():
    with pytest.raises(CommandError, match="Compte inconnu : « personne »"):
        run("personne")


def test_api_token_warns_for_an_inactive_account():
    make_user(username="parti", is_active=False)
    key, err = run("parti")
    assert key
    assert "désactivé" in err
