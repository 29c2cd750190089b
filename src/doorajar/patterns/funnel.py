"""Patterns across a whole search: funnel, bottleneck, response times and rates. Pure.

Everything here takes the search's records, the period and `now` as arguments and
returns frozen dataclasses; drawing and printing happen elsewhere.

How the numbers are counted
---------------------------
- The *cohort* of a period is the applications sent in it (``start <= applied_at < end``).
  Each is followed to today, so a later stage change still counts for its cohort.
- At each stage, an application is *decided* when it either moved past the stage or was
  rejected there. Applications still waiting, withdrawn or declined are left out of the
  rates, so a fresh application does not look like a failure.
- A *response* is the first sign of life from the company: a stage change past
  ``applied``, a message that came in, or a rejection that was not silence.
- A response *rate* only counts *settled* applications: answered ones, and those out for
  at least ``window_days`` (the silence threshold) without an answer.
- Rates carry a Wilson score interval at 95% (z = 1.96).

The bottleneck rules (PLAYBOOK.md §7), in order
-----------------------------------------------
1. Fewer than ``min_rejections`` rejections in the period: *too few to say*.
2. A stage is *comparable* when it was decided at least ``min_stage`` times; a stage can
   only be named when it also holds at least ``min_stage`` rejections.
3. The candidate is the nameable stage with the highest rejection rate. It is a *clear*
   bottleneck when its interval's lower bound lies above the upper bound of every other
   comparable stage (or, when no other stage is comparable, when the lower bound is at
   least 50%: more likely than not, applications end there).
4. Otherwise it is only a *leaning*: the intervals overlap, so it may be chance.
5. No nameable stage: *no pattern yet*, with the counts.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from doorajar.model import (
    Application,
    Direction,
    Outcome,
    Rejection,
    RejectionKind,
    SearchData,
    Stage,
    StageChange,
)

Z95 = 1.959963984540054
FUNNEL = tuple(Stage)
# Stages at which a rejection can happen (an offer is the end of the funnel).
REJECTION_STAGES = (Stage.APPLIED, Stage.RECRUITER_SCREEN, Stage.HIRING_MANAGER, Stage.FINAL_ROUND)
SOURCES = ("referral", "linkedin", "company_site", "job_board", "recruiter", "other")


# --- statistics -------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    """k out of n, with a Wilson 95% interval; `value` is None when n is 0."""

    k: int
    n: int
    low: float
    high: float

    @property
    def value(self) -> float | None:
        """The observed share, or None without observations."""
        return self.k / self.n if self.n else None

    def text(self) -> str:
        """'3/8 = 38% (14–69%)', or '0/0' with no data."""
        if not self.n:
            return "0/0 (no data)"
        return f"{self.k}/{self.n} = {pct(self.value)} ({round(100 * self.low)}–{pct(self.high)})"

    def overlaps(self, other: Rate) -> bool:
        """True when the two intervals share any value."""
        return self.low <= other.high and other.low <= self.high


def wilson(k: int, n: int, z: float = Z95) -> Rate:
    """The Wilson score interval for k successes in n trials (the full [0, 1] when n is 0)."""
    if n < 0 or k < 0 or k > n:
        raise ValueError(f"need 0 <= k <= n, got k={k}, n={n}")
    if n == 0:
        return Rate(0, 0, 0.0, 1.0)
    p = k / n
    z2 = z * z
    denom = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
    return Rate(k, n, max(0.0, centre - half), min(1.0, centre + half))


def pct(x: float | None) -> str:
    """A share as a whole percentage; '-' for None."""
    return "-" if x is None else f"{round(100 * x)}%"


# --- input ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A half-open span of time [start, end)."""

    start: datetime
    end: datetime

    @property
    def days(self) -> float:
        """Its length in days."""
        return (self.end - self.start).total_seconds() / 86400

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        return Period(self.start - (self.end - self.start), self.start)

    def __contains__(self, moment: object) -> bool:
        return isinstance(moment, datetime) and self.start <= moment < self.end


