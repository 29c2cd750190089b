"""The patterns service: gathers the search from the store and asks the pure modules.

Exposed as `Tracker.patterns`. Reads are one transaction each; goals, progress and
journal entries are written through one transaction per call.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from doorajar.core import actions, applications
from doorajar.core.unit import Unit
from doorajar.errors import InvalidInput
from doorajar.model import (
    Action,
    ActionKind,
    ActionStatus,
    Application,
    FeedbackItem,
    Goal,
    GoalStatus,
    Note,
    NoteKind,
)
from doorajar.patterns import funnel as patterns
from doorajar.patterns import goals as goalrules
from doorajar.patterns import themes
from doorajar.patterns.goals import FOCUSES, Prompt, SmartCheck
from doorajar.patterns.held import HeldSearch
from doorajar.settings import Settings
from doorajar.store import bulk, listing, repo, repo_goals

if TYPE_CHECKING:
    from doorajar.patterns.report import Report

# How long a patterns reading is served again when nothing in the data changed. Its
# period ends when it was made, so the time windows of a reading shown are at most
# this old; any change in the data makes a new reading at once.
FRESH = timedelta(seconds=60)


@dataclass(frozen=True)
class GoalAdded:
    """A stored goal and the SMART reading of it."""

    goal: Goal
    check: SmartCheck
    action: Action


@dataclass(frozen=True)
class JournalEntry:
    """A private journal note, with the application it belongs to."""

    note: Note
    application: Application | None = None


@dataclass(frozen=True)
class Reflected:
    """A stored reflection, and the reflect action it completed (if one was open)."""

    entry: JournalEntry
    completed: Action | None


class Insights:
    """Funnel, bottleneck, feedback themes, goals and the reflection journal."""

    def __init__(self, unit: Unit) -> None:
        self.unit = unit
        # the last reading, its charts and the last themes, for viewing them again
        self._kept: dict[tuple[Any, ...], patterns.Patterns] = {}
        self._held = HeldSearch()
        self._charts_of: patterns.Patterns | None = None
        self._charts: dict[str, str] = {}
        self._themes: tuple[tuple[Any, ...], themes.ThemeReport] | None = None

    # --- reading the search -------------------------------------------------------------

    def period(self, since: datetime | None = None, days: int | None = None) -> patterns.Period:
        """The period to look at: from `since`, or the last `days`, else the setting."""
        return self._period(self.unit.settings(), self.unit.now(), since, days)

    @staticmethod
    def _period(
        settings: Settings, now: datetime, since: datetime | None, days: int | None
    ) -> patterns.Period:
        end = now + timedelta(microseconds=1)
        if since is not None and days is not None:
            raise InvalidInput("Give either --since or --days, not both.")
        if since is not None:
            if since >= now:
                raise InvalidInput("--since must be in the past.")
            return patterns.Period(since, end)
        if days is None:
            days = settings.patterns_days
        if days < 1:
            raise InvalidInput("The period must be at least one day (--days or patterns_days).")
        return patterns.Period(now - timedelta(days=days), end)

    def analyse(self, since: datetime | None = None, days: int | None = None) -> patterns.Patterns:
        """Funnel, bottleneck diagnosis, response times and rates, compared with before.

        Each application's facts are held and brought up to date from the change log (see
        `held.HeldSearch`), so the first reading after a change reads only what changed. A
        reading is kept and served again while the data it was made of is unchanged and it
        is less than `FRESH` old, so viewing it again costs two small queries."""
        now = self.unit.now()
        with self.unit.tx() as s:
            version = self._held.sync(s)
            settings = repo.load_settings(s)
            period = self._period(settings, now, since, days)
            th = patterns.Thresholds(
                min_rejections=max(1, settings.patterns_min_rejections),
                min_stage=max(1, settings.patterns_min_stage),
                window_days=settings.silent_after_days,
            )
            key = (version, since, days, settings.patterns_days, th)
            kept = self._kept.get(key)
            if kept is not None and timedelta(0) <= now - kept.now < FRESH:
                return kept
            every = self._held.tracks()
        found = patterns.reading(every, period, now, th)
        if len(self._kept) >= 8 or any(k[0] != version for k in self._kept):
            self._kept = {}
        self._kept[key] = found
        return found

    def chart(self, name: str) -> str:
        """One chart of the current reading as SVG; drawn once per reading."""
        # lazy: matplotlib, only when a chart is drawn
        from doorajar.patterns.report import chart

        found = self.analyse()
        if found is not self._charts_of:
            self._charts_of, self._charts = found, {}
        svg = self._charts.get(name)
        if svg is None:
            svg = self._charts[name] = str(chart(name, found))
        return svg

    def _feedback_items(self, s: Session) -> list[FeedbackItem]:
        return bulk.feedback_items(s)

    def themes(self) -> themes.ThemeReport:
        """Every piece of feedback tagged with its themes; repeated themes first (kept and
        served again while the data is unchanged)."""
        with self.unit.tx() as s:
            version = bulk.data_version(s)
            if self._themes is not None and self._themes[0] == version:
                return self._themes[1]
            items = self._feedback_items(s)
        found = themes.themes(items)
        self._themes = (version, found)
        return found

    # --- goals ---------------------------------------------------------------------------

    def check_goal(
        self, text: str, deadline: datetime | None, link: str | None = None
    ) -> SmartCheck:
        """The SMART reading of a goal, without storing it."""
        return goalrules.check_goal(text, deadline, self.unit.now(), _link(link))

    def add_goal(self, text: str, deadline: datetime, link: str | None = None) -> GoalAdded:
        """Store a goal (whatever its SMART reading) and put it on the agenda by its deadline."""
        text = " ".join(text.split())
        if not text:
            raise InvalidInput("The goal is empty; say what you will do.")
        now = self.unit.now()
        key = _link(link)
        check = goalrules.check_goal(text, deadline, now, key)
        with self.unit.tx() as s:
            goal = repo_goals.add(
                s,
                text=text,
                link=key or check.link,
                deadline=deadline,
                target=check.target,
                now=now,
            )
            action = self._sync_action(s, goal, now)
        return GoalAdded(goal, check, action)

    def _sync_action(self, s: Session, goal: Goal, now: datetime) -> Action:
        action = repo.upsert_action(
            s,
            key=f"goal-{goal.id}",
            kind=ActionKind.GOAL,
            due=goal.deadline,
            reason=f"Goal #{goal.id}: {goal.text} ({goal.progress_text}).",
            now=now,
            goal_id=goal.id,
        )
        if goal.status is not GoalStatus.OPEN and action.open:
            action = repo.set_action(
                s,
                action.id,
                status=ActionStatus.DONE
                if goal.status is GoalStatus.DONE
                else ActionStatus.SKIPPED,
                done_at=goal.done_at if goal.status is GoalStatus.DONE else None,
                note=f"goal {goal.status.value}",
            )
        return action

    def goal_links(self) -> list[tuple[str, str]]:
        """What a goal can be tied to: each feedback theme and each focus, as key and words."""
        return [(t.value, t.label) for t in themes.Theme] + list(FOCUSES.items())

    def goals(self, *, open_only: bool = False) -> list[Goal]:
        """Goals by deadline; a goal whose agenda entry was marked done counts as done."""
        with self.unit.tx() as s:
            out = repo_goals.goals(s)
        return [g for g in out if not open_only or g.status is GoalStatus.OPEN]

    def goal(self, goal_id: int) -> Goal:
        """One goal."""
        with self.unit.tx() as s:
            return repo_goals.get(s, goal_id)

    def progress(self, goal_id: int, note: str, amount: int | None = None) -> Goal:
        """Log a step toward a goal; the agenda entry shows the progress."""
        note = note.strip()
        if not note:
            raise InvalidInput("Say what you did in a few words.")
        if amount is not None and amount < 0:
            raise InvalidInput("--amount cannot be negative.")
        now = self.unit.now()
        with self.unit.tx() as s:
            goal = repo_goals.add_progress(s, goal_id, now=now, note=note, amount=amount)
            self._sync_action(s, goal, now)
            return goal

    def finish(self, goal_id: int, status: GoalStatus = GoalStatus.DONE) -> Goal:
        """Close a goal as done (or dropped); its agenda entry closes with it."""
        now = self.unit.now()
        with self.unit.tx() as s:
            goal = repo_goals.finish(s, goal_id, status, now=now)
            self._sync_action(s, goal, now)
            return goal

    # --- journal -------------------------------------------------------------------------

    def prompts(self, query: str) -> tuple[Application, tuple[Prompt, ...]]:
        """The application and the reflection prompts that fit how far it got."""
        with self.unit.tx() as s:
            app = applications.resolve(s, query)
        return app, goalrules.reflection_prompts(app.stage.interviewed)

    def reflect(self, query: str, answers: dict[str, str], mood: int | None = None) -> Reflected:
        """Keep a reflection as a private journal entry; it completes the open reflect action."""
        _check_mood(mood)
        app, prompts = self.prompts(query)
        known = {p.key for p in prompts}
        unknown = sorted(set(answers) - known)
        if unknown:
            raise InvalidInput(
                f"Unknown prompt {', '.join(unknown)}; the prompts are: {', '.join(sorted(known))}."
            )
        if not any(v.strip() for v in answers.values()) and mood is None:
            raise InvalidInput("Nothing to keep: answer at least one prompt or give a mood.")
        body = goalrules.reflection_text(prompts, answers)
        completed = None
        # the entry and the completed action land together, or neither does
        u = self.unit
        with u.tx() as s:
            note = applications.add_note(u, s, app, body, kind=NoteKind.JOURNAL, mood=mood)
            open_reflect = [
                a
                for a in repo.actions(s, app_id=app.id, open_only=True)
                if a.kind is ActionKind.REFLECT
            ]
            for a in open_reflect:
                completed = actions.act(u, s, a.id, ActionStatus.DONE, note="reflection written")
        return Reflected(JournalEntry(note, app), completed)

    def journal_add(self, query: str | None, text: str, mood: int | None = None) -> JournalEntry:
        """Keep any text as a private journal entry (also where held drafts can go)."""
        _check_mood(mood)
        u = self.unit
        with u.tx() as s:
            app = applications.resolve(s, query) if query else None
            note = applications.add_note(u, s, app, text, kind=NoteKind.JOURNAL, mood=mood)
        return JournalEntry(note, app)

    def journal(self, query: str | None = None) -> list[JournalEntry]:
        """Journal entries and held drafts, oldest first; of one application if named."""
        with self.unit.tx() as s:
            app_id = applications.resolve(s, query).id if query else None
            notes = repo.notes(s, app_id=app_id, kind=NoteKind.JOURNAL)
            # drafts the tone guard held back belong to the same private place
            notes += repo.notes(s, app_id=app_id, kind=NoteKind.HELD)
            notes.sort(key=lambda n: (n.created_at, n.id))
            # only the applications the notes name: a long search has thousands
            apps = listing.applications_by_id(s, {n.application_id for n in notes})
        return [JournalEntry(n, apps.get(n.application_id or -1)) for n in notes]

    # --- report --------------------------------------------------------------------------

    def report(self, since: datetime | None = None, days: int | None = None) -> Report:
        """The data of the HTML report."""
        found = self.analyse(since, days)
        entries = self.journal()
        moods = [e.note.mood for e in entries if e.note.mood is not None]
        from doorajar.patterns.report import Report  # lazy: matplotlib

        return Report(
            patterns=found,
            themes=self.themes(),
            goals=tuple(self.goals()),
            journal_count=len(entries),
            mean_mood=sum(moods) / len(moods) if moods else None,
            generated_at=self.unit.now(),
        )

    def report_html(self, since: datetime | None = None, days: int | None = None) -> str:
        """The self-contained HTML report."""
        # lazy: matplotlib and the report template
        from doorajar.patterns.report import render

        return render(self.report(since, days), self.unit.tz())


def _link(link: str | None) -> str | None:
    if link is None or not link.strip():
        return None
    th = themes.theme_of(link)
    if th is not None:
        return th.value
    key = link.strip().lower()
    if key in FOCUSES:
        return key
    names = [t.value for t in themes.Theme] + list(FOCUSES)
    raise InvalidInput(f"Unknown theme '{link}'; use one of: {', '.join(names)}.")


def _check_mood(mood: int | None) -> None:
    if mood is not None and not 1 <= mood <= 5:
        raise InvalidInput("Mood is a number from 1 (very low) to 5 (good).")
