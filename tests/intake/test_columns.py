from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from compagnon.intake import values
from compagnon.intake.columns import BY_NAME, COLUMNS, column_for, match_headers, normalize_header, template_csv

MASTER_FIELDS = [
    "nom",
    "prenom",
    "date_naissance",
    "courriel",
    "emploi",
    "diplome",
    "niveau_diplome",
    "nsf_diplome",
    "experience_mois",
]
EXPECTED_ORDER = [
    "numero_contrat",
    "type_contrat",
    "date_conclusion",
    "date_debut",
    "date_fin",
    "date_rupture",
    "cause_rupture",
    "initiative_rupture",
    "lieu_execution_code_commune",
    "employeur_siret",
    "employeur_denomination",
    "employeur_code_commune",
    "employeur_code_postal",
    "employeur_commune",
    "employeur_naf",
    "employeur_idcc",
    "employeur_effectif",
    "employeur_type",
    "apprenti_nom",
    "apprenti_prenom",
    "apprenti_date_naissance",
    "apprenti_sexe",
    "apprenti_courriel",
    "apprenti_situation_avant_contrat",
    "apprenti_dernier_diplome_niveau",
    "formation_rncp",
    "formation_intitule",
    "formation_niveau",
    "formation_nsf",
    "cfa_uai",
    "cfa_siret",
    "cfa_denomination",
    *(f"maitre1_{field}" for field in MASTER_FIELDS),
    *(f"maitre2_{field}" for field in MASTER_FIELDS),
]
REQUIRED = {
    "numero_contrat",
    "type_contrat",
    "date_debut",
    "date_fin",
    "employeur_siret",
    "employeur_denomination",
    "apprenti_nom",
    "apprenti_prenom",
    "maitre1_nom",
    "maitre1_prenom",
}
# A header with every required column and the employer's place, to which tests add or remove columns.
MINIMAL = [
    "numero_contrat",
    "type_contrat",
    "date_debut",
    "date_fin",
    "employeur_siret",
    "employeur_denomination",
    "employeur_code_commune",
    "apprenti_nom",
    "apprenti_prenom",
    "maitre1_nom",
    "maitre1_prenom",
]


def without(header: list[str], *names: str) -> list[str]:
    return [name for name in header if name not in names]


# --- The columns ------------------------------------------------------------------------------------------------------


def test_columns_come_in_the_documented_order():
    assert [column.name for column in COLUMNS] == EXPECTED_ORDER
    assert list(BY_NAME) == EXPECTED_ORDER


def test_exactly_the_documented_columns_are_required():
    assert {column.name for column in COLUMNS if column.required} == REQUIRED


def test_every_column_has_a_french_label_and_normalised_aliases_other_than_its_name():
    for column in COLUMNS:
        assert column.label and column.label == column.label.strip()
        assert column.name not in column.aliases
        assert all(alias == normalize_header(alias) for alias in column.aliases), column.name


@pytest.mark.parametrize("name", EXPECTED_ORDER)
def test_a_canonical_name_matches_its_column(name):
    assert column_for(name) == name
    assert column_for(name.upper()) == name


@pytest.mark.parametrize("column", COLUMNS, ids=lambda column: column.name)
def test_every_alias_matches_its_own_column(column):
    for alias in column.aliases:
        assert column_for(alias) == column.name, alias


# --- Normalisation ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("N° du contrat", "n_du_contrat"),
        ("Date de début d'exécution du contrat", "date_de_debut_d_execution_du_contrat"),
        ("\ufeffnumero_contrat", "numero_contrat"),
        ("\xa0Nom\xa0", "nom"),
        ('"date_fin"', "date_fin"),
        ("'SIRET'", "siret"),
        ("  Code.Postal -- employeur ", "code_postal_employeur"),
        ("Main-d'œuvre", "main_d_oeuvre"),
        ("Nº UAI", "no_uai"),
        ("", ""),
        ("°°°", ""),
    ],
)
def test_normalize_header_lowercases_drops_accents_and_joins_words_with_underscores(text, expected):
    assert normalize_header(text) == expected


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("DATE DÉBUT", "date_debut"),
        ("date-debut", "date_debut"),
        ("Date.Début", "date_debut"),
        ("  date  de  début  ", "date_debut"),
        ("Date_de_debut_du_contrat", "date_debut"),
        ("\ufeffNuméro du contrat", "numero_contrat"),
        ('"Date de fin"', "date_fin"),
        ("Contrat - Numéro", "numero_contrat"),
        ("Contrat : date de début", "date_debut"),
        ("Employeur - SIRET", "employeur_siret"),
        ("siret_employeur", "employeur_siret"),
        ("Apprenti - Sexe", "apprenti_sexe"),
        ("Nom de l'alternant", "apprenti_nom"),
        ("Prénom apprenant", "apprenti_prenom"),
        ("Effectifs", "employeur_effectif"),
        ("Codes NAF", "employeur_naf"),
        ("E-mail de l'apprentie", "apprenti_courriel"),
        ("Nº du contrat", "numero_contrat"),
        ("N° du contrat d'apprentissage", "numero_contrat"),
        ("Date de début du contrat d'apprentissage", "date_debut"),
        ("Date de fin du contrat de professionnalisation", "date_fin"),
    ],
)
def test_headers_match_whatever_their_case_accents_separators_word_order_and_plural(header, name):
    assert column_for(header) == name


