"""`load_reference_data` and its loaders: all of France, idempotent, all or nothing on a bad file."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from compagnon.certifications.models import NsfGroup
from compagnon.certifications.services import DATA_DIR as NSF_DIR
from compagnon.certifications.services import load_nsf
from compagnon.core.models import AuditEntry
from compagnon.core.reference_data import ReferenceDataError
from compagnon.organisations.models import Opco
from compagnon.organisations.services import DATA_DIR as OPCO_DIR
from compagnon.organisations.services import load_opcos
from compagnon.territory.models import Commune, Department, EmploymentArea, Region
from compagnon.territory.services import DATA_DIR as TERRITORY_DIR
from compagnon.territory.services import load_territory

pytestmark = pytest.mark.usefixtures("reference_data")

FILES = {
    "regions.csv": TERRITORY_DIR,
    "departements.csv": TERRITORY_DIR,
    "zones_emploi.csv": TERRITORY_DIR,
    "communes.csv": TERRITORY_DIR,
    "nsf.csv": NSF_DIR,
    "opcos.csv": OPCO_DIR,
}


def csv_rows(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.DictReader(handle))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of every reference file, for a test to change or break."""
    for name, folder in FILES.items():
        shutil.copy(folder / name, tmp_path / name)
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, start: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(start))


def snapshot() -> dict[str, object]:
    lille = Commune.objects.get(insee_code="59350")
    return {
        "counts": [m.objects.count() for m in (Region, Department, EmploymentArea, Commune, NsfGroup, Opco)],
        "lille": (lille.name, lille.population, lille.postal_codes, lille.employment_area_id),
        "beauvais": sorted(EmploymentArea.objects.get(code="0054").regions.values_list("code", flat=True)),
        "audit": AuditEntry.objects.count(),
    }


@pytest.mark.parametrize(
    ("model", "expected", "name", "folder"),
    [
        (Region, 26, "regions.csv", TERRITORY_DIR),
        (Department, 109, "departements.csv", TERRITORY_DIR),
        (EmploymentArea, 306, "zones_emploi.csv", TERRITORY_DIR),
        (Commune, 34_969, "communes.csv", TERRITORY_DIR),
        (NsfGroup, 92, "nsf.csv", NSF_DIR),
        (Opco, 11, "opcos.csv", OPCO_DIR),
    ],
    ids=["regions", "departments", "employment_areas", "communes", "nsf", "opcos"],
)
def test_full_load_holds_one_row_per_line_of_each_file(db, model, expected, name, folder):
    assert csv_rows(folder / name) == expected
    assert model.objects.count() == expected


def test_lille_lies_in_the_lille_employment_area_with_its_postal_codes_and_position(db):
    lille = Commune.objects.select_related("department__region", "employment_area").get(insee_code="59350")
    assert lille.name == "Lille"
    assert lille.search_name == "lille"
    assert lille.employment_area.code == "3216"
    assert lille.department.code == "59"
    assert lille.department.region.code == "32"
    assert lille.postal_codes == "59000 59160 59260 59777 59800"
    assert lille.population == 238_246
    assert lille.latitude == pytest.approx(50.6317, abs=1e-4)
    assert lille.longitude == pytest.approx(3.0478, abs=1e-4)


def test_search_name_drops_accents_and_punctuation(db):
    assert Commune.objects.get(insee_code="01001").search_name == "l abergement clemenciat"


def test_an_employment_area_straddling_two_regions_belongs_to_both(db):
    beauvais = EmploymentArea.objects.get(code="0054")
    assert sorted(beauvais.regions.values_list("code", flat=True)) == ["28", "32"]
    assert list(EmploymentArea.objects.get(code="3217").regions.values_list("code", flat=True)) == ["32"]
    assert EmploymentArea.objects.in_region("28").filter(code="0054").exists()


def test_nord_pas_de_calais_has_its_fourteen_employment_areas(db):
    codes = set(Commune.objects.filter(department__in=["59", "62"]).values_list("employment_area", flat=True))
    assert codes == {
        "3203",
        "3204",
        "3205",
        "3206",
        "3207",
        "3208",
        "3212",
        "3213",
        "3215",
        "3216",
        "3217",
        "3218",
        "3219",
        "3222",
    }


