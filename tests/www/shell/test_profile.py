from __future__ import annotations

import pytest
from django.urls import reverse

from compagnon.accounts.enums import Role
from compagnon.accounts.models import ApiToken
from compagnon.core.models import AuditEntry
from tests.factories import make_chamber, make_person, make_user
from tests.www.shell.conftest import assert_clean, text_of

pytestmark = pytest.mark.django_db


def test_profile_shows_the_person_and_the_memberships_with_areas(client, territory):
    chamber = make_chamber(name="CCI Grand Lille")
    person = make_person(first_name="Alix", last_name="Durand")
    user = make_user(
        role=Role.TERRITORIAL_ANIMATOR,
        organisation=chamber,
        person=person,
        areas=[territory["areas"]["Lille"], territory["areas"]["Lens"]],
    )
    client.force_login(user)
    html = text_of(client.get(reverse("profile")))
    assert_clean(html)
    assert "Alix DURAND" in html
    assert "Animateur territorial" in html and "CCI Grand Lille" in html
    assert "Lens, Lille" in html
    assert "Vous n'avez pas encore de jeton." in html


def test_profile_shows_the_token(client):
    user = make_user()
    token = ApiToken.objects.create(user=user)
    client.force_login(user)
    html = client.get(reverse("profile")).content.decode()
    assert token.key in html
    assert "Régénérer le jeton" in html


def test_creating_then_regenerating_the_token_changes_it_and_is_audited(client):
    user = make_user()
    client.force_login(user)
    response = client.post(reverse("profile_token"))
    assert response.status_code == 302
    first = ApiToken.objects.get(user=user).key
    assert "Votre jeton d'API a été créé." in text_of(client.get(reverse("profile")))
    client.post(reverse("profile_token"))
    second = ApiToken.objects.get(user=user).key
    assert second != first
    assert ApiToken.objects.filter(user=user).count() == 1
    entries = list(AuditEntry.objects.filter(action=AuditEntry.Action.TOKEN).order_by("id"))
    assert [e.summary.split(" par ")[0] for e in entries] == ["Jeton d'API créé", "Jeton d'API régénéré"]
    assert all(e.actor == user for e in entries)
    # The secret itself never reaches the journal.
    assert all(second not in e.summary and first not in str(e.changes) for e in entries)


def test_token_cannot_be_regenerated_by_get_or_without_csrf(client):
    user = make_user()
    client.force_login(user)
    assert client.get(reverse("profile_token")).status_code == 405
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    response = strict.post(reverse("profile_token"))
    assert response.status_code == 403
    assert "Formulaire expiré" in text_of(response)
    assert not ApiToken.objects.filter(user=user).exists()


def test_password_change_in_french_with_errors_next_to_fields(client):
    user = make_user()
    client.force_login(user)
    html = client.get(reverse("password_change")).content.decode()
    assert_clean(html)
    assert "Ancien mot de passe" in html
    response = client.post(
        reverse("password_change"),
        {"old_password": "faux", "new_password1": "court", "new_password2": "autre"},
    )
    assert response.status_code == 200
    html = text_of(response)
    assert_clean(html)
    assert "Votre ancien mot de passe est incorrect" in html
    assert "Les deux mots de passe ne correspondent pas" in html


def test_password_change_succeeds_and_is_audited(client):
    user = make_user()
    client.force_login(user)
    new = "un-nouveau-mot-de-passe-solide"
    response = client.post(
        reverse("password_change"),
        {"old_password": "motdepasse-de-test", "new_password1": new, "new_password2": new},
    )
    assert response["Location"] == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password(new)
    assert AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE, summary__startswith="Mot de passe").exists()
    assert "Votre mot de passe a été modifié." in text_of(client.get(response["Location"]))