# Every label of the brief: the cerfa FA13 n°10103 and the usual CFA software exports.
CERFA_LABELS = [
    ("N° du contrat", "numero_contrat"),
    ("Numéro de contrat", "numero_contrat"),
    ("Type de contrat", "type_contrat"),
    ("Type de contrat ou d'avenant", "type_contrat"),
    ("Date de conclusion", "date_conclusion"),
    ("Date de début d'exécution du contrat", "date_debut"),
    ("Date de début", "date_debut"),
    ("Date de fin du contrat", "date_fin"),
    ("Date de fin", "date_fin"),
    ("Date de rupture", "date_rupture"),
    ("Motif de rupture", "cause_rupture"),
    ("Initiative de la rupture", "initiative_rupture"),
    ("Lieu d'exécution (code commune)", "lieu_execution_code_commune"),
    ("SIRET employeur", "employeur_siret"),
    ("N° SIRET de l'établissement d'exécution du contrat", "employeur_siret"),
    ("Dénomination", "employeur_denomination"),
    ("Raison sociale", "employeur_denomination"),
    ("Code commune INSEE", "employeur_code_commune"),
    ("Code postal", "employeur_code_postal"),
    ("Commune", "employeur_commune"),
    ("Code NAF", "employeur_naf"),
    ("Code activité (NAF)", "employeur_naf"),
    ("Code IDCC de la convention collective applicable", "employeur_idcc"),
    ("Effectif salarié de l'entreprise", "employeur_effectif"),
    ("Type d'employeur", "employeur_type"),
    ("Nom de naissance de l'apprenti(e)", "apprenti_nom"),
    ("Prénom de l'apprenti(e)", "apprenti_prenom"),
    ("Date de naissance", "apprenti_date_naissance"),
    ("Sexe", "apprenti_sexe"),
    ("Courriel de l'apprenti", "apprenti_courriel"),
    ("Situation avant ce contrat", "apprenti_situation_avant_contrat"),
    ("Dernier diplôme ou titre préparé", "apprenti_dernier_diplome_niveau"),
    ("Diplôme ou titre le plus élevé obtenu", "apprenti_dernier_diplome_niveau"),
    ("Code RNCP", "formation_rncp"),
    ("Intitulé précis du diplôme ou titre", "formation_intitule"),
    ("Niveau", "formation_niveau"),
    ("Code NSF", "formation_nsf"),
    ("Spécialité NSF", "formation_nsf"),
    ("N° UAI du CFA", "cfa_uai"),
    ("SIRET du CFA", "cfa_siret"),
    ("Dénomination du CFA", "cfa_denomination"),
    ("Emploi occupé", "maitre1_emploi"),
]


@pytest.mark.parametrize(("header", "name"), CERFA_LABELS, ids=[header for header, _ in CERFA_LABELS])
def test_cerfa_and_cfa_export_labels_match_their_column(header, name):
    assert column_for(header) == name


MASTER_LABELS = [
    ("Nom de naissance du maître d'apprentissage n°{n}", "nom"),
    ("Prénom du maître d'apprentissage n°{n}", "prenom"),
    ("Date de naissance du maître d'apprentissage n°{n}", "date_naissance"),
    ("Courriel du maître d'apprentissage n°{n}", "courriel"),
    ("Emploi occupé du maître d'apprentissage n°{n}", "emploi"),
    ("Diplôme ou titre le plus élevé obtenu du maître d'apprentissage n°{n}", "diplome"),
    ("Niveau de diplôme ou titre le plus élevé obtenu du maître d'apprentissage n°{n}", "niveau_diplome"),
    ("Spécialité NSF du diplôme du maître d'apprentissage n°{n}", "nsf_diplome"),
    ("Expérience (mois) du maître d'apprentissage n°{n}", "experience_mois"),
    ("date de naissance maitre {n}", "date_naissance"),
    ("Nom tuteur {n}", "nom"),
    ("Prénom du tuteur {n}", "prenom"),
    ("Courriel tutrice {n}", "courriel"),
    ("MA{n} - Nom", "nom"),
    ("maitre{n}_prenom", "prenom"),
    ("Maître d'apprentissage {n} : emploi occupé", "emploi"),
    ("Nom du {n}er maître", "nom"),
]