@dataclass(frozen=True)
class Thresholds:
    """The evidence a verdict needs (see the module docstring)."""

    min_rejections: int = 5
    min_stage: int = 3
    window_days: int = 21


# --- role families ----------------------------------------------------------------------

# First matching rule wins; the words are matched as whole words in the lower-cased title.
FAMILY_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "machine learning",
        (
            "machine learning",
            "ml",
            "mlops",
            "ai",
            "deep learning",
            "data scientist",
            "data science",
        ),
    ),
    (
        "analytics",
        ("analytics", "analyst", "bi", "business intelligence", "insights", "reporting"),
    ),
    (
        "data engineering",
        (
            "data engineer",
            "data platform",
            "data warehouse",
            "etl",
            "big data",
            "pipeline",
            "pipelines",
            "data infrastructure",
        ),
    ),
    (
        "software engineering",
        ("software", "backend", "back-end", "developer", "platform engineer", "sre"),
    ),
)


def role_family(title: str) -> str:
    """The family of a role title by the documented keyword rules, else 'other'.

    'Machine Learning Data Engineer' is machine learning (ML words are checked first),
    'BI Engineer' and 'Analytics Engineer' are analytics, 'Clinical Data Engineer' is data
    engineering.
    """
    low = " " + " ".join(title.lower().replace(",", " ").replace("/", " ").split()) + " "
    for family, words in FAMILY_RULES:
        if any(f" {w} " in low for w in words):
            return family
    return "other"


def source_of(app: Application) -> str:
    """The application's source, folded into the known list ('other' for the rest)."""
    return app.source if app.source in SOURCES else "other"


# --- per-application facts --------------------------------------------------------------


@dataclass(frozen=True)
class Track:
    """What happened to one application, as the analysis needs it."""

    application: Application
    reached: Stage
    rejection: Rejection | None
    first_response: datetime | None

    @property
    def responded(self) -> bool:
        """True when the company showed any sign of life."""
        return self.first_response is not None

    @property
    def days_to_response(self) -> float | None:
        """Days from sending to the first response."""
        if self.first_response is None:
            return None
        return max(0.0, (self.first_response - self.application.applied_at).total_seconds() / 86400)


# each stage's rank, looked up rather than worked out per application
_RANK = {st: st.rank for st in Stage}
_INTERVIEW_RANK = Stage.RECRUITER_SCREEN.rank


def track(
    app: Application,
    changes: Iterable[StageChange],
    rejection: Rejection | None,
    inbound: Iterable[datetime],
) -> Track:
    """One application's Track from its stage changes, its last rejection (if any) and when
    messages from the company came in."""
    changes = list(changes)
    reached = max(
        [app.stage, *(c.stage for c in changes), *([rejection.stage] if rejection else [])],
        key=_RANK.__getitem__,
    )
    signs = [c.at for c in changes if c.stage is not Stage.APPLIED]
    signs += inbound
    if rejection is not None and rejection.kind is not RejectionKind.SILENT:
        signs.append(rejection.received_at)
    return Track(app, reached, rejection, min(signs) if signs else None)


def tracks(data: SearchData) -> list[Track]:
    """One Track per application, oldest first."""
    stages: dict[int, list[StageChange]] = {}
    for c in data.stage_changes:
        stages.setdefault(c.application_id, []).append(c)
    rejections: dict[int, Rejection] = {}
    for r in sorted(data.rejections, key=lambda r: r.received_at):
        rejections[r.application_id] = r
    inbound: dict[int, list[datetime]] = {}
    for t in data.touches:
        if t.direction is Direction.IN and t.application_id is not None:
            inbound.setdefault(t.application_id, []).append(t.at)
    return [
        track(app, stages.get(app.id, ()), rejections.get(app.id), inbound.get(app.id, ()))
        for app in sorted(data.applications, key=oldest_first)
    ]