def test_overseas_collectivities_have_communes_without_employment_area(db):
    without_area = Commune.objects.filter(employment_area__isnull=True)
    assert without_area.count() == 94
    # All in the overseas collectivities (régions 975 to 989 in the INSEE code), none in a département.
    assert not without_area.exclude(department__region__code__regex=r"^9[78][0-9]$").exists()
    assert Commune.objects.filter(latitude__isnull=True).count() == 406


def test_nsf_groups_and_opcos_are_loaded(db):
    assert NsfGroup.objects.get(code="221").domain == "22"
    assert Opco.objects.get(code="opco-ep").name == "OPCO EP (entreprises de proximité)"
    assert set(Opco.objects.values_list("code", flat=True)) >= {"akto", "atlas", "opco-sante", "opcommerce"}


def test_a_second_run_changes_nothing_writes_no_audit_entry_and_takes_few_queries(db, django_assert_max_num_queries):
    before = snapshot()
    out = io.StringIO()
    # Reading each table once and writing nothing: about a dozen queries, whatever the number of communes.
    with django_assert_max_num_queries(20):
        call_command("load_reference_data", stdout=out)
    assert snapshot() == before
    assert "Communes : 0 ajout(s), 0 mise(s) à jour, 34\u202f969 inchangé(s)" in out.getvalue()
    assert "Référentiel déjà à jour" in out.getvalue()


@pytest.mark.parametrize("load", [load_territory, load_nsf, load_opcos], ids=["territory", "nsf", "opcos"])
def test_each_loader_reports_everything_unchanged_on_a_second_run(db, load):
    report = load()
    assert not report.changed
    assert all(c.created == 0 and c.updated == 0 and c.unchanged > 0 for c in report.counts.values())


def test_a_changed_row_is_updated_and_audited(db, data_dir):
    edit(
        data_dir / "communes.csv",
        "59350,Lille,59,32,59000 59160 59260 59777 59800,238246,",
        "59350,Lille,59,32,59000 59160 59260 59777 59800,240000,",
    )
    # Beauvais loses its Normandy part: only the link changes, and the zone counts as updated.
    edit(data_dir / "zones_emploi.csv", "0054,Beauvais,28 32", "0054,Beauvais,32")

    audit_before = AuditEntry.objects.count()

    report = load_territory(data_dir=data_dir)

    assert Commune.objects.get(insee_code="59350").population == 240_000
    assert list(EmploymentArea.objects.get(code="0054").regions.values_list("code", flat=True)) == ["32"]
    communes, areas = report.counts["communes"], report.counts["zones d'emploi"]
    assert (communes.created, communes.updated, communes.unchanged) == (0, 1, 34_968)
    assert (areas.created, areas.updated, areas.updated_keys) == (0, 1, ["0054"])
    assert AuditEntry.objects.count() == audit_before + 1
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry.action == "import"
    assert entry.actor is None
    assert entry.changes["communes"]["clés mises à jour"] == ["59350"]
    assert "Référentiel territorial chargé" in entry.summary


def test_many_changed_rows_are_updated_in_batches(db, data_dir):
    # Every commune of the Nord renamed: more rows than one UPDATE may carry under SQLite's parameter cap.
    path = data_dir / "communes.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    renamed = [
        line.replace(",", " (test),", 2).replace(" (test),", ",", 1) if line.startswith("59") else line
        for line in lines
    ]
    path.write_text("".join(renamed), encoding="utf-8")
    nord = Commune.objects.filter(department="59").count()

    report = load_territory(data_dir=data_dir)

    assert report.counts["communes"].updated == nord > 600
    assert Commune.objects.filter(name__endswith=" (test)").count() == nord
    assert Commune.objects.get(insee_code="59350").search_name == "lille test"


def test_a_new_commune_is_created(db, data_dir):
    with (data_dir / "communes.csv").open("a", encoding="utf-8") as handle:
        handle.write("59999,Nouvelle-Commune,59,32,59000,12,3216,Lille,59350,Lille,,\n")

    report = load_territory(data_dir=data_dir)

    assert report.counts["communes"].created == 1
    commune = Commune.objects.get(insee_code="59999")
    assert (commune.employment_area_id, commune.latitude, commune.population) == ("3216", None, 12)


