"""The schema and the docs are public, and the docs work without internet."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db


def test_openapi_schema_is_public_and_lists_the_endpoints():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert set(schema["paths"]) == {
        "/api/v1/contracts",
        "/api/v1/contracts/{contract_id}",
        "/api/v1/supervisions",
        "/api/v1/people",
        "/api/v1/companies",
        "/api/v1/employment-areas",
        "/api/v1/rules/evaluate",
    }
    assert schema["components"]["securitySchemes"]["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    assert schema["paths"]["/api/v1/contracts"]["get"]["summary"] == "Lister les contrats"
    assert schema["paths"]["/api/v1/contracts"]["post"]["summary"] == "Envoyer des contrats"


def test_docs_are_public_and_reference_no_external_url():
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="fr"' in html
    assert not re.search(r"(src|href)=[\"']?(https?:)?//", html)
    assert "http://" not in html and "https://" not in html
    # Every asset the page loads is one of our static files.
    assets = re.findall(r'(?:src|href)="/static/([^"]+)"', html)
    assert {"vendor/swagger-ui/swagger-ui-bundle.js", "vendor/swagger-ui/swagger-ui.css"} <= set(assets)
    for asset in assets:
        assert finders.find(asset), asset


def test_docs_page_runs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert Client().get("/api/v1/docs").status_code == 200


def test_docs_point_swagger_to_the_schema_without_the_online_validator():
    html = Client().get("/api/v1/docs").content.decode()
    assert '"url": "/api/v1/openapi.json"' in html
    assert '"validatorUrl": null' in html


def test_api_root_and_unknown_addresses_answer_json():
    client = Client()
    assert client.get("/api/v1/").json()["detail"] == "API Compagnon v1."
    response = client.get("/api/v1/nowhere")
    assert response.status_code == 404
    assert response.json() == {"detail": "Ressource introuvable, ou hors de votre périmètre."}
