"""seed_demo at two sizes: wall time and peak memory, to show that memory does not grow with N.

Usage: .venv/bin/python bench/seed_demo_memory.py [--small 100000] [--large 300000] [--seed 2026]

Each size runs `manage.py seed_demo` in its own process on a throwaway SQLite file (migrated and loaded with the
reference data once, then copied), under `/usr/bin/time -v` for the peak resident set size. Prints the figures and
the large/small ratios: time should grow about linearly with N, peak memory should stay about flat (the generator
works in chunks of 10,000 contracts and keeps only bounded lookup tables). Results are printed, never asserted.

Compare sizes above about 100,000 contracts: below that, SQLite's own page cache (cache_size 64 MB) and memory map
(mmap_size 256 MB, settings.py) are still filling. Measured on 2 cores: 10,000 → 105 MB, 100,000 → 181 MB,
1,000,000 → 189 MB (6 min 47 s).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
MANAGE = str(ROOT / "manage.py")
TIME = "/usr/bin/time"


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, MANAGE, *args], env=env, check=True, cwd=ROOT)


def measure(template: Path, workdir: Path, n: int, seed: int) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one seed_demo run of n contracts on a fresh copy of the template database."""
    database = workdir / f"seed-{n}.sqlite3"
    shutil.copyfile(template, database)
    env = os.environ | {"DATABASE_URL": f"sqlite:///{database}"}
    command = [PYTHON, MANAGE, "seed_demo", "--contracts", str(n), "--seed", str(seed), "-v0"]
    started = time.perf_counter()
    result = subprocess.run([TIME, "-v", *command], env=env, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"seed_demo a échoué pour N={n}")
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    assert peak is not None, result.stderr
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    return seconds, int(peak.group(1)) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=100_000)
    parser.add_argument("--large", type=int, default=300_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if not Path(TIME).exists():
        print(f"{TIME} est introuvable (paquet Debian « time ») : la mémoire de pointe ne peut pas être mesurée.")
        return 1
    with tempfile.TemporaryDirectory(prefix="seed-demo-bench-") as tmp:
        workdir = Path(tmp)
        template = workdir / "reference.sqlite3"
        env = os.environ | {"DATABASE_URL": f"sqlite:///{template}"}
        print("base de référence (migrate + load_reference_data)…", flush=True)
        manage(env, "migrate", "-v0")
        manage(env, "load_reference_data", "-v0")
        figures = {}
        for n in (args.small, args.large):
            seconds, peak = measure(template, workdir, n, args.seed)
            figures[n] = (seconds, peak)
            print(
                f"N = {n:>9,} contrats : {seconds:7.1f} s ({n / seconds:8,.0f} contrats/s), pic mémoire {peak:6.0f} Mo"
            )
    (t_small, m_small), (t_large, m_large) = figures[args.small], figures[args.large]
    print(
        f"rapport {args.large / args.small:.0f}× en N : temps ×{t_large / t_small:.2f}, "
        f"pic mémoire ×{m_large / m_small:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
