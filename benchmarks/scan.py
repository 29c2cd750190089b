"""How fast `ajar scan` reads a large mailbox, against the standard library's parser.

Generates an mbox of N messages (job and non-job mail, a few with large attachments)
in a temporary folder, then measures in one run:

- `ajar scan --dry-run --json` (a subprocess, stdout to a file): messages per second
  and peak memory (RSS) of that process;
- a bare loop that only parses each message with `email.message_from_bytes`
  (policy=default) over the same messages, and the ratio of the scan's time to it;
- a real (storing) first scan, then a rescan of the unchanged mailbox, and their ratio.

Targets: ratio <= 1.5, peak < 200 MB, rescan < 5% of the first scan.

Run: python benchmarks/scan.py [--messages 100000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import email
import email.policy
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from doorajar.mail.sources import iter_mbox  # noqa: E402

COMPANIES = [
    "Acme Robotics",
    "Northwind Analytics",
    "Helio Grid",
    "Globex Systems",
    "Initech Cloud",
    "Pinecrest Media",
    "Lattice Energy",
    "Orbital Freight",
    "Umbra Security",
    "Tidewater Labs",
]
ROLES = ["Data Engineer", "Analytics Engineer", "Senior Data Engineer", "BI Developer"]

JOB_BODIES = [
    "Dear candidate,\n\nThank you for your interest in the {role} position at {company}. "
    "After careful review we have decided to move forward with other candidates whose "
    "experience more closely matches our needs.\n\nWe wish you the best in your search.\n\n"
    "The {company} Recruiting Team",
    "Hi,\n\nThanks for applying to {company}! We have received your application for "
    "{role} and our team will review it shortly.\n\nBest,\n{company} Talent",
    "Hello,\n\nWe enjoyed reading your application for {role} and would like to invite you "
    "to a 30-minute call with our recruiter next week. Please pick a slot.\n\nKind regards,\n"
    "Jordan Hale\n{company}",
    "Hi there,\n\nThank you for taking the time to interview with us for the {role} role. "
    "Unfortunately we will not be moving forward. The panel felt the system design answers "
    "stayed too general.\n\nBest wishes,\nSam Ortiz, Engineering Manager, {company}",
]
OTHER_BODIES = [
    "This week in data: ten links about streaming, a new release of our favourite "
    "library, and a long read about query planners.\n\nUnsubscribe at any time.",
    "Hi! Are we still on for dinner on Friday? I can bring dessert.\n\nCheers,\nAlex",
    "Your order has shipped and will arrive in 3-5 business days. Track it online.",
    "New jobs matching your alert 'data engineer': 25 new positions in your area. See all jobs.",
    "Reminder: the team offsite starts at 9am. Coffee will be served in the lobby.",
]


def generate(path: Path, n: int, seed: int = 7) -> int:
    """Write an mbox of n messages; returns its size in bytes."""
    rng = random.Random(seed)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    blob = os.urandom(1_500_000)
    import base64

    attachment = base64.encodebytes(blob)
    with path.open("wb") as f:
        for i in range(n):
            when = start + timedelta(minutes=13 * i)
            job = rng.random() < 0.3
            company = rng.choice(COMPANIES)
            role = rng.choice(ROLES)
            if job:
                body = rng.choice(JOB_BODIES).format(company=company, role=role)
                domain = company.lower().replace(" ", "-") + ".example"
                sender = f"{company} Careers <jobs@{domain}>"
                subject = f"Your application for {role}"
            else:
                body = rng.choice(OTHER_BODIES)
                sender = f"Friend {i % 97} <friend{i % 97}@mail.example>"
                subject = rng.choice(["Weekly digest", "Dinner?", "Your order", "Job alert"])
            head = (
                f"From: {sender}\nTo: me@example.org\nSubject: {subject}\n"
                f"Date: {format_datetime(when)}\nMessage-ID: <bench{i}@example.org>\n"
                "MIME-Version: 1.0\n"
            )
            big = i % 1000 == 500
            if big:
                msg = (
                    (
                        head + 'Content-Type: multipart/mixed; boundary="b1"\n\n--b1\n'
                        "Content-Type: text/plain; charset=utf-8\n\n" + body + "\n--b1\n"
                        'Content-Type: application/pdf; name="cv.pdf"\n'
                        "Content-Transfer-Encoding: base64\n"
                        'Content-Disposition: attachment; filename="cv.pdf"\n\n'
                    ).encode()
                    + attachment
                    + b"--b1--\n"
                )
            elif i % 3 == 0:
                html = "<html><body><p>" + body.replace("\n\n", "</p><p>") + "</p></body></html>"
                msg = (
                    head + 'Content-Type: multipart/alternative; boundary="a1"\n\n--a1\n'
                    "Content-Type: text/plain; charset=utf-8\n"
                    "Content-Transfer-Encoding: quoted-printable\n\n" + body + "\n--a1\n"
                    "Content-Type: text/html; charset=utf-8\n\n" + html + "\n--a1--\n"
                ).encode()
            else:
                msg = (head + "Content-Type: text/plain; charset=utf-8\n\n" + body + "\n").encode()
            f.write(f"From bench@example.org {when:%a %b %d %H:%M:%S %Y}\n".encode())
            f.write(msg.replace(b"\nFrom ", b"\n>From "))
            f.write(b"\n")
    return path.stat().st_size


def bare_loop(path: Path) -> tuple[float, float, int]:
    """Wall and CPU seconds to split the mbox and parse every message with the stdlib."""
    t0, c0 = time.perf_counter(), time.process_time()
    n = 0
    for _, _, raw, _ in iter_mbox(path, limit=1 << 40):
        email.message_from_bytes(raw, policy=email.policy.default)
        n += 1
    return time.perf_counter() - t0, time.process_time() - c0, n


def run_scan(
    home: Path, mbox: Path, *args: str, out: Path | None = None
) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one `ajar scan` subprocess."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), AJAR_HOME=str(home))
    env.pop("AJAR_DATABASE_URL", None)
    cmd = [sys.executable, "-m", "doorajar", "scan", str(mbox), *args]
    sink = out.open("wb") if out else None
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=sink or subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if sink:
        sink.close()
    if proc.returncode != 0:
        raise SystemExit(f"scan failed ({proc.returncode}): {err}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    """Generate, measure, print."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--messages", type=int, default=100_000)
    ap.add_argument("--keep", type=Path, help="Use (and keep) this folder instead of a tmp one.")
    opts = ap.parse_args()
    folder = opts.keep or Path(tempfile.mkdtemp(prefix="ajar-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    mbox = folder / "bench.mbox"
    t0 = time.perf_counter()
    size = generate(mbox, opts.messages)
    print(
        f"generated {opts.messages} messages, {size / 1e6:.0f} MB, in "
        f"{time.perf_counter() - t0:.1f}s: {mbox}"
    )

    bare, bare_cpu, n = bare_loop(mbox)
    print(
        f"bare stdlib parse loop:       {bare:8.2f}s wall {bare_cpu:8.2f}s CPU  "
        f"{n / bare_cpu:7.0f} msg/s (CPU)"
    )

    out = folder / "scan.jsonl"
    dry, dry_cpu, dry_rss = run_scan(folder / "home-dry", mbox, "--dry-run", "--json", out=out)
    lines = sum(1 for _ in out.open("rb"))
    print(
        f"ajar scan --dry-run --json:   {dry:8.2f}s wall {dry_cpu:8.2f}s CPU  "
        f"{n / dry_cpu:7.0f} msg/s (CPU), {n / dry:.0f} msg/s (wall)  "
        f"peak RSS {dry_rss:.0f} MB  ({lines} JSON lines)"
    )

    first, first_cpu, first_rss = run_scan(folder / "home", mbox)
    print(
        f"ajar scan (first, storing):   {first:8.2f}s wall {first_cpu:8.2f}s CPU  "
        f"peak RSS {first_rss:.0f} MB"
    )
    again, again_cpu, _ = run_scan(folder / "home", mbox)
    print(f"ajar scan (unchanged rescan): {again:8.2f}s wall {again_cpu:8.2f}s CPU")

    print()
    print("CPU time is the fair measure on a shared machine; wall time is shown too.")
    print(
        f"ratio scan/bare parse: {dry_cpu / bare_cpu:.2f} CPU, {dry / bare:.2f} wall "
        "(target <= 1.5)"
    )
    print(f"peak memory:           {max(dry_rss, first_rss):.0f} MB (target < 200 MB)")
    print(
        f"rescan/first scan:     {again_cpu / first_cpu * 100:.1f}% CPU, "
        f"{again / first * 100:.1f}% wall (target < 5%)"
    )


if __name__ == "__main__":
    main()
