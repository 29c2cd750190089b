"""Start-up cost of everyday commands: `python -m benchmarks.startup [--runs N]`.

Each command runs as a fresh process on a home holding the demo, the way a user types it.
It prints the best and the median wall time per command, and the CPU time the process
used. Compare two trees by running it in each on the same machine, one after the other.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMANDS = (("--help",), ("list",), ("today",))


def _run(args: tuple[str, ...], env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "doorajar", *args],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    """Time each command a few times on a demo home and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "AJAR_HOME": str(Path(tmp) / "home")}
        env.pop("AJAR_DATABASE_URL", None)
        subprocess.run(
            [sys.executable, "-m", "doorajar", "demo"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print(f"{'command':<12} {'best s':>8} {'median s':>9} {'cpu s':>7}")
        for args in COMMANDS:
            _run(args, env)  # warm the file cache
            walls, cpus = zip(*(_run(args, env) for _ in range(runs)), strict=True)
            name = " ".join(args)
            print(
                f"{name:<12} {min(walls):>8.3f} {statistics.median(walls):>9.3f} "
                f"{statistics.median(cpus):>7.3f}"
            )


if __name__ == "__main__":
    main()
