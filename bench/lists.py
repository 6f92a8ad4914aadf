"""Benchmark of the list pages at scale: page time next to its floor (its own SQL run directly).

Usage (make bench runs it):
    .venv/bin/python bench/lists.py --contracts 1000000 [--repeat 30] [--database-url postgres://…]

It builds (once, then reuses) a database of N contracts with `seed_demo`, then for each page:
- requests it REPEAT times in process through Django's test client, logged in as the regional animator
  (whole region), a territorial animator (a few areas), CFA staff or an employer, and takes the median and p95
  wall time;
- captures the SQL of one request and replays exactly those statements on the same connection REPEAT times:
  the floor, what the database alone costs;
- prints both, the ratio p95/floor-p95, and whether the targets of issue 2 hold
  (list pages < 150 ms p95 and ≤ 3× floor; name search < 300 ms p95).
Figures are printed and written to bench/results/, never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LIST_TARGET_MS = 150.0
SEARCH_TARGET_MS = 300.0
FLOOR_RATIO_TARGET = 3.0

# (label, URL name, query string, account, kind): kind "list" or "search" selects the target.
PAGES = [
    # References, not targets: Django's fixed cost per page (bench/fixed_cost.py).
    ("référence : page vide", "bench-empty", "", "region", "reference"),
    ("référence : mise en page seule", "bench-layout", "", "region", "reference"),
    ("contrats, tous", "contracts:list", "", "region", "list"),
    ("contrats, en cours", "contracts:list", "statut=active", "region", "list"),
    ("contrats, une zone", "contracts:list", "zone=3216", "region", "list"),
    ("contrats, page 20", "contracts:list", "page=20", "region", "list"),
    ("contrats, tri par fin", "contracts:list", "tri=fin", "region", "list"),
    ("contrats, animateur territorial", "contracts:list", "", "area", "list"),
    ("entreprises", "companies:list", "", "region", "list"),
    ("personnes", "people:list", "", "region", "list"),
    ("personnes, maîtres", "people:list", "role=maitre", "region", "list"),
    ("personnes, animateur territorial", "people:list", "", "area", "list"),
    ("CFA", "centres:list", "", "region", "list"),
    ("zones d'emploi", "areas:list", "", "region", "list"),
    ("recherche personne « martin »", "people:list", "q=martin", "region", "search"),
    ("recherche personne « dub »", "people:list", "q=dub", "region", "search"),
    ("recherche entreprise « boulang »", "companies:list", "q=boulang", "region", "search"),
    ("recherche contrat par alternant", "contracts:list", "q=lefebvre", "region", "search"),
    # The other roles' scopes are small: a CFA's or an employer's people are collected, not probed.
    ("accueil, animatrice régionale", "home", "", "region", "list"),
    ("accueil, animateur territorial", "home", "", "area", "list"),
    ("accueil, CFA", "home", "", "cfa", "list"),
    ("contrats, CFA", "contracts:list", "", "cfa", "list"),
    ("personnes, CFA", "people:list", "", "cfa", "list"),
    ("personnes, employeur", "people:list", "", "employer", "list"),
]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def build_database(n: int, seed: int, env: dict[str, str]) -> None:
    python = str(ROOT / ".venv" / "bin" / "python")
    manage = str(ROOT / "manage.py")
    run = lambda *args: subprocess.run([python, manage, *args], env=env, check=True)  # noqa: E731
    run("migrate", "-v0")
    run("load_reference_data", "-v0")
    started = time.perf_counter()
    run("seed_demo", "--contracts", str(n), "--seed", str(seed), "--if-empty")
    print(f"base prête ({time.perf_counter() - started:.0f} s pour seed_demo si elle était vide)", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contracts", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database-url", default="", help="default: a SQLite file under var/bench/")
    args = parser.parse_args()

    url = args.database_url or f"sqlite:///{ROOT / 'var' / 'bench' / f'bench-{args.contracts}-{args.seed}.sqlite3'}"
    # Measured as in production: DEBUG off (no query logging wrapper), static files collected with their manifest.
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "false", "SECRET_KEY": "bench-" + "x" * 50}
    build_database(args.contracts, args.seed, env)
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
        env=env,
        check=True,
    )

    os.environ.update(env, DJANGO_SETTINGS_MODULE="compagnon.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from compagnon.accounts.enums import Role
    from compagnon.accounts.models import Membership
    from compagnon.contracts.models import Contract

    settings.ALLOWED_HOSTS = ["*"]
    settings.ROOT_URLCONF = "bench.fixed_cost"
    accounts = {
        "region": Membership.objects.filter(role=Role.REGIONAL_ANIMATOR).select_related("user").first(),
        "area": Membership.objects.filter(role=Role.TERRITORIAL_ANIMATOR).select_related("user").first(),
        "cfa": Membership.objects.filter(role=Role.CFA_STAFF).select_related("user").first(),
        "employer": Membership.objects.filter(role=Role.EMPLOYER).select_related("user").first(),
    }
    clients = {}
    for key, membership in accounts.items():
        if membership is None:
            print(f"aucun compte « {key} » dans la base de démonstration", file=sys.stderr)
            return 2
        client = Client()
        client.force_login(membership.user)
        clients[key] = client

    total = Contract.objects.count()
    print(f"\n{connection.vendor}, {total:,} contrats, {args.repeat} requêtes par page".replace(",", " "))
    header = (
        f"{'page':38} {'médiane':>8} {'p95':>8} {'plancher':>9} {'p95 pl.':>8} {'ratio':>6}  {'requêtes':>8}  cible"
    )
    print(header)
    print("-" * len(header))
    rows = []
    all_ok = True
    for label, name, query, account, kind in PAGES:
        url_path = reverse(name) + (f"?{query}" if query else "")
        client = clients[account]
        response = client.get(url_path)  # warm caches, and check it answers
        if response.status_code != 200:
            print(f"{label:38} réponse {response.status_code}: page absente ou en erreur")
            all_ok = False
            continue
        page_times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            client.get(url_path)
            page_times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as captured:
            client.get(url_path)
        statements = [q["sql"] for q in captured.captured_queries]
        floor_times = []
        with connection.cursor() as cursor:
            for _ in range(args.repeat):
                started = time.perf_counter()
                for sql in statements:
                    cursor.execute(sql)
                    if cursor.description is not None:
                        cursor.fetchall()
                floor_times.append((time.perf_counter() - started) * 1000)
        reset_queries()
        median, p95 = statistics.median(page_times), percentile(page_times, 95)
        floor_median, floor_p95 = statistics.median(floor_times), percentile(floor_times, 95)
        ratio = p95 / floor_p95 if floor_p95 else float("inf")
        target = SEARCH_TARGET_MS if kind == "search" else LIST_TARGET_MS
        # The floor ratio is the list pages' target; a search is bounded by its absolute time only.
        ok = p95 < target and (kind == "search" or ratio <= FLOOR_RATIO_TARGET)
        if kind == "reference":
            verdict = "(référence)"
        else:
            all_ok &= ok
            verdict = f"{'OK ' if ok else 'NON'} (< {target:.0f} ms" + ("" if kind == "search" else ", ≤ 3×") + ")"
        print(
            f"{label:38} {median:7.1f}  {p95:7.1f}  {floor_median:8.1f}  {floor_p95:7.1f}  {ratio:5.1f}×"
            f"  {len(statements):8d}  {verdict}",
            flush=True,
        )
        rows.append(
            {
                "page": label,
                "url": url_path,
                "median_ms": median,
                "p95_ms": p95,
                "floor_median_ms": floor_median,
                "floor_p95_ms": floor_p95,
                "ratio": ratio,
                "queries": len(statements),
                "ok": ok if kind != "reference" else None,
            }
        )
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    out = results / f"lists-{connection.vendor}-{args.contracts}.json"
    out.write_text(
        json.dumps(
            {"vendor": connection.vendor, "contracts": total, "repeat": args.repeat, "pages": rows},
            indent=2,
            ensure_ascii=False,
        )
    )
    print(f"\nrésultats écrits dans {out.relative_to(ROOT)}; toutes les cibles tenues : {'oui' if all_ok else 'non'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