def oldest_first(app: Application) -> tuple[datetime, int]:
    """The order of `tracks`: by the day sent, then by number."""
    return (app.applied_at, app.id)


# --- funnel -----------------------------------------------------------------------------


@dataclass(frozen=True)
class StageRow:
    """One stage of the funnel: who got there, and what became of them."""

    stage: Stage
    reached: int
    advanced: int
    rejected: int
    waiting: int
    left: int
    silent: int
    form: int
    personal: int

    @property
    def decided(self) -> int:
        """Applications whose fate at this stage is known (advanced or rejected)."""
        return self.advanced + self.rejected

    @property
    def conversion(self) -> Rate:
        """Share of decided applications that moved on."""
        return wilson(self.advanced, self.decided)

    @property
    def rejection_rate(self) -> Rate:
        """Share of decided applications that ended here."""
        return wilson(self.rejected, self.decided)


def funnel(items: Sequence[Track]) -> tuple[StageRow, ...]:
    """The funnel over the given applications, one row per stage (offer last)."""
    rows = []
    for st in FUNNEL:
        at = [t for t in items if _RANK[t.reached] >= _RANK[st]]
        here = [t for t in at if t.reached is st]
        rej = [t for t in here if t.rejection is not None]
        kinds = {
            k: sum(1 for t in rej if t.rejection and t.rejection.kind is k) for k in RejectionKind
        }
        rows.append(
            StageRow(
                stage=st,
                reached=len(at),
                advanced=len(at) - len(here),
                rejected=len(rej),
                waiting=sum(
                    1
                    for t in here
                    if t.rejection is None and t.application.outcome is Outcome.ACTIVE
                ),
                left=sum(
                    1
                    for t in here
                    if t.rejection is None and t.application.outcome is not Outcome.ACTIVE
                ),
                silent=kinds[RejectionKind.SILENT],
                form=kinds[RejectionKind.FORM],
                personal=kinds[RejectionKind.PERSONAL],
            )
        )
    return tuple(rows)


# --- bottleneck -------------------------------------------------------------------------


class Verdict(StrEnum):
    """How sure the diagnosis is."""

    TOO_FEW = "too_few"
    NO_PATTERN = "no_pattern"
    LEANING = "leaning"
    CLEAR = "clear"


@dataclass(frozen=True)
class Bottleneck:
    """PLAYBOOK.md §7: what a cluster of rejections at a stage usually means."""

    stage: Stage
    where: str
    problem: str
    action: str
    name: str
    meaning: str


BOTTLENECKS: dict[Stage, Bottleneck] = {
    Stage.APPLIED: Bottleneck(
        Stage.APPLIED,
        "before the recruiter screen",
        "the résumé and application",
        "Tune keywords and fit to each posting, and rework the first line of your LinkedIn About.",
        "the application stage",
        "would point to the résumé and application",
    ),
    Stage.RECRUITER_SCREEN: Bottleneck(
        Stage.RECRUITER_SCREEN,
        "after the recruiter screen",
        "salary, availability or your 90-second summary",
        "Rehearse the short story of who you are, and check your salary and start-date "
        "expectations against the roles.",
        "the recruiter screen",
        "would point to salary, availability or your 90-second summary",
    ),
    Stage.HIRING_MANAGER: Bottleneck(
        Stage.HIRING_MANAGER,
        "after the hiring manager",
        "technical or scope fit",
        "Pick three achievements that match the role and practise telling them as stories.",
        "the hiring-manager interview",
        "would point to technical or scope fit",
    ),
    Stage.FINAL_ROUND: Bottleneck(
        Stage.FINAL_ROUND,
        "at the final round",
        "often not you at all (internal candidates, late changes of direction)",
        "Log it and move on; getting this far repeatedly means the rest is working.",
        "the final round",
        "is where rejections are often not about you",
    ),
}


