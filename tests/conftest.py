from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def reference_data(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """All of France's reference data, loaded once per test session (tests must not change it)."""
    with django_db_blocker.unblock():
        call_command("load_reference_data", verbosity=0)


@pytest.fixture
def territory(db):  # type: ignore[no-untyped-def]
    from tests.factories import make_territory

    return make_territory()


@pytest.fixture
def places(db: Any) -> dict[str, Any]:
    """The small territory, with the NSF groups contract rows name (tests/intake/conftest.py: contract_row)."""
    from compagnon.certifications.models import NsfGroup
    from tests.factories import make_territory

    territory = make_territory()
    for code, label in [("221", "Agro-alimentaire, alimentation, cuisine"), ("312", "Commerce, vente")]:
        NsfGroup.objects.get_or_create(code=code, defaults={"label": label, "domain": code[:2]})
    return territory
