"""The agenda service: one Today for the CLI, the web, the digest and the calendar feed.

`AgendaService` is exposed as `Tracker.planner`. The sorting, momentum, calendar and
digest text are pure (`doorajar.agenda.rules`, `doorajar.agenda.ics`); this module
gathers their inputs. Reading never writes: the silence sweep and the contact touches
are brought up to date by `Tracker.sweep()`, which commands call before they read.

`agenda()` reads every open action; `today()` reads at most a page of each part with
indexed queries (for the web), and both apply the same rules: one "send the next
application" nudge, the same parts, the same order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta, tzinfo
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid

from sqlalchemy.orm import Session

from doorajar.agenda import ics, rules
from doorajar.agenda.rules import Agenda, Momentum
from doorajar.boards.report import seen_so_far
from doorajar.core.contacts import latest_application
from doorajar.core.matching import norm_company
from doorajar.core.unit import Unit
from doorajar.errors import InvalidInput
from doorajar.model import Action, ActionKind, Application
from doorajar.settings import Settings
from doorajar.store import listing, repo, repo_watch
from doorajar.timeutil import local_tz

EXPANDED = 500  # a part of Today shown in full still stops somewhere
WEEKS = 26  # weeks counted per query when following a streak back
STREAK_WEEKS = 52  # a streak is followed back a year at most: "a year or more" after that


@dataclass(frozen=True)
class Digest:
    """The daily digest: where it goes, its subject and its plain text."""

    to: str | None
    subject: str
    text: str


@dataclass(frozen=True)
class TodayView:
    """The agenda, at most a page of each part, with how many each part holds in all."""

    agenda: Agenda
    totals: dict[str, int]


def _midnight(now: datetime, tz: tzinfo) -> datetime:
    return now.astimezone(tz).replace(hour=0, minute=0, second=0, microsecond=0)


def week_starts(now: datetime, tz: tzinfo, weeks: int = WEEKS) -> list[datetime]:
    """Local midnight on the Monday of this week and of each week before it, newest first."""
    today = now.astimezone(tz).date()
    monday = today - timedelta(days=today.weekday())
    return [
        datetime.combine(monday - timedelta(weeks=k), time.min, tzinfo=tz) for k in range(weeks)
    ]


def streak(weekly: list[int]) -> int:
    """Weeks in a row with an application, from counts per week (this week first); this
    week joins once it has one, and while it has none the run before it still stands
    (as `rules.momentum` counts it)."""
    k = 0 if weekly and weekly[0] else 1
    run = 0
    while k < len(weekly) and weekly[k]:
        run, k = run + 1, k + 1
    return run


def _with_watch(
    s: Session, acts: list[Action], apps: Mapping[int, Application], settings: Settings
) -> list[Action]:
    """The planned 3- and 6-month revisits, each with what the job-board watch has seen."""
    if not settings.watch_enabled:
        return acts
    boards = {b.company_key: b for b in repo_watch.boards(s)}
    out = []
    for a in acts:
        app = apps.get(a.application_id) if a.application_id else None
        if a.kind is ActionKind.REVISIT and app is not None and "-revisit-" in a.key:
            board = boards.get(norm_company(app.company))
            seen = repo_watch.openings(s, [board.id]) if board else []
            note = seen_so_far(
                app.company,
                board,
                seen,
                threshold=settings.watch_fit_threshold,
                enabled=settings.watch_enabled,
            )
            if note:
                a = replace(a, reason=f"{a.reason} {note}")
        out.append(a)
    return out


def _latest_nudge(nudges: list[Action]) -> Action | None:
    """The one open "send the next application" action the agenda shows (see `one_nudge`)."""
    return max(nudges, key=lambda a: (a.due, a.id)) if nudges else None


class AgendaService:
    """Agenda, momentum, calendar export and digest."""

    def __init__(self, unit: Unit) -> None:
        self.unit = unit

    def agenda(self, days: int = 7) -> Agenda:
        """Overdue, today and coming actions with this week's momentum."""
        u = self.unit
        now = u.now()
        with u.tx() as s:
            settings = repo.load_settings(s)
            acts = rules.one_nudge(repo.actions(s, open_only=True))
            apps_list = repo.applications(s)
            apps = {a.id: a for a in apps_list}
            acts = _with_watch(s, acts, apps, settings)
            people = {c.id: c for c in repo.contacts(s)}
            links: dict[int, int] = {}
            for a in acts:
                if a.contact_id and a.application_id is None:
                    via = latest_application(s, a.contact_id)
                    if via is not None:
                        links[a.contact_id] = via
        tz = local_tz(settings.timezone)
        nudges = tuple(
            sorted(
                (
                    rules.item(a, apps, people, links)
                    for a in acts
                    if a.kind is ActionKind.NEXT_APPLICATION and a.effective_due() <= now
                ),
                key=lambda i: (i.due, i.action.id),
            )
        )
        mom = rules.momentum(
            (a.applied_at for a in apps_list),
            now=now,
            tz=tz,
            weekly_target=settings.weekly_target,
            next_application=nudges,
        )
        return rules.agenda(
            acts, apps, people, now=now, tz=tz, days=days, links=links, momentum=mom
        )

    def momentum(self) -> Momentum:
        """Applications today and this week, the weekly streak and the nudge to send the next
        one, as `agenda()` reports them, read with a few indexed queries."""
        now = self.unit.now()
        with self.unit.tx() as s:
            settings = repo.load_settings(s)
            tz = local_tz(settings.timezone)
            start = _midnight(now, tz)
            end_today = start + timedelta(days=1)
            today = listing.count_between(s, start, end_today)
            weekly: list[int] = []
            starts = week_starts(now, tz, STREAK_WEEKS)
            for k in range(0, len(starts), WEEKS):  # a few months at a time, until a gap
                chunk = starts[k : k + WEEKS]
                weekly += listing.weekly_counts(s, chunk, starts[k - 1] if k else end_today)
                if 0 in weekly[1:]:
                    break
            latest = _latest_nudge(listing.open_actions_of_kind(s, ActionKind.NEXT_APPLICATION))
            nudges = [latest] if latest is not None and latest.effective_due() <= now else []
            apps = listing.applications_by_id(s, {a.application_id for a in nudges})
            last = listing.last_applied_at(s)
        return Momentum(
            today=today,
            this_week=weekly[0],
            weekly_target=settings.weekly_target,
            streak_weeks=streak(weekly),
            last_applied=last,
            next_application=tuple(rules.item(a, apps, {}) for a in nudges),
        )

    def today(self, *, days: int = 7, limit: int = 25, expand: str | None = None) -> TodayView:
        """Overdue, today and coming actions (as `agenda()`), reading at most `limit` of each
        part (more for the part named by `expand`) however busy the search is."""
        now = self.unit.now()
        with self.unit.tx() as s:
            settings = repo.load_settings(s)
            tz = local_tz(settings.timezone)
            start = _midnight(now, tz)
            spans = {
                "overdue": (None, start),
                "today": (start, start + timedelta(days=1)),
                "coming": (start + timedelta(days=1), start + timedelta(days=days + 1)),
            }
            latest = _latest_nudge(listing.open_actions_of_kind(s, ActionKind.NEXT_APPLICATION))
            nudge = latest.id if latest is not None else None
            parts: dict[str, list[Action]] = {}
            totals: dict[str, int] = {}
            for name, (lo, hi) in spans.items():
                n = EXPANDED if name == expand else limit
                parts[name], totals[name] = listing.open_actions_between(
                    s, lo, hi, limit=n, nudge=nudge
                )
            acts = [a for part in parts.values() for a in part]
            apps = listing.applications_by_id(s, {a.application_id for a in acts})
            parts = {k: _with_watch(s, part, apps, settings) for k, part in parts.items()}
            people = listing.contacts_by_id(s, {a.contact_id for a in acts})
            links = {
                a.contact_id: via
                for a in acts
                if a.contact_id and a.application_id is None
                if (via := latest_application(s, a.contact_id)) is not None
            }
        overdue, today, coming = (
            tuple(rules.item(a, apps, people, links) for a in parts[k])
            for k in ("overdue", "today", "coming")
        )
        agenda = Agenda(overdue, today, coming, now, days, self.momentum())
        return TodayView(agenda, totals)

    def calendar(self, days: int = 30, *, name: str = "doorajar") -> bytes:
        """Every open action due within `days` (and every overdue one) as an .ics feed."""
        if days < 0:
            raise InvalidInput("--days cannot be negative.")
        ag = self.agenda(days)
        return ics.ics(ag.items, now=ag.now, tz=self.unit.tz(), name=name)

    def digest(self, days: int = 7) -> Digest:
        """Today's actions and the week's momentum as plain text, addressed to the user."""
        ag = self.agenda(days)
        tz = self.unit.tz()
        settings = self.unit.settings()
        day = ag.now.astimezone(tz)
        due = sum(
            1 for i in ag.overdue + ag.today if i.action.kind is not ActionKind.NEXT_APPLICATION
        )
        subject = f"doorajar: {due} to do on {day:%a %d %b}"
        text = rules.digest_text(ag, tz)
        return Digest(settings.user_email or None, subject, text)

    def send_digest(self, days: int = 7, *, password: str | None = None) -> str:
        """Mail the digest to the user's own address over SMTP (the drafts' settings and
        password lookup); returns the address. Raises MailError or InvalidInput."""
        from doorajar.drafts import smtp  # lazy: the mail stack

        msg = self.digest_message(days)
        settings = self.unit.settings()
        host, user = settings.smtp_host, settings.smtp_user
        config = smtp.SmtpConfig(
            host=host,
            port=settings.smtp_port,
            user=user,
            security=settings.smtp_security,
            timeout=float(settings.mail_timeout_seconds),
            password=password or smtp.password(user, host),
        )
        smtp.send(msg, config)
        return str(msg["To"])

    def digest_message(
        self, days: int = 7, *, to: str | None = None, sender: str | None = None
    ) -> EmailMessage:
        """The digest as a mail to `to` (default: the user's own address) from `sender`
        (default: the user, by name); raises InvalidInput when there is no address."""
        d = self.digest(days)
        settings = self.unit.settings()
        to = to or d.to
        if not to:
            raise InvalidInput("Set your address first: ajar config user_email you@example.com")
        msg = EmailMessage()
        if sender:
            msg["From"] = sender
        else:
            msg["From"] = formataddr((settings.user_name, to)) if settings.user_name else to
        msg["To"] = to
        msg["Subject"] = d.subject
        msg["Date"] = format_datetime(self.unit.now())
        origin = sender or to
        msg["Message-ID"] = make_msgid("digest", domain=origin.rsplit("@", 1)[-1].strip("> "))
        msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to a cron mail
        msg.set_content(d.text)
        return msg