@dataclass(frozen=True)
class Evidence:
    """One stage's rejections and rate, as shown beside the verdict."""

    stage: Stage
    rejected: int
    decided: int
    rate: Rate
    comparable: bool


@dataclass(frozen=True)
class Diagnosis:
    """The bottleneck verdict, the evidence behind it and the words to show."""

    verdict: Verdict
    stage: Stage | None
    bottleneck: Bottleneck | None
    evidence: tuple[Evidence, ...]
    total_rejections: int
    statement: str
    reasons: tuple[str, ...]
    final_round_share: Rate
    final_round_note: str | None


def diagnose(rows: Sequence[StageRow], thresholds: Thresholds | None = None) -> Diagnosis:
    """Name the bottleneck only as far as the evidence allows (rules in the module docstring)."""
    th = thresholds or Thresholds()
    by_stage = {r.stage: r for r in rows}
    evidence = tuple(
        Evidence(
            st,
            by_stage[st].rejected,
            by_stage[st].decided,
            by_stage[st].rejection_rate,
            by_stage[st].decided >= th.min_stage,
        )
        for st in REJECTION_STAGES
    )
    total = sum(e.rejected for e in evidence)
    final = by_stage[Stage.FINAL_ROUND].rejected
    share = wilson(final, total)
    final_note = None
    if final:
        final_note = (
            f"{final} of {total} rejections ({pct(share.value)}) came at the final round, where "
            "the reason is often not you: an internal candidate, a budget or a change of plan. "
            "Reaching it means your application and interviews work."
        )

    def result(
        verdict: Verdict, stage: Stage | None, statement: str, reasons: Iterable[str]
    ) -> Diagnosis:
        return Diagnosis(
            verdict,
            stage,
            BOTTLENECKS[stage] if stage else None,
            evidence,
            total,
            statement,
            tuple(reasons),
            share,
            final_note,
        )

    counts = "; ".join(
        f"{BOTTLENECKS[e.stage].where}: {e.rejected}" for e in evidence if e.rejected
    )
    if total < th.min_rejections:
        what = "rejection" if total == 1 else "rejections"
        return result(
            Verdict.TOO_FEW,
            None,
            f"{total} {what} so far: too few to say where the search gets stuck.",
            [
                f"a pattern needs at least {th.min_rejections} rejections in the period",
                *([counts] if counts else []),
            ],
        )
    nameable = [e for e in evidence if e.comparable and e.rejected >= th.min_stage]
    if not nameable:
        return result(
            Verdict.NO_PATTERN,
            None,
            f"{total} rejections, but no stage has {th.min_stage} or more with enough "
            "applications decided there: no pattern yet.",
            [counts],
        )
    best = max(nameable, key=lambda e: (e.rate.value or 0.0, e.rejected))
    others = [e for e in evidence if e.comparable and e.stage is not best.stage]
    b = BOTTLENECKS[best.stage]
    reasons = [f"{b.where}: {best.rate.text()} (the highest rate)"]
    for e in others:
        reasons.append(f"{BOTTLENECKS[e.stage].where}: {e.rate.text()}")
    thin = [e for e in evidence if not e.comparable and e.stage is not best.stage]
    if thin:
        reasons.append(
            "too few decided to compare: "
            + ", ".join(f"{BOTTLENECKS[e.stage].where} ({e.decided})" for e in thin)
        )
    if others:
        clear = all(best.rate.low > e.rate.high for e in others)
        why = (
            "its interval lies above every other stage's"
            if clear
            else "its interval overlaps those of "
            + ", ".join(BOTTLENECKS[e.stage].where for e in others if best.rate.overlaps(e.rate))
        )
    else:
        clear = best.rate.low >= 0.5
        why = (
            "even the low end of the interval is at least half"
            if clear
            else "no other stage to compare with, and the interval reaches below half"
        )
    reasons.append(why)
    if clear:
        statement = (
            f"Rejections cluster {b.where} ({best.rejected} of {best.decided} decided there, "
            f"{pct(best.rate.value)}): "
            + ("" if best.stage is Stage.FINAL_ROUND else "the likely bottleneck is ")
            + f"{b.problem}."
        )
        return result(Verdict.CLEAR, best.stage, statement, reasons)
    statement = (
        f"Rejections lean toward {b.name} ({best.rejected} of {best.decided} decided there, "
        f"{pct(best.rate.value)}), which {b.meaning}; but the intervals overlap, so this may "
        "still be chance."
    )
    return result(Verdict.LEANING, best.stage, statement, reasons)


