"""Benchmark of the rules engine: 100,000 situations through the Python API, and their JSON apart.

Usage (make bench runs it):
    .venv/bin/python bench/rules.py [--situations 100000] [--repeat 3] [--seed 2026]

The situations are generated once (then frozen out of the garbage collector's scans, as a batch job does), varied
(every contract kind, employer kind, status, date from 2008 to 2032, facts given or unknown, calendars and sick leave
for some), and held as typed objects; the timed part is `evaluate()` on each of them, each decision consumed as it
comes (a batch counts or writes them), and again keeping them all in a list (the garbage collector then scans them
while the list grows). Separately: parsing and validating the same situations from one JSON document
(`jsonio.parse_document`), and writing the decisions as JSON (`jsonio.decision_to_json` + `json.dumps`). Target of
issue 3: the evaluation of 100,000 situations under 2 s. A fixed pure-Python loop is timed beside, since the speed of
this kind of shared machine varies. Figures are printed (best and median of the repeats), never asserted in tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from compagnon.rules import evaluate, jsonio  # noqa: E402
from compagnon.rules.model import (  # noqa: E402
    ContractFacts,
    ContractKind,
    Diploma,
    Employer,
    EmployerKind,
    Period,
    Situation,
    Supervisee,
    Supervisor,
    SupervisorRole,
    SupervisorStatus,
    Trainee,
)
from compagnon.rules.params import Function, OpcoFundingRule, RuleData  # noqa: E402

TARGET_S = 2.0
NSF = [None, "220", "221", "222", "233", "310", "312", "330"]
DATA = RuleData(
    opco_by_idcc={"7024": "OCAPIAT"},
    opco_rules=(
        OpcoFundingRule(
            opco="OCAPIAT",
            function=Function.MASTER,
            valid_from=dt.date(2025, 9, 1),
            eur_per_month=230,
            months=9,
            max_headcount_below=50,
        ),
    ),
)


def situations(n: int, seed: int) -> list[Situation]:
    rng = random.Random(seed)
    maybe = lambda value, p=0.15: None if rng.random() < p else value  # noqa: E731
    found = []
    for _ in range(n):
        start = dt.date(2008, 1, 1) + dt.timedelta(days=rng.randrange(0, 9000))
        kind = rng.choices(list(ContractKind), weights=(70, 20, 5, 5))[0]
        calendar = None
        if rng.random() < 0.05:
            calendar = tuple(
                Period(start + dt.timedelta(days=21 * i), start + dt.timedelta(days=21 * i + 4)) for i in range(6)
            )
        sick = (Period(start + dt.timedelta(days=10), start + dt.timedelta(days=16)),) if rng.random() < 0.05 else ()
        found.append(
            Situation(
                contract=ContractFacts(
                    kind=kind,
                    start_date=start,
                    end_date=start + dt.timedelta(days=rng.choice((365, 730, 1095))),
                    signature_date=maybe(start - dt.timedelta(days=rng.randrange(0, 60)), 0.5),
                    certification_level=maybe(rng.randint(3, 7)),
                    certification_nsf=rng.choice(NSF),
                    extended_after_exam_failure=rng.random() < 0.05,
                    cfa_periods=calendar,
                    sick_leaves=sick,
                ),
                employer=Employer(
                    kind=maybe(rng.choices(list(EmployerKind), weights=(80, 5, 5, 3, 3, 4))[0]),
                    headcount=maybe(rng.choice((1, 4, 9, 12, 45, 250))),
                    idcc=maybe(rng.choice(("1501", "7024", "3248", "1597"))),
                ),
                supervisor=Supervisor(
                    role=SupervisorRole.MASTER if kind is ContractKind.APPRENTISSAGE else SupervisorRole.TUTOR,
                    status=maybe(rng.choice(list(SupervisorStatus))),
                    volunteer=maybe(rng.random() < 0.95),
                    good_character_attested=maybe(True),
                    birth_date=maybe(dt.date(1955, 1, 1) + dt.timedelta(days=rng.randrange(0, 18000))),
                    diplomas=maybe(
                        tuple(Diploma(level=rng.randint(3, 7), nsf=rng.choice(NSF)) for _ in range(rng.randint(0, 2)))
                    ),
                    relevant_experience_months=maybe(rng.randrange(0, 240)),
                    ett_experience_months=maybe(rng.randrange(0, 60), 0.7),
                    second_tutor=rng.random() < 0.05,
                    current_supervisees=maybe(
                        tuple(
                            Supervisee(kind=rng.choice(list(ContractKind)), extended_after_exam_failure=False)
                            for _ in range(rng.randint(0, 3))
                        )
                    ),
                    master_activity_months=maybe(rng.randrange(0, 24), 0.5),
                ),
                trainee=Trainee(
                    birth_date=maybe(start - dt.timedelta(days=rng.randrange(15 * 365, 32 * 365))),
                    priority_public=maybe(rng.random() < 0.2),
                ),
            )
        )
    return found


def timed(label: str, repeat: int, work: Callable[[], Any]) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    print(f"{label:58} meilleur {min(times):6.2f} s   médiane {statistics.median(times):6.2f} s", flush=True)
    return times


def _reference_loop() -> int:
    total = 0
    for i in range(3_000_000):
        total += i & 7
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--situations", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    n = args.situations

    items = situations(n, args.seed)
    evaluate(items[0], DATA)  # the working-day table and the article data are built once, outside the timing
    # The situations are "already held": long-lived objects, which a batch job moves out of the garbage collector's
    # reach (gc.freeze) rather than have every collection during the run scan them again.
    gc.collect()
    gc.freeze()
    print(f"\nmoteur de règles, {n:,} situations, {args.repeat} passages".replace(",", "\u202f"))
    # This kind of machine is a shared virtual machine whose speed varies by half from one minute to the next: a fixed
    # pure-Python loop, timed beside, says how fast it was during the run.
    timed("référence machine (3 millions de tours de boucle)", args.repeat, _reference_loop)
    # A batch consumes each decision as it comes (here: counts them by answer), as the nightly refresh does.
    evaluation = timed(
        "évaluation (API Python, objets typés)", args.repeat, lambda: Counter(evaluate(s, DATA).decision for s in items)
    )
    timed("évaluation, les 100 000 décisions gardées en liste", args.repeat, lambda: [evaluate(s, DATA) for s in items])

    text = json.dumps([jsonio.situation_to_json(s) for s in items])
    timed(f"lecture et validation du JSON ({len(text) / 1e6:.0f} Mo)", args.repeat, lambda: jsonio.parse_document(text))
    decisions = [evaluate(s, DATA) for s in items]
    timed(
        "écriture des décisions en JSON",
        args.repeat,
        lambda: json.dumps([jsonio.decision_to_json(d) for d in decisions], ensure_ascii=False),
    )

    best = min(evaluation)
    per = best / n * 1e6
    verdict = "oui" if best < TARGET_S * n / 100_000 else "non"
    print(f"\névaluation : {per:.1f} µs par situation ; cible (< {TARGET_S:.0f} s pour 100 000) tenue : {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
