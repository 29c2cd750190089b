"""The pure analytics: Wilson intervals, funnel, every bottleneck rule, rates and periods."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from doorajar.model import (
    Application,
    Channel,
    Direction,
    Outcome,
    Rejection,
    RejectionKind,
    SearchData,
    Stage,
    StageChange,
    Touch,
)
from doorajar.patterns import funnel as pt

NOW = datetime(2026, 11, 22, 15, 0, tzinfo=UTC)
ORDER = list(Stage)


@dataclass
class Builder:
    """Builds a synthetic search: each application reaches a stage and maybe ends there."""

    apps: list[Application] = field(default_factory=list)
    changes: list[StageChange] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    touches: list[Touch] = field(default_factory=list)

    def add(
        self,
        count: int = 1,
        *,
        reached: Stage = Stage.APPLIED,
        rejected: RejectionKind | None = None,
        outcome: Outcome | None = None,
        days_ago: float = 40,
        source: str | None = "linkedin",
        role: str = "Data Engineer",
        first_reply_days: float = 3,
    ) -> Builder:
        for _ in range(count):
            i = len(self.apps) + 1
            applied = NOW - timedelta(days=days_ago)
            final = outcome or (Outcome.REJECTED if rejected else Outcome.ACTIVE)
            self.apps.append(
                Application(i, f"Company {i}", role, applied, reached, final, source=source)
            )
            self.changes.append(StageChange(len(self.changes) + 1, i, Stage.APPLIED, applied))
            for n, st in enumerate(ORDER[1 : reached.rank + 1]):
                at = applied + timedelta(days=first_reply_days + 5 * n)
                self.changes.append(StageChange(len(self.changes) + 1, i, st, at))
            if rejected is not None:
                at = applied + timedelta(days=first_reply_days + 5 * reached.rank)
                if rejected is RejectionKind.SILENT:
                    at = applied + timedelta(days=21)
                self.rejections.append(
                    Rejection(len(self.rejections) + 1, i, rejected, reached, at)
                )
        return self

    def data(self) -> SearchData:
        return SearchData(
            tuple(self.apps), tuple(self.changes), tuple(self.rejections), tuple(self.touches)
        )

    def analyse(self, days: int = 90, **kw: int) -> pt.Patterns:
        period = pt.Period(NOW - timedelta(days=days), NOW + timedelta(seconds=1))
        return pt.analyse(self.data(), period, NOW, pt.Thresholds(**kw))


FORM, SILENT, PERSONAL = RejectionKind.FORM, RejectionKind.SILENT, RejectionKind.PERSONAL
A, S, H, F, OFFER = list(Stage)


# --- Wilson -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        (0, 10, 0.0, 0.2775),  # closed form: z²/(n+z²)
        (5, 10, 0.2366, 0.7634),
        (3, 4, 0.3006, 0.9544),
        (17, 32, 0.3645, 0.6913),
        (10, 10, 0.7225, 1.0),
        (1, 1, 0.2065, 1.0),
    ],
)
def test_wilson_matches_known_values(k: int, n: int, low: float, high: float) -> None:
    r = pt.wilson(k, n)
    assert r.low == pytest.approx(low, abs=5e-5)
    assert r.high == pytest.approx(high, abs=5e-5)


def test_wilson_without_data_is_the_whole_range_and_rejects_nonsense() -> None:
    r = pt.wilson(0, 0)
    assert (r.low, r.high, r.value) == (0.0, 1.0, None)
    assert r.text() == "0/0 (no data)"
    with pytest.raises(ValueError, match="k <= n"):
        pt.wilson(5, 3)


def test_rate_text_shows_count_share_and_interval() -> None:
    assert pt.wilson(3, 8).text() == "3/8 = 38% (14–69%)"


# --- funnel -----------------------------------------------------------------------------


def test_funnel_counts_reached_advanced_rejected_and_waiting() -> None:
    b = (
        Builder()
        .add(4, rejected=FORM)
        .add(2, rejected=SILENT)
        .add(3)  # still waiting at applied
        .add(2, reached=S, rejected=PERSONAL)
        .add(1, reached=S, outcome=Outcome.WITHDRAWN)
        .add(2, reached=H)
        .add(1, reached=OFFER)
    )
    rows = {r.stage: r for r in b.analyse().funnel}
    assert rows[A].reached == 15
    assert (rows[A].advanced, rows[A].rejected, rows[A].waiting) == (6, 6, 3)
    assert (rows[A].form, rows[A].silent) == (4, 2)
    assert rows[A].conversion.text() == "6/12 = 50% (25–75%)"
    assert (rows[S].reached, rows[S].advanced, rows[S].rejected, rows[S].left) == (6, 3, 2, 1)
    assert rows[OFFER].reached == 1


def test_only_applications_sent_in_the_period_count() -> None:
    b = Builder().add(3, rejected=FORM, days_ago=10).add(5, rejected=FORM, days_ago=200)
    p = b.analyse(days=30)
    assert p.applications == 3
    assert p.funnel[0].rejected == 3


# --- bottleneck rules -------------------------------------------------------------------


def test_too_few_rejections_says_so_plainly() -> None:
    p = Builder().add(2, rejected=FORM).add(1, reached=S, rejected=PERSONAL).add(4).analyse()
    d = p.diagnosis
    assert d.verdict is pt.Verdict.TOO_FEW
    assert d.stage is None
    assert d.statement == "3 rejections so far: too few to say where the search gets stuck."
    assert "at least 5 rejections" in d.reasons[0]


def test_clear_application_bottleneck_needs_separate_intervals() -> None:
    b = (
        Builder()
        .add(24, rejected=FORM)
        .add(1, reached=S, rejected=PERSONAL)
        .add(1, reached=H, rejected=PERSONAL)
        .add(2, reached=F)
        .add(2, reached=OFFER)
    )
    d = b.analyse().diagnosis
    assert d.verdict is pt.Verdict.CLEAR
    assert d.stage is Stage.APPLIED
    assert "the likely bottleneck is the résumé and application" in d.statement
    assert d.bottleneck is not None
    assert "keywords" in d.bottleneck.action
    applied = d.evidence[0]
    assert (applied.rejected, applied.decided) == (24, 30)
    assert applied.rate.low > max(e.rate.high for e in d.evidence[1:] if e.comparable)


def test_clear_recruiter_screen_bottleneck() -> None:
    b = Builder().add(2, rejected=FORM).add(14, reached=S, rejected=PERSONAL).add(4, reached=F)
    d = b.analyse().diagnosis
    assert d.verdict is pt.Verdict.CLEAR
    assert d.stage is Stage.RECRUITER_SCREEN
    assert "90-second summary" in d.statement


def test_clear_hiring_manager_bottleneck() -> None:
    b = Builder().add(1, rejected=FORM).add(12, reached=H, rejected=PERSONAL).add(4, reached=OFFER)
    d = b.analyse().diagnosis
    assert d.verdict is pt.Verdict.CLEAR
    assert d.stage is Stage.HIRING_MANAGER
    assert "technical or scope fit" in d.statement


def test_final_round_cluster_is_framed_as_often_not_about_you() -> None:
    b = Builder().add(12, reached=F, rejected=PERSONAL).add(1, rejected=FORM)
    d = b.analyse().diagnosis
    assert d.verdict is pt.Verdict.CLEAR
    assert d.stage is Stage.FINAL_ROUND
    assert "the likely bottleneck" not in d.statement
    assert "often not you" in d.statement
    assert d.final_round_note is not None
    assert d.final_round_note.startswith("12 of 13 rejections (92%) came at the final round")
    assert d.final_round_share.k == 12


def test_overlapping_intervals_give_only_a_leaning() -> None:
    b = (
        Builder()
        .add(5, rejected=FORM)
        .add(2, reached=S, rejected=PERSONAL)
        .add(3, reached=H, rejected=PERSONAL)
        .add(2, reached=F)
    )
    d = b.analyse().diagnosis
    assert d.verdict is pt.Verdict.LEANING
    assert d.stage is Stage.HIRING_MANAGER
    assert d.statement.startswith("Rejections lean toward the hiring-manager interview (3 of 5")
    assert "may still be chance" in d.statement
    assert "overlaps" in d.reasons[-1]


def test_rejections_spread_thin_give_no_pattern() -> None:
    b = (
        Builder()
        .add(2, rejected=FORM)
        .add(2, reached=S, rejected=PERSONAL)
        .add(2, reached=H, rejected=PERSONAL)
        .add(3, reached=F)
    )
    d = b.analyse().diagnosis
    assert d.verdict is pt.Verdict.NO_PATTERN
    assert d.stage is None
    assert d.statement.startswith("6 rejections, but no stage has 3 or more")


def test_a_lone_stage_is_clear_only_when_most_applications_end_there() -> None:
    all_end = Builder().add(10, rejected=FORM).analyse().diagnosis
    assert all_end.verdict is pt.Verdict.CLEAR
    assert all_end.stage is Stage.APPLIED
    assert "at least half" in all_end.reasons[-1]
    # 5 of 10 ended at applied, the rest are still waiting there: nothing else to compare.
    half = Builder().add(5, rejected=FORM).add(5).analyse().diagnosis
    assert half.verdict is pt.Verdict.CLEAR
    some = Builder().add(5, rejected=FORM).add(2, reached=S).add(10).analyse().diagnosis
    assert some.verdict is pt.Verdict.LEANING
    assert "below half" in some.reasons[-1]


def test_thresholds_change_the_verdict() -> None:
    b = Builder().add(2, rejected=FORM).add(1, reached=S, rejected=PERSONAL)
    assert b.analyse().diagnosis.verdict is pt.Verdict.TOO_FEW
    assert b.analyse(min_rejections=3, min_stage=2).diagnosis.verdict is not pt.Verdict.TOO_FEW


# --- response times and rates -----------------------------------------------------------


def test_time_to_response_uses_the_first_sign_of_life() -> None:
    b = Builder().add(1, reached=S, first_reply_days=4).add(1, rejected=FORM, first_reply_days=2)
    b.add(1, rejected=SILENT)  # silence is no response
    b.add(1)
    b.touches.append(
        Touch(1, Direction.IN, Channel.EMAIL, b.apps[3].applied_at + timedelta(days=6), 4)
    )
    t = b.analyse().response_times
    assert t.days == (2.0, 4.0, 6.0)
    assert t.median == 4.0
    assert t.waiting == 1


def test_response_rate_by_source_counts_only_settled_applications() -> None:
    b = (
        Builder()
        .add(3, rejected=FORM, source="referral")
        .add(1, source="referral")  # 40 days, no answer: settled, unanswered
        .add(2, source="referral", days_ago=5)  # too new to count
        .add(4, rejected=SILENT, source="job_board")
        .add(1, rejected=FORM, source="job_board")
        .add(1, rejected=FORM, source="Some fair")
    )
    rates = {g.group: g for g in b.analyse().by_source}
    ref = rates["referral"]
    assert (ref.applications, ref.responded, ref.settled) == (6, 3, 4)
    assert rates["job_board"].rate.text() == "1/5 = 20% (4–62%)"
    assert rates["other"].applications == 1
    assert [g.group for g in b.analyse().by_source] == ["referral", "job_board", "other"]


@pytest.mark.parametrize(
    ("title", "family"),
    [
        ("Senior Data Engineer", "data engineering"),
        ("Clinical Data Engineer", "data engineering"),
        ("Data Warehouse Engineer", "data engineering"),
        ("Analytics Engineer", "analytics"),
        ("BI Engineer", "analytics"),
        ("Machine Learning Data Engineer", "machine learning"),
        ("Data Engineer, Applied ML", "machine learning"),
        ("Backend Developer", "software engineering"),
        ("Chief Happiness Officer", "other"),
        ("Email Marketing Lead", "other"),  # 'ai' inside 'email' is not AI
    ],
)
def test_role_families_follow_the_documented_rules(title: str, family: str) -> None:
    assert pt.role_family(title) == family


def test_response_rate_by_role_family() -> None:
    b = Builder().add(2, rejected=FORM, role="Analytics Engineer").add(2, role="ML Engineer")
    fams = {g.group: g for g in b.analyse().by_family}
    assert fams["analytics"].rate.k == 2
    assert fams["machine learning"].rate.k == 0


# --- periods ----------------------------------------------------------------------------


def test_period_comparison_with_too_little_data_says_it_means_little() -> None:
    b = Builder().add(3, rejected=FORM, days_ago=10).add(2, days_ago=45)
    c = b.analyse(days=30).comparison
    assert c.current.applications == 3
    assert c.previous.applications == 2
    assert "means little yet" in c.statement


def test_period_comparison_names_a_clear_change() -> None:
    b = Builder().add(12, rejected=FORM, days_ago=25).add(12, rejected=SILENT, days_ago=55)
    c = b.analyse(days=30).comparison
    assert c.current.response.text() == "12/12 = 100% (76–100%)"
    assert c.previous.response.value == 0
    assert c.statement.startswith("Response rate is clearly up")


def test_period_comparison_with_overlap_is_about_the_same() -> None:
    b = (
        Builder()
        .add(5, rejected=FORM, days_ago=25)
        .add(5, rejected=SILENT, days_ago=25)
        .add(6, rejected=FORM, days_ago=55)
        .add(4, rejected=SILENT, days_ago=55)
    )
    assert "about the same" in b.analyse(days=30).comparison.statement


def test_nothing_before_means_nothing_to_compare() -> None:
    c = Builder().add(3, days_ago=5).analyse(days=30).comparison
    assert c.statement.startswith("Nothing was sent in the previous period")


def test_period_previous_has_the_same_length() -> None:
    p = pt.Period(NOW - timedelta(days=30), NOW)
    assert p.previous() == pt.Period(NOW - timedelta(days=60), NOW - timedelta(days=30))
    assert p.days == 30
    assert NOW - timedelta(days=1) in p
    assert NOW not in p


def test_weekly_activity_has_every_week_of_the_period() -> None:
    b = Builder().add(2, rejected=FORM, days_ago=10).add(1, days_ago=3)
    weeks = b.analyse(days=28).weeks
    assert all(w.start.weekday() == 0 for w in weeks)
    assert len(weeks) in (5, 6)
    assert sum(w.applications for w in weeks) == 3
    assert sum(w.rejections for w in weeks) == 2