# --- response times and rates -----------------------------------------------------------


@dataclass(frozen=True)
class ResponseTimes:
    """Days from application to the first response."""

    days: tuple[float, ...]
    waiting: int

    @property
    def median(self) -> float | None:
        """Median days, or None."""
        return statistics.median(self.days) if self.days else None

    @property
    def quartiles(self) -> tuple[float, float] | None:
        """25th and 75th percentile (needs two responses)."""
        if len(self.days) < 2:
            return None
        q = statistics.quantiles(self.days, n=4, method="inclusive")
        return q[0], q[2]


def response_times(items: Sequence[Track]) -> ResponseTimes:
    """How long companies took to answer, and how many have not yet."""
    days = sorted(d for t in items if (d := t.days_to_response) is not None)
    return ResponseTimes(tuple(days), sum(1 for t in items if not t.responded))


@dataclass(frozen=True)
class GroupRate:
    """Response rate of one group (a source or a role family)."""

    group: str
    applications: int
    responded: int
    settled: int
    rate: Rate


def _settled(t: Track, now: datetime, window_days: int) -> bool:
    return t.responded or now - t.application.applied_at >= timedelta(days=window_days)


def response_by(
    items: Sequence[Track],
    key: Callable[[Track], str],
    now: datetime,
    window_days: int,
    order: Sequence[str] = (),
) -> tuple[GroupRate, ...]:
    """Response rate per group; known groups first in `order`, then the rest by name."""
    groups: dict[str, list[Track]] = {}
    for t in items:
        groups.setdefault(key(t), []).append(t)
    names = [g for g in order if g in groups] + sorted(g for g in groups if g not in order)
    out = []
    for g in names:
        ts = groups[g]
        settled = [t for t in ts if _settled(t, now, window_days)]
        responded = sum(1 for t in settled if t.responded)
        out.append(GroupRate(g, len(ts), responded, len(settled), wilson(responded, len(settled))))
    return tuple(out)


# --- periods ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodSummary:
    """The headline numbers of one period's cohort."""

    period: Period
    applications: int
    response: Rate
    interviews: Rate
    rejections: int
    offers: int
    median_days: float | None


@dataclass(frozen=True)
class Comparison:
    """This period against the one before it, with an honest reading of the change."""

    current: PeriodSummary
    previous: PeriodSummary
    statement: str


def summarise(
    items: Sequence[Track], period: Period, now: datetime, window_days: int
) -> PeriodSummary:
    """Headline numbers for the applications sent in a period."""
    cohort = [t for t in items if t.application.applied_at in period]
    settled = [t for t in cohort if _settled(t, now, window_days)]
    times = response_times(cohort)
    return PeriodSummary(
        period,
        len(cohort),
        wilson(sum(1 for t in settled if t.responded), len(settled)),
        wilson(sum(1 for t in cohort if _RANK[t.reached] >= _INTERVIEW_RANK), len(cohort)),
        sum(1 for t in cohort if t.rejection is not None),
        sum(1 for t in cohort if t.reached is Stage.OFFER),
        times.median,
    )