BROKEN = [
    pytest.param(
        "communes.csv",
        "59350,Lille,59,",
        "59350,Lille,99,",
        "59350",
        "communes.csv, ligne {line}, champ « departement » : département « 99 » inconnu (absent de departements.csv).",
        id="unknown_department",
    ),
    pytest.param(
        "communes.csv",
        "59350,Lille,59,",
        "5935,Lille,59,",
        "5935,",
        "communes.csv, ligne {line}, champ « code_insee » : « 5935 » : code INSEE de commune attendu",
        id="bad_insee_code",
    ),
    pytest.param(
        "communes.csv",
        ",238246,3216,",
        ",beaucoup,3216,",
        "59350",
        "communes.csv, ligne {line}, champ « population » : « beaucoup » : nombre entier attendu.",
        id="bad_population",
    ),
    pytest.param(
        "communes.csv",
        "59350,Lille,59,32,59000 59160 59260 59777 59800,238246,3216,",
        "59350,Lille,59,32,59000 59160 59260 59777 59800,238246,3299,",
        "59350",
        "communes.csv, ligne {line}, champ « zone_emploi » : zone d'emploi « 3299 » inconnue",
        id="unknown_employment_area",
    ),
    pytest.param(
        "zones_emploi.csv",
        "0054,Beauvais,28 32",
        "0054,Beauvais,28 99",
        "0054",
        "zones_emploi.csv, ligne {line}, champ « regions » : région(s) « 99 » inconnue(s)",
        id="unknown_region_of_area",
    ),
    pytest.param(
        "communes.csv",
        "code_insee,nom,departement,",
        "code_insee,nom,dept,",
        "code_insee",
        "communes.csv, ligne 1 : colonne(s) absente(s) : « departement ».",
        id="missing_column",
    ),
    pytest.param(
        "nsf.csv",
        "221,",
        "2210,",
        "2210",
        "nsf.csv, ligne {line}, champ « code » : « 2210 » : code de groupe NSF attendu (3 chiffres).",
        id="bad_nsf_code",
    ),
    pytest.param(
        "opcos.csv",
        "akto,AKTO",
        "akto,",
        "akto",
        "opcos.csv, ligne {line}, champ « name » : valeur vide : nom attendu",
        id="empty_opco_name",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "marker", "message"), BROKEN)
def test_a_broken_file_is_reported_in_french_and_nothing_is_written(db, data_dir, name, old, new, marker, message):
    # A valid change elsewhere proves the transaction covers every loader: it must not be applied either.
    edit(data_dir / "regions.csv", "32,Hauts-de-France", "32,Hauts-de-France (modifiée)")
    edit(data_dir / name, old, new)
    line = line_of(data_dir / name, marker)
    before = snapshot()

    with pytest.raises(CommandError) as error:
        call_command("load_reference_data", data_dir=data_dir, verbosity=0)

    assert "rien n'a été modifié" in str(error.value)
    assert message.format(line=line) in str(error.value)
    assert snapshot() == before
    assert Region.objects.get(code="32").name == "Hauts-de-France"


def test_every_bad_row_is_listed_up_to_a_limit(data_dir):
    path = data_dir / "communes.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(lines[0] + "".join(line.replace(",", ",,", 1) for line in lines[1:31]), encoding="utf-8")

    with pytest.raises(ReferenceDataError) as error:
        load_territory(data_dir=data_dir)

    assert error.value.total == 30
    assert len(error.value.errors) == 20
    assert error.value.errors[0] == "communes.csv, ligne 2 : nombre de champs incorrect (attendu : 12)."
    assert str(error.value).endswith("… et 10 autre(s) erreur(s).")


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(ReferenceDataError, match=r"^nsf\.csv : fichier introuvable"):
        load_nsf(data_dir=tmp_path)


def test_a_file_not_in_utf8_is_reported(data_dir):
    path = data_dir / "opcos.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))

    with pytest.raises(
        ReferenceDataError, match=r"^opcos\.csv, vers la ligne \d+ : le fichier n'est pas encodé en UTF-8\.$"
    ):
        load_opcos(data_dir=data_dir)
