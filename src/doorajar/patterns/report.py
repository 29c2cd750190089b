"""The HTML report: one self-contained file with inline SVG charts, readable offline.

Drawing is a view of the data in `insights.Report`: matplotlib (Agg, DejaVu Sans,
text drawn as paths so no font is needed to read it) renders each chart to SVG,
which is inlined with its ids made unique. Jinja2 escapes every piece of user text.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

import matplotlib

matplotlib.use("Agg")

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from matplotlib.ticker import MaxNLocator

from doorajar.model import Goal, Stage
from doorajar.patterns import funnel as pt
from doorajar.patterns import themes
from doorajar.patterns.goals import link_label


@dataclass(frozen=True)
class Report:
    """Everything the HTML report shows."""

    patterns: pt.Patterns
    themes: themes.ThemeReport
    goals: tuple[Goal, ...]
    journal_count: int
    mean_mood: float | None
    generated_at: datetime


INK = "#1f2933"
MUTED = "#7b8794"
ACCENT = "#2f6f8f"
WARM = "#c8553d"
SOFT = "#9fb3c8"
KIND_COLOURS = {"silent": "#bcccdc", "form": "#829ab1", "personal": WARM}


def _style() -> Any:
    return {
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "svg.fonttype": "path",
        "svg.hashsalt": "doorajar",
        "axes.edgecolor": MUTED,
        "axes.labelcolor": INK,
        "xtick.color": INK,
        "ytick.color": INK,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }


def _svg(draw: Callable[[Any], None], prefix: str, title: str, size: tuple[float, float]) -> Markup:
    """Draw on a fresh figure and return it as inline SVG with unique ids."""
    # lazy: matplotlib, only when a chart is drawn
    import matplotlib.pyplot as plt

    with matplotlib.rc_context(_style()):
        fig, ax = plt.subplots(figsize=size)
        try:
            draw(ax)
            fig.tight_layout()
            buf = io.StringIO()
            fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
        finally:
            plt.close(fig)
    text = buf.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', text)
    text = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", text)
    text = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}-{m.group(1)}"', text)
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)
    safe_title = Markup.escape(title)
    text = text.replace("<svg ", f'<svg role="img" aria-label="{safe_title}" class="chart" ', 1)
    return Markup(text)


def _funnel(rows: Sequence[pt.StageRow]) -> Callable[[Any], None]:
    def draw(ax: Any) -> None:
        labels = [r.stage.label for r in rows][::-1]
        values = [r.reached for r in rows][::-1]
        bars = ax.barh(labels, values, color=ACCENT)
        top = max([*values, 1])
        for bar, r in zip(bars, rows[::-1], strict=True):
            note = f"{r.reached}"
            if r.stage is not Stage.OFFER and r.decided:
                note += f"  ({pt.pct(r.conversion.value)} moved on)"
            ax.text(
                bar.get_width() + top * 0.01,
                bar.get_y() + bar.get_height() / 2,
                note,
                va="center",
                color=INK,
            )
        ax.set_xlim(0, top * 1.45)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("applications that reached the stage")

    return draw


def _rejections(rows: Sequence[pt.StageRow]) -> Callable[[Any], None]:
    def draw(ax: Any) -> None:
        stages = [r for r in rows if r.stage in pt.REJECTION_STAGES]
        labels = [r.stage.label for r in stages]
        bottom = [0] * len(stages)
        for kind in ("silent", "form", "personal"):
            vals = [getattr(r, kind) for r in stages]
            ax.bar(labels, vals, bottom=bottom, color=KIND_COLOURS[kind], label=kind)
            bottom = [a + b for a, b in zip(bottom, vals, strict=True)]
        for i, r in enumerate(stages):
            if r.decided:
                rate = r.rejection_rate
                ax.text(
                    i,
                    bottom[i],
                    f"{r.rejected}\n{pt.pct(rate.value)} of {r.decided}",
                    ha="center",
                    va="bottom",
                    color=INK,
                    fontsize=8,
                )
        ax.set_ylim(0, max([*bottom, 1]) * 1.35)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel("rejections (last stage reached)")
        ax.legend(frameon=False, fontsize=8)

    return draw


def _weekly(weeks: Sequence[pt.Week]) -> Callable[[Any], None]:
    def draw(ax: Any) -> None:
        x = list(range(len(weeks)))
        ax.bar(
            [i - 0.2 for i in x],
            [w.applications for w in weeks],
            width=0.4,
            color=ACCENT,
            label="applications sent",
        )
        ax.bar(
            [i + 0.2 for i in x],
            [w.rejections for w in weeks],
            width=0.4,
            color=SOFT,
            label="rejections received",
        )
        step = max(1, -(-len(weeks) // 7))
        ax.set_xticks(x[::step], [w.start.strftime("%d %b") for w in weeks][::step])
        ax.set_xlabel("week starting")
        top = max([1, *(max(w.applications, w.rejections) for w in weeks)])
        ax.set_ylim(0, top * 1.15)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.legend(frameon=False, fontsize=8)

    return draw


def _response_times(times: pt.ResponseTimes) -> Callable[[Any], None]:
    def draw(ax: Any) -> None:
        if not times.days:
            ax.text(
                0.5,
                0.5,
                "no responses yet",
                ha="center",
                va="center",
                color=MUTED,
                transform=ax.transAxes,
            )
            ax.set_axis_off()
            return
        top = max(times.days)
        bins = list(range(0, int(top) + 3, 2 if top < 40 else 7))
        ax.hist(times.days, bins=bins, color=ACCENT, edgecolor="white")
        if times.median is not None:
            ax.axvline(
                times.median,
                color=WARM,
                linestyle="--",
                label=f"median: {times.median:.0f} days",
            )
            ax.legend(frameon=False, fontsize=8)
        ax.set_xlabel("days from application to first response")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel("applications")

    return draw


CHARTS = {
    "funnel": ("c1", "Funnel: applications reaching each stage", (7, 2.6)),
    "rejections": ("c2", "Rejections by the last stage reached", (7, 3.0)),
    "weekly": ("c3", "Weekly activity", (7, 2.6)),
    "times": ("c4", "Days to first response", (7, 2.6)),
}


def chart(name: str, p: pt.Patterns) -> Markup:
    """One of the four charts (see `CHARTS`) as inline SVG; only that one is drawn."""
    draw = {
        "funnel": lambda: _funnel(p.funnel),
        "rejections": lambda: _rejections(p.funnel),
        "weekly": lambda: _weekly(p.weeks),
        "times": lambda: _response_times(p.response_times),
    }[name]()
    return _svg(draw, *CHARTS[name])


def charts(report: Report) -> dict[str, Markup]:
    """The four charts as inline SVG."""
    return {name: chart(name, report.patterns) for name in CHARTS}


def render(report: Report, tz: tzinfo) -> str:
    """The report as one HTML document."""
    env = Environment(
        loader=PackageLoader("doorajar.patterns", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = pt.pct
    env.filters["day"] = lambda d: d.astimezone(tz).strftime("%a %d %b %Y")
    env.globals["link_label"] = link_label
    template = env.get_template("report.html.j2")
    return template.render(r=report, p=report.patterns, charts=charts(report), pt=pt)
