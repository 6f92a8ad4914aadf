"""Bad input answers 422 in French, naming the parameter; never a 500."""

from __future__ import annotations

import pytest

from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(api_as, territory):
    return api_as(make_user(is_superuser=True))


def assert_422(response, parameter: str, fragment: str) -> None:
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["detail"].startswith("Requête invalide : ")
    assert f"« {parameter} »" in body["detail"]
    assert fragment in body["detail"]
    assert any(e["parameter"] == parameter and fragment in e["message"] for e in body["errors"])


@pytest.mark.parametrize(
    ("path", "params", "parameter", "fragment"),
    [
        ("/api/v1/contracts", {"limit": "5000"}, "limit", "inférieur ou égal à 1000"),
        ("/api/v1/contracts", {"limit": "0"}, "limit", "supérieur ou égal à 1"),
        ("/api/v1/contracts", {"limit": "beaucoup"}, "limit", "nombre entier"),
        ("/api/v1/contracts", {"offset": "-1"}, "offset", "supérieur ou égal à 0"),
        ("/api/v1/contracts", {"offset": "99999999999999999999999"}, "offset", "inférieur ou égal"),
        ("/api/v1/contracts", {"start_date_from": "2025-13-45"}, "start_date_from", "AAAA-MM-JJ"),
        ("/api/v1/contracts", {"start_date_to": "01/09/2025"}, "start_date_to", "AAAA-MM-JJ"),
        ("/api/v1/contracts", {"kind": "cdi"}, "kind", "'pro_a' ou 'periode_reconversion'"),
        ("/api/v1/contracts", {"status": "perdu"}, "status", "l'une des valeurs suivantes"),
        ("/api/v1/contracts", {"employment_area": "lille"}, "employment_area", "4 chiffres"),
        ("/api/v1/contracts", {"training_centre": "\x00"}, "training_centre", "7 chiffres suivis d'une lettre"),
        (
            "/api/v1/contracts",
            {"start_date_from": "2025-09-01", "start_date_to": "2025-01-01"},
            "start_date_to",
            "postérieure ou égale",
        ),
        ("/api/v1/contracts/abc", {}, "contract_id", "nombre entier"),
        ("/api/v1/contracts/0", {}, "contract_id", "supérieur ou égal à 1"),
        ("/api/v1/contracts/99999999999999999999", {}, "contract_id", "inférieur ou égal"),
        ("/api/v1/people", {"name": "x" * 101}, "name", "100 caractères"),
        ("/api/v1/companies", {"siret": "123"}, "siret", "14 chiffres"),
        ("/api/v1/companies", {"area": "3216x"}, "area", "4 chiffres"),
        ("/api/v1/employment-areas", {"region": "Bretagne"}, "region", "2 chiffres"),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 40 else None,
)
def test_bad_parameter_answers_422_in_french(api, path, params, parameter, fragment):
    assert_422(api.get(path, **params), parameter, fragment)


def test_several_bad_parameters_are_all_reported(api):
    body = api.get("/api/v1/contracts", limit="5000", kind="cdi").json()
    assert {e["parameter"] for e in body["errors"]} == {"limit", "kind"}
