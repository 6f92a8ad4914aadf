"""Benchmark of `refresh_compliance()`: supervisions per second over a whole demo region, stage by stage.

Usage:
    .venv/bin/python bench/compliance.py --contracts 100000 [--repeat 3] [--database-url postgres://…]
        [--before COMMIT]

It builds (once, then reuses) a database of N contracts with `seed_demo` (a SQLite file under /tmp by default; seed_demo
leaves the compliance of more than 50,000 contracts to compute), then, REPEAT times each, on all supervisions:
- reads the facts (the streamed query and the diplomas and periods, no evaluation);
- reads and evaluates (situations built, `rules.evaluate`), nothing written;
- refreshes: read, evaluate and write, first into an empty table (the import's case), then over the stored answers
  (the nightly refresh's case: an answer the table already holds is not written again).
The floor of the whole is `evaluate()` alone on the same situations, measured in the same run.

--before COMMIT also runs `refresh_compliance` as it was at that commit (its services.py read from git, the models of
today), once, and checks that both give every supervision the same decision and the same status for each check.

Figures are printed, never asserted in tests. The issue's target: 50,000 supervisions/s for the whole refresh.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET = 50_000

from bench.lists import build_database  # noqa: E402  (the same demo base as the list pages' benchmark)


def module_at(commit: str, path: str, name: str) -> Any:
    """A module of the project as it was at `commit` (the rest of the project as it is now)."""
    source = subprocess.run(["git", "show", f"{commit}:{path}"], cwd=ROOT, check=True, capture_output=True).stdout
    spec = importlib.util.spec_from_loader(name, loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    exec(compile(source, f"{commit[:10]}:{path}", "exec"), module.__dict__)
    return module


def timed(label: str, count: int, repeat: int, run: Callable[[], object], before: Callable[[], object] = lambda: None):
    """Median wall time of REPEAT runs, and the CPU time of this process (SQLite works in it; PostgreSQL does not)."""
    times, cpu = [], []
    for _ in range(repeat):
        before()
        started, started_cpu = time.perf_counter(), time.process_time()
        run()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    median, cpu_us = statistics.median(times), statistics.median(cpu) / count * 1e6
    line = (
        f"{label:42} {median:7.2f} s {count / median:>9,.0f} /s {median / count * 1e6:6.1f} µs | CPU {cpu_us:5.1f} µs"
    )
    print(f"{line}  (min {min(times):.2f} s, max {max(times):.2f} s)".replace(",", " "), flush=True)
    return median


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contracts", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database-url", default="", help="default: a SQLite file under /tmp, reused")
    parser.add_argument("--before", default="", help="also time refresh_compliance as at this commit, and compare")
    args = parser.parse_args()

    url = args.database_url or f"sqlite:////tmp/bench-compliance-{args.contracts}-{args.seed}.sqlite3"
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "false", "SECRET_KEY": "bench-" + "x" * 50}
    build_database(args.contracts, args.seed, env)
    os.environ.update(env, DJANGO_SETTINGS_MODULE="compagnon.settings")
    import django

    django.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from compagnon.compliance import services
    from compagnon.compliance.models import SupervisionCompliance
    from compagnon.compliance.rule_data import current_rule_data
    from compagnon.contracts.models import Supervision
    from compagnon.rules import evaluate

    data = current_rule_data()
    today = timezone.localdate()
    count = Supervision.objects.count()
    print(f"\n{connection.vendor}, {count:,} tutorats, médiane de {args.repeat}".replace(",", " "))

    def stored_checks() -> dict[int, tuple[str, list[tuple[str, str]]]]:
        """Each stored decision and its checks' statuses: what both forms of the answer keep."""
        rows = SupervisionCompliance.objects.values_list("pk", "decision", "answer")
        return {pk: (decision, [(c["code"], c["status"]) for c in answer["checks"]]) for pk, decision, answer in rows}

    def empty() -> None:
        SupervisionCompliance.objects.all().delete()

    def read() -> None:
        with transaction.atomic():
            for batch in services._fact_batches(None):
                services._qualifications(services._profiles_of(batch))

    def decide() -> None:
        with transaction.atomic():
            for _ in services._decisions(None, today=today, data=data):
                pass

    # The situations the refresh builds, kept as it evaluates them, for the floor.
    situations = []
    services.evaluate = lambda situation, data: situations.append(situation) or evaluate(situation, data)
    decide()
    services.evaluate = evaluate

    def cold() -> None:
        """The engine's caches emptied: the refresh meets each situation once, the floor must not reuse answers."""
        for module in [m for name, m in sys.modules.items() if name.startswith("compagnon.rules.")]:
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()

    def evaluate_only() -> None:
        for situation in situations:
            evaluate(situation, data)

    floor = timed("plancher : evaluate() seul", count, args.repeat, evaluate_only, cold)
    # A hundred thousand live situations would slow every later stage (each full collection walks them).
    situations.clear()
    gc.collect()
    timed("lecture des faits", count, args.repeat, read)
    timed("lecture + évaluation", count, args.repeat, decide)
    whole = timed("refresh_compliance(), table vide", count, args.repeat, services.refresh_compliance, empty)
    again = timed("refresh_compliance(), réponses déjà là", count, args.repeat, services.refresh_compliance)
    print(f"ratio au plancher : {whole / floor:.1f} (table vide), {again / floor:.1f} (réponses déjà là)")
    print(f"cible {TARGET:,} /s : {'tenue' if count / max(whole, again) >= TARGET else 'NON tenue'}".replace(",", " "))

    if args.before:
        after = stored_checks()
        old = module_at(args.before, "compagnon/compliance/services.py", "compliance_services_before")
        empty()
        timed(f"avant ({args.before[:10]}), table vide", count, 1, old.refresh_compliance)
        timed(f"avant ({args.before[:10]}), réponses déjà là", count, 1, old.refresh_compliance)
        before = stored_checks()
        differ = [pk for pk in before.keys() | after.keys() if before.get(pk) != after.get(pk)]
        print(f"mêmes décisions et mêmes contrôles qu'avant : {'oui' if not differ else f'NON, {len(differ)} écarts'}")
        services.refresh_compliance()  # leave today's answers in the base
        if differ:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