@pytest.mark.parametrize("number", [1, 2])
@pytest.mark.parametrize(("label", "field"), MASTER_LABELS, ids=[label for label, _ in MASTER_LABELS])
def test_master_and_tutor_labels_match_the_master_of_their_number(label, field, number):
    assert column_for(label.format(n=number)) == f"maitre{number}_{field}"


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("Nom du maître d'apprentissage", "maitre1_nom"),
        ("Prénom du tuteur", "maitre1_prenom"),
        ("Date de naissance du tuteur", "maitre1_date_naissance"),
    ],
)
def test_an_unnumbered_master_is_the_first(header, name):
    assert column_for(header) == name


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("Date de naissance", "apprenti_date_naissance"),
        ("Nom de naissance", "apprenti_nom"),
        ("Nom", "apprenti_nom"),
        ("Prénom", "apprenti_prenom"),
        ("Courriel", "apprenti_courriel"),
        ("Date de naissance de l'apprenti", "apprenti_date_naissance"),
        ("Date de naissance maître 1", "maitre1_date_naissance"),
        ("Date de naissance MA2", "maitre2_date_naissance"),
    ],
)
def test_a_label_shared_by_apprentice_and_masters_is_the_apprentice_unless_qualified(header, name):
    assert column_for(header) == name


@pytest.mark.parametrize(
    "header",
    [
        "Niveau de diplôme ou titre le plus élevé obtenu",  # the apprentice's or a master's: said only with a qualifier
        "Date de début de formation",
        "Numéro du contrat précédent",
        "Nom d'usage de l'apprenti",
        "Adresse",
        "Numéro",
        "",
        "maitre3_nom",
    ],
)
def test_headers_that_mean_no_column_or_an_ambiguous_one_match_nothing(header):
    assert column_for(header) is None


# --- match_headers ----------------------------------------------------------------------------------------------------


def test_a_complete_header_maps_each_column_to_its_position_without_problems():
    headers = match_headers(EXPECTED_ORDER)
    assert headers.problems == ()
    assert headers.unknown == ()
    assert headers.positions == {name: index for index, name in enumerate(EXPECTED_ORDER)}


def test_minimal_header_is_enough():
    headers = match_headers(MINIMAL)
    assert headers.problems == ()
    assert set(headers.positions) == set(MINIMAL)


def test_unknown_columns_are_reported_with_their_position_and_header_as_written():
    headers = match_headers([*MINIMAL[:2], "Observations du CFA", *MINIMAL[2:], "", "Commentaire"])
    assert headers.unknown == ((2, "Observations du CFA"), (len(MINIMAL) + 1, ""), (len(MINIMAL) + 2, "Commentaire"))
    assert headers.problems == ()
    assert headers.positions["type_contrat"] == 1
    assert headers.positions["date_debut"] == 3


def test_the_same_column_twice_is_a_problem_naming_both_columns():
    header = [*MINIMAL[:2], "Date de début", *MINIMAL[3:6], "date_debut", *MINIMAL[6:]]
    headers = match_headers(header)
    assert headers.problems == (
        "Colonnes 3 et 7 : « date_debut » apparaît deux fois (date de début du contrat). "
        "Gardez une seule de ces colonnes.",
    )
    assert headers.positions["date_debut"] == 2


def test_the_same_column_three_times_names_the_three():
    headers = match_headers([*MINIMAL, "Sexe", "sexe", "Genre"])
    assert headers.problems == (
        "Colonnes 12, 13 et 14 : « apprenti_sexe » apparaît 3 fois (sexe de l'apprenti). "
        "Gardez une seule de ces colonnes.",
    )


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_a_missing_required_column_is_a_problem_naming_it(name):
    headers = match_headers(without(MINIMAL, name))
    assert headers.problems == (f"Colonne obligatoire absente : « {name} » ({BY_NAME[name].label}).",)


def test_every_missing_required_column_is_reported():
    headers = match_headers(["employeur_code_commune", "formation_rncp"])
    assert len(headers.problems) == len(REQUIRED)


def test_a_header_with_no_known_column_gets_one_problem():
    headers = match_headers(["C-001", "apprentissage", "01/09/2026"])
    assert len(headers.problems) == 1
    assert headers.problems[0].startswith("Aucune colonne reconnue")
    assert headers.positions == {}
    assert [index for index, _ in headers.unknown] == [0, 1, 2]


def test_an_employer_without_place_is_a_problem():
    headers = match_headers(without(MINIMAL, "employeur_code_commune"))
    assert headers.problems == (
        "Lieu de l'employeur absent : ajoutez la colonne « employeur_code_commune » (code commune INSEE de "
        "l'employeur), ou les deux colonnes « employeur_code_postal » et « employeur_commune ».",
    )


