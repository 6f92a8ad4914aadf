from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from compagnon.accounts.enums import Role
from compagnon.organisations.models import TrainingCentre
from tests.factories import make_chamber, make_training_centre, make_user
from tests.intake.conftest import HEADER, UAI_A, contract_row

__all__ = ["contract_row"]


@pytest.fixture(autouse=True)
def import_dir(settings: Any, tmp_path: Any) -> Any:
    """Uploads go to a folder of the test, never to the project's var/."""
    settings.IMPORT_DIR = tmp_path / "imports"
    return settings.IMPORT_DIR


@pytest.fixture
def lille_centre(places: dict[str, Any]) -> TrainingCentre:
    """The CFA the rows of contract_row() name (UAI_A)."""
    return make_training_centre(commune=places["communes"]["Lille"], uai=UAI_A, name="CFA des métiers de Lille")


@pytest.fixture
def regional(places: dict[str, Any]) -> Any:
    return make_user(role=Role.REGIONAL_ANIMATOR, organisation=places["regions"]["hdf"])


@pytest.fixture
def cfa_staff(lille_centre: TrainingCentre) -> Any:
    return make_user(role=Role.CFA_STAFF, organisation=lille_centre)


@pytest.fixture
def territorial(places: dict[str, Any]) -> Any:
    return make_user(role=Role.TERRITORIAL_ANIMATOR, organisation=make_chamber(areas=[places["areas"]["Lille"]]))


def csv_bytes(rows: list[dict[str, str]], *, header: list[str] | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    columns = header or HEADER
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return out.getvalue().encode("utf-8")


@pytest.fixture
def upload() -> Callable[..., SimpleUploadedFile]:
    def make(rows: list[dict[str, str]] | None = None, *, name: str = "contrats.csv", content: bytes | None = None):
        data = content if content is not None else csv_bytes(rows if rows is not None else [contract_row()])
        return SimpleUploadedFile(name, data, content_type="text/csv")

    return make
