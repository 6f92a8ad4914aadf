"""Benchmark of the list exports (issue 4): a million contracts to CSV and XLSX without filling memory.

Usage:
    .venv/bin/python bench/exports.py --contracts 1000000 [--formats csv,xlsx] [--database-url postgres://…]

It builds (once, then reuses) the seeded database of bench/lists.py (`seed_demo`, same file under var/bench/), then,
each in a fresh process so that its peak memory is its own:
- the anchor: the export's rows read and built (the same query and Python rows), rendered into nothing;
- each format: GET /contrats/export/?format=… through Django's test client as a superuser (the whole region and
  beyond: every contract), the streamed response consumed chunk by chunk and thrown away, as a browser would.
For each, it prints the wall time, rows per second, the time to the first byte, the size, and the process's peak
resident memory (resource.getrusage) next to its memory before the export. The number of rows is read back from the
export's audit entry. Figures are printed and written to bench/results/, never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.lists import build_database  # noqa: E402

MODES = ("rows", "csv", "xlsx")
LABELS = {"rows": "lignes seules (ancre)", "csv": "CSV", "xlsx": "Excel (XLSX)"}


def peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def anonymous_mb() -> float:
    """The process's private memory now (its heap: Python objects, SQLite's page cache), without the pages of the
    database file that SQLite maps into memory (mmap_size), which count in the resident size but are the OS's cache."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run_one(mode: str) -> dict[str, object]:
    """In this process: one export, measured. The database and settings come from the environment."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "compagnon.settings")
    import django

    django.setup()
    import datetime as dt

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from compagnon.accounts.models import User
    from compagnon.contracts.models import Contract
    from compagnon.core.models import AuditEntry
    from compagnon.www.contracts.exports import contracts_export

    settings.ALLOWED_HOSTS = ["*"]
    user = User.objects.filter(is_superuser=True).order_by("pk").first()
    if user is None:
        user = User.objects.create_superuser("bench.exports", "bench@example.org", "bench-exports")
    client = Client()
    client.force_login(user)
    # Warm the connection, the URL resolver and the templates on a tiny export, as a running server would be.
    client.get(reverse("contracts:export") + "?format=csv&debut_du=2999-01-01").close()
    before = peak_rss_mb()
    anonymous_before = anonymous_peak = anonymous_mb()

    started = time.perf_counter()
    first_byte = None
    size = rows = chunks_seen = 0
    if mode == "rows":
        for _ in contracts_export(Contract.objects.order_by("-start_date", "-id"), today=dt.date.today()).rows:
            rows += 1
            if rows % 10_000 == 0:
                anonymous_peak = max(anonymous_peak, anonymous_mb())
    else:
        response = client.get(reverse("contracts:export") + f"?format={mode}")
        assert response.status_code == 200, response.status_code
        anonymous_peak = max(anonymous_peak, anonymous_mb())
        for chunk in response.streaming_content:
            if first_byte is None:
                first_byte = time.perf_counter() - started
            size += len(chunk)
            chunks_seen += 1
            if chunks_seen % 100 == 0:
                anonymous_peak = max(anonymous_peak, anonymous_mb())
        response.close()
        entry = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).order_by("-pk").first()
        assert entry is not None and entry.changes.get("complet"), "no completed audit entry"
        rows = entry.changes["lignes"]
    elapsed = time.perf_counter() - started
    return {
        "mode": mode,
        "vendor": connection.vendor,
        "rows": rows,
        "seconds": elapsed,
        "rows_per_second": rows / elapsed if elapsed else 0.0,
        "first_byte_seconds": first_byte,
        "bytes": size,
        "rss_before_mb": before,
        "peak_rss_mb": peak_rss_mb(),
        "anonymous_before_mb": anonymous_before,
        "anonymous_peak_mb": anonymous_peak,
    }


def spaced(n: float) -> str:
    return f"{n:,.0f}".replace(",", "\u202f")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contracts", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--formats", default="csv,xlsx", help="csv, xlsx or both (default)")
    parser.add_argument("--database-url", default="", help="default: the SQLite file of bench/lists.py")
    parser.add_argument("--run", choices=MODES, help=argparse.SUPPRESS)  # internal: one measure, in a child process
    args = parser.parse_args()

    if args.run:
        print(json.dumps(run_one(args.run)))
        return 0

    url = args.database_url or f"sqlite:///{ROOT / 'var' / 'bench' / f'bench-{args.contracts}-{args.seed}.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "false", "SECRET_KEY": "bench-" + "x" * 50}
    build_database(args.contracts, args.seed, env)

    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = set(formats) - {"csv", "xlsx"}
    if unknown:
        parser.error(f"format(s) inconnu(s) : {', '.join(sorted(unknown))}")
    print(f"\nExport de {spaced(args.contracts)} contrats (superutilisateur : tous les contrats)\n")
    header = (
        f"{'export':24} {'lignes':>10} {'durée':>8} {'lignes/s':>9} {'1er octet':>10} {'taille':>9} {'mémoire':>16}"
    )
    print(header)
    print("-" * len(header))
    results = []
    for mode in ["rows", *formats]:
        child = subprocess.run(
            [sys.executable, __file__, "--run", mode], env=env, check=True, capture_output=True, text=True
        )
        result = json.loads(child.stdout.strip().splitlines()[-1])
        results.append(result)
        first = f"{result['first_byte_seconds'] * 1000:7.0f} ms" if result["first_byte_seconds"] is not None else ""
        size = f"{result['bytes'] / 1e6:6.0f} Mo" if result["bytes"] else ""
        memory = f"{result['rss_before_mb']:.0f} → {result['peak_rss_mb']:.0f} Mo"
        private = f"{result['anonymous_before_mb']:.0f} → {result['anonymous_peak_mb']:.0f} Mo"
        rate = spaced(result["rows_per_second"])
        print(
            f"{LABELS[mode]:24} {spaced(result['rows']):>10} {result['seconds']:7.1f}s {rate:>9}"
            f" {first:>10} {size:>9} {memory:>16} {private:>16}",
            flush=True,
        )
    print(
        "\nmémoire, avant l'export → au plus haut, chaque mesure dans son processus : résidente (getrusage, y compris"
        " le fichier de la base que SQLite projette en mémoire) et privée (RssAnon : le tas, relevé en cours d'export)"
    )
    results_dir = ROOT / "bench" / "results"
    results_dir.mkdir(exist_ok=True)
    out = results_dir / f"exports-{results[0]['vendor']}-{args.contracts}.json"
    out.write_text(json.dumps({"contracts": args.contracts, "results": results}, indent=2, ensure_ascii=False))
    print(f"résultats écrits dans {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