def test_a_postcode_without_commune_name_is_an_incomplete_place():
    headers = match_headers([*without(MINIMAL, "employeur_code_commune"), "Code postal"])
    assert len(headers.problems) == 1
    assert "« employeur_code_postal » est là mais pas « employeur_commune »" in headers.problems[0]


def test_postcode_and_commune_name_are_a_place():
    headers = match_headers([*without(MINIMAL, "employeur_code_commune"), "Code postal", "Commune"])
    assert headers.problems == ()


def test_apprentice_and_master_birth_dates_are_told_apart():
    headers = match_headers([*MINIMAL, "Date de naissance", "Date de naissance du maître d'apprentissage n°1"])
    assert headers.problems == ()
    assert headers.positions["apprenti_date_naissance"] == len(MINIMAL)
    assert headers.positions["maitre1_date_naissance"] == len(MINIMAL) + 1


def test_a_real_cerfa_export_header_is_read_whole():
    header = [
        "N° du contrat",
        "Type de contrat ou d'avenant",
        "Date de conclusion",
        "Date de début d'exécution du contrat",
        "Date de fin du contrat",
        "N° SIRET de l'établissement d'exécution du contrat",
        "Dénomination",
        "Code postal",
        "Commune",
        "Nom de naissance de l'apprenti(e)",
        "Prénom de l'apprenti(e)",
        "Date de naissance",
        "Nom de naissance du maître d'apprentissage n°1",
        "Prénom du maître d'apprentissage n°1",
        "Date de naissance du maître d'apprentissage n°1",
        "Nom de naissance du maître d'apprentissage n°2",
        "Prénom du maître d'apprentissage n°2",
        "N° UAI du CFA",
    ]
    headers = match_headers(header)
    assert headers.problems == ()
    assert headers.unknown == ()
    assert len(headers.positions) == len(header)


def test_cells_gives_the_known_cells_by_name_and_empty_text_beyond_a_short_row():
    headers = match_headers(["Commentaire", "numero_contrat", "date_debut"])
    assert headers.cells(["x", "C-1", "01/09/2026"]) == {"numero_contrat": "C-1", "date_debut": "01/09/2026"}
    assert headers.cells(["x", "C-1"]) == {"numero_contrat": "C-1", "date_debut": ""}


# --- The template -----------------------------------------------------------------------------------------------------


def read_template() -> list[list[str]]:
    return list(csv.reader(io.StringIO(template_csv(), newline=""), delimiter=";"))


def test_template_has_the_canonical_header_and_one_example_row():
    header, *rows = read_template()
    assert header == EXPECTED_ORDER
    assert len(rows) == 1
    assert len(rows[0]) == len(header)


def test_template_header_round_trips_through_match_headers():
    header, example = read_template()
    headers = match_headers(header)
    assert headers.problems == ()
    assert headers.unknown == ()
    assert list(headers.positions) == EXPECTED_ORDER
    cells = headers.cells(example)
    assert all(cells[name] for name in REQUIRED)
    assert cells["maitre2_nom"] == ""


def test_template_example_values_are_accepted_by_the_value_cleaners():
    _, example = read_template()
    cells = match_headers(EXPECTED_ORDER).cells(example)
    assert values.clean_siret(cells["employeur_siret"]) == cells["employeur_siret"]
    assert values.clean_siret(cells["cfa_siret"]) == cells["cfa_siret"]
    assert values.clean_uai(cells["cfa_uai"]) == cells["cfa_uai"]
    assert values.clean_contract_kind(cells["type_contrat"]) == "apprentissage"
    assert values.clean_employer_kind(cells["employeur_type"]) == "entreprise"
    assert values.parse_date(cells["date_debut"]) < values.parse_date(cells["date_fin"])
    assert values.clean_naf(cells["employeur_naf"]) == "43.21A"
    assert values.clean_sex(cells["apprenti_sexe"]) == "F"


# --- The documentation ------------------------------------------------------------------------------------------------

FORMATS_DOC = Path(__file__).resolve().parents[2] / "docs" / "formats.md"
DOC_ROW = re.compile(r"^\| `(\w+)` \|[^|]*\|[^|]*\| (.*) \|$")


def documented_variants() -> list[tuple[str, str]]:
    rows = (DOC_ROW.match(line) for line in FORMATS_DOC.read_text(encoding="utf-8").splitlines())
    return [(match[1], variant) for match in rows if match for variant in match[2].split(", ")]


def test_docs_list_every_column_in_order():
    names = [line.split("`")[1] for line in FORMATS_DOC.read_text(encoding="utf-8").splitlines() if DOC_ROW.match(line)]
    assert names == EXPECTED_ORDER[: EXPECTED_ORDER.index("maitre1_experience_mois") + 1]


@pytest.mark.parametrize(("name", "variant"), documented_variants())
def test_every_variant_in_the_docs_matches_its_column(name, variant):
    assert column_for(variant) == name
