"""The patterns page's charts as plain SVG drawn from the same reading the report uses:
large, titled, with axis labels, every number on hover and keyboard focus (an SVG
<title> per bar), and a table of the same numbers for screen readers and for checking.

No library and no script: the page stays under its strict CSP, and a chart costs
microseconds to draw, so the first view after a change is as quick as the next."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from doorajar.patterns import funnel as pt

WIDTH, ROW, PAD_LEFT, PAD_RIGHT = 640, 30, 150, 70
BUCKETS = ((0, 3, "0–2 days"), (3, 7, "3–6 days"), (7, 14, "1–2 weeks"), (14, 28, "2–4 weeks"),
           (28, 10_000, "4 weeks or more"))  # fmt: skip


@dataclass(frozen=True)
class Series:
    """One kind of bar: its name and its value in each category."""

    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Chart:
    """A bar chart's data: categories down the side, one or more series, the axis's words."""

    key: str
    title: str
    axis: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = ""
    stacked: bool = False
    note: str = ""

    def total(self, i: int) -> float:
        """The sum of the series in category i."""
        return sum(s.values[i] for s in self.series)

    def rows(self) -> list[tuple[str, list[str]]]:
        """The table alternative: each category and its values as text."""
        return [(c, [_num(s.values[i], self.unit) for s in self.series])
                for i, c in enumerate(self.categories)]  # fmt: skip


def _num(v: float, unit: str = "") -> str:
    text = f"{v:.0f}" if unit != "%" else f"{v:.0f}%"
    return text if unit in ("", "%") else f"{text} {unit}"


def charts(p: pt.Patterns) -> list[Chart]:
    """The five charts of a reading: funnel, rejections, weekly activity, response times,
    response rate by source."""
    rows = p.funnel
    weeks = p.weeks[-16:]
    days = p.response_times.days
    sources = [g for g in p.by_source if g.applications]
    return [
        Chart("funnel", "How far applications get", "applications reaching the stage",
              tuple(r.stage.label for r in rows), (Series("reached", tuple(r.reached for r in rows)),)),
        Chart("rejections", "Where rejections come, and how", "rejections at the stage",
              tuple(r.stage.label for r in rows),
              (Series("silence", tuple(r.silent for r in rows)),
               Series("form letter", tuple(r.form for r in rows)),
               Series("personal", tuple(r.personal for r in rows))), stacked=True),
        Chart("weekly", "Applications and replies per week", "in the week",
              tuple(f"week of {w.start:%d %b}" for w in weeks),
              (Series("applications sent", tuple(w.applications for w in weeks)),
               Series("replies received", tuple(w.responses for w in weeks)),
               Series("rejections", tuple(w.rejections for w in weeks))),
              note="The last 16 weeks." if len(p.weeks) > 16 else ""),
        Chart("times", "Time to a first response", "applications answered within",
              tuple(label for _, _, label in BUCKETS),
              (Series("answered", tuple(sum(1 for d in days if lo <= d < hi) for lo, hi, _ in BUCKETS)),),
              note=f"{p.response_times.waiting} still waiting for an answer."),
        Chart("sources", "Response rate by where you found the job", "share that got a reply",
              tuple(g.group.replace("_", " ") for g in sources),
              (Series("replied", tuple(round(100 * (g.rate.value or 0)) for g in sources)),),
              unit="%", note="Of applications old enough to expect an answer."),
    ]  # fmt: skip


def svg(c: Chart) -> Markup:
    """The chart drawn as horizontal bars, grouped (or stacked) per category."""
    groups = 1 if c.stacked or len(c.series) == 1 else len(c.series)
    band = ROW if groups == 1 else max(ROW, 12 * groups + 10)
    top, bottom = 10, 46
    height = top + band * max(1, len(c.categories)) + bottom
    span = WIDTH - PAD_LEFT - PAD_RIGHT
    most = max([c.total(i) if c.stacked else max((s.values[i] for s in c.series), default=0)
                for i in range(len(c.categories))] or [0])  # fmt: skip
    most = 100 if c.unit == "%" else max(most, 1)
    scale = span / most
    parts = [f'<svg viewBox="0 0 {WIDTH} {height}" role="group" aria-labelledby="{c.key}-title">',
             f'<title id="{c.key}-title">{escape(c.title)}</title>']  # fmt: skip
    for tick in _ticks(most):
        x = PAD_LEFT + tick * scale
        parts.append(
            f'<line class="grid-line" x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{height - bottom}"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle" aria-hidden="true">{_num(tick, c.unit)}</text>'
        )
    for i, cat in enumerate(c.categories):
        y0 = top + i * band
        parts.append(
            f'<text x="{PAD_LEFT - 8}" y="{y0 + band / 2 + 4:.1f}" text-anchor="end" aria-hidden="true">{escape(cat)}</text>'
        )
        x = float(PAD_LEFT)
        for j, s in enumerate(c.series):
            v = s.values[i]
            w = v * scale
            if c.stacked:
                bx, by, bh = x, float(y0 + 5), float(band - 10)
                x += w
            else:
                bh = (band - 10) / groups
                bx, by = float(PAD_LEFT), y0 + 5 + j * bh
            tip = f"{cat}, {s.name}: {_num(v, c.unit)}"
            parts.append(f'<g class="datum"><title>{escape(tip)}</title>'
                         f'<rect class="bar s{j + 1}" x="{bx:.1f}" y="{by:.1f}" width="{max(w, 0.0):.1f}" height="{max(bh - 2, 2):.1f}" rx="2"/></g>')  # fmt: skip
        label = _num(c.total(i), c.unit) if c.stacked or groups == 1 else ""
        if label:
            parts.append(
                f'<text class="value" x="{PAD_LEFT + c.total(i) * scale + 6 if c.stacked else PAD_LEFT + c.series[0].values[i] * scale + 6:.1f}" y="{y0 + band / 2 + 4:.1f}" aria-hidden="true">{label}</text>'
            )
    parts.append(
        f'<line class="axis" x1="{PAD_LEFT}" x2="{PAD_LEFT}" y1="{top}" y2="{height - bottom}"/>'
    )
    parts.append(
        f'<text x="{PAD_LEFT + span / 2:.1f}" y="{height - 8}" text-anchor="middle" aria-hidden="true">{escape(c.axis)}</text>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))


def _ticks(most: float) -> Sequence[float]:
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000, 50_000)
                if most / s <= 6)  # fmt: skip
    return [step * k for k in range(int(most // step) + 1)]
