from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from compagnon.intake.columns import COLUMNS
from tests.factories import make_siret, make_uai

# Every canonical column, in the order of docs/formats.md.
HEADER = [column.name for column in COLUMNS]

SIRET_A = make_siret(4242)
SIRET_B = make_siret(4343)
UAI_A = make_uai(5900001)
UAI_B = make_uai(5900002)


def contract_row(number: str = "C-001", **overrides: Any) -> dict[str, str]:
    """A valid apprenticeship contract row; keyword arguments replace cells."""
    row = {
        "numero_contrat": number,
        "type_contrat": "apprentissage",
        "date_conclusion": "20/08/2026",
        "date_debut": "01/09/2026",
        "date_fin": "31/08/2028",
        "employeur_siret": SIRET_A,
        "employeur_denomination": "Boulangerie Lefèvre",
        "employeur_code_commune": "59350",
        "employeur_naf": "1071C",
        "employeur_idcc": "843",
        "employeur_effectif": "12",
        "employeur_type": "entreprise",
        "apprenti_nom": "Martin",
        "apprenti_prenom": "Léa",
        "apprenti_date_naissance": "14/03/2008",
        "apprenti_sexe": "F",
        "apprenti_situation_avant_contrat": "1",
        "apprenti_dernier_diplome_niveau": "3",
        "formation_rncp": "RNCP35316",
        "formation_intitule": "CAP Boulanger",
        "formation_niveau": "3",
        "formation_nsf": "221",
        "cfa_uai": UAI_A,
        "cfa_denomination": "CFA des métiers de Lille",
        "maitre1_nom": "Lefèvre",
        "maitre1_prenom": "Paul",
        "maitre1_date_naissance": "02/05/1980",
        "maitre1_courriel": "paul.lefevre@example.org",
        "maitre1_emploi": "Boulanger",
        "maitre1_diplome": "BP Boulanger",
        "maitre1_niveau_diplome": "4",
        "maitre1_nsf_diplome": "221",
        "maitre1_experience_mois": "60",
    }
    row.update(overrides)
    return row


@pytest.fixture
def contract_file(tmp_path: Path) -> Callable[..., Path]:
    counter = iter(range(1, 1000))

    def write(rows: list[dict[str, str]], *, header: list[str] | None = None, name: str | None = None) -> Path:
        columns = header or HEADER
        path = tmp_path / (name or f"contrats-{next(counter)}.csv")
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, delimiter=";")
            writer.writerow(columns)
            for row in rows:
                writer.writerow([row.get(column, "") for column in columns])
        return path

    return write