def compare(current: PeriodSummary, previous: PeriodSummary, min_settled: int = 5) -> Comparison:
    """Say whether the response rate changed beyond noise."""
    a, b = current.response, previous.response
    if previous.applications == 0:
        text = "Nothing was sent in the previous period, so there is nothing to compare yet."
    elif a.n < min_settled or b.n < min_settled:
        text = (
            f"Response rate {pct(a.value)} now against {pct(b.value)} before, but with "
            f"{a.n} and {b.n} settled applications that difference means little yet."
        )
    elif not a.overlaps(b):
        direction = "up" if (a.value or 0) > (b.value or 0) else "down"
        text = f"Response rate is clearly {direction}: {a.text()} now against {b.text()} before."
    else:
        text = (
            f"Response rate {pct(a.value)} now against {pct(b.value)} before; the intervals "
            "overlap, so treat it as about the same."
        )
    return Comparison(current, previous, text)


# --- weekly activity --------------------------------------------------------------------


@dataclass(frozen=True)
class Week:
    """Applications sent and rejections received in one ISO week (starting Monday)."""

    start: date
    applications: int
    rejections: int
    responses: int


def weekly(items: Sequence[Track], period: Period) -> tuple[Week, ...]:
    """Activity per week across the period, empty weeks included."""
    first = period.start.date() - timedelta(days=period.start.weekday())
    last = (period.end - timedelta(microseconds=1)).date()
    weeks: dict[date, list[int]] = {}
    d = first
    while d <= last:
        weeks[d] = [0, 0, 0]
        d += timedelta(days=7)

    def bump(moment: datetime | None, slot: int) -> None:
        if moment is None or moment not in period:
            return
        day = moment.date()
        weeks.setdefault(day - timedelta(days=day.weekday()), [0, 0, 0])[slot] += 1

    for t in items:
        bump(t.application.applied_at, 0)
        bump(t.rejection.received_at if t.rejection else None, 1)
        bump(t.first_response, 2)
    return tuple(Week(k, *v) for k, v in sorted(weeks.items()))


# --- everything together ----------------------------------------------------------------


@dataclass(frozen=True)
class Patterns:
    """The whole reading of a period, ready to print, serialise or draw."""

    period: Period
    now: datetime
    thresholds: Thresholds
    applications: int
    funnel: tuple[StageRow, ...]
    diagnosis: Diagnosis
    response_times: ResponseTimes
    by_source: tuple[GroupRate, ...]
    by_family: tuple[GroupRate, ...]
    comparison: Comparison
    weeks: tuple[Week, ...]


def analyse(
    data: SearchData, period: Period, now: datetime, thresholds: Thresholds | None = None
) -> Patterns:
    """Funnel, diagnosis, response times and rates for the applications sent in `period`."""
    return reading(tracks(data), period, now, thresholds)


def reading(
    every: Sequence[Track], period: Period, now: datetime, thresholds: Thresholds | None = None
) -> Patterns:
    """`analyse` from the Tracks of every application, oldest first (see `tracks`), so a
    caller that keeps them up to date need not build them all again."""
    th = thresholds or Thresholds()
    if period.end <= period.start:
        raise ValueError("a period must end after it starts")
    cohort = [t for t in every if t.application.applied_at in period]
    rows = funnel(cohort)
    current = summarise(every, period, now, th.window_days)
    previous = summarise(every, period.previous(), now, th.window_days)
    return Patterns(
        period=period,
        now=now,
        thresholds=th,
        applications=len(cohort),
        funnel=rows,
        diagnosis=diagnose(rows, th),
        response_times=response_times(cohort),
        by_source=response_by(
            cohort, lambda t: source_of(t.application), now, th.window_days, SOURCES
        ),
        by_family=response_by(
            cohort,
            lambda t: role_family(t.application.role),
            now,
            th.window_days,
            [f for f, _ in FAMILY_RULES] + ["other"],
        ),
        comparison=compare(current, previous),
        weeks=weekly(every, period),
    )
