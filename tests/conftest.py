from __future__ import annotations

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
