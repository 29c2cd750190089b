"""Time per kB of pathological message shapes: `python -m benchmarks.hostile`.

Each shape is built at 10 kB, 100 kB and 1 MB and parsed whole (headers, MIME, HTML to
text, quoted history). Linear time shows as the same microseconds per kB at every size;
the last column is the 1 MB figure over the 10 kB one (target: about 1).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from doorajar.mail.parse import parse

SIZES = (10_000, 100_000, 1_000_000)


def _html(filler: str) -> Callable[[int], bytes]:
    def build(n: int) -> bytes:
        body = (filler * (n // len(filler) + 1))[:n]
        return (
            "From: a@b.example\nSubject: x\nContent-Type: text/html; charset=utf-8\n\n" + body
        ).encode()

    return build


def _header(name: str, filler: str) -> Callable[[int], bytes]:
    def build(n: int) -> bytes:
        value = (filler * (n // len(filler) + 1))[:n]
        return f"From: a@b.example\n{name}: {value}\nSubject: x\n\nhello\n".encode()

    return build


SHAPES: dict[str, Callable[[int], bytes]] = {
    "html: <div  flood": _html("<div "),
    "html: <script flood": _html("<script>"),
    "html: <!-- flood": _html("<!--"),
    "html: < flood": _html("<"),
    "From: spaces": _header("From", " "),
    "From: colons": _header("From", ":"),
    "Subject: encoded words": _header("Subject", "=?utf-8?q?a?= "),
}


def main() -> None:
    """Print microseconds per kB for each shape and size, and the 1 MB / 10 kB ratio."""
    print(f"{'shape':<26}" + "".join(f"{n // 1000:>9} kB" for n in SIZES) + "   ratio")
    for name, build in SHAPES.items():
        per_kb = []
        for n in SIZES:
            raw = build(n)
            start = time.perf_counter()
            parse(raw)
            per_kb.append((time.perf_counter() - start) * 1e6 / (len(raw) / 1000))
        cells = "".join(f"{v:>9.1f} µs" for v in per_kb)
        print(f"{name:<26}{cells}   {per_kb[-1] / per_kb[0]:5.2f}")


if __name__ == "__main__":
    main()
