"""The agenda service: today's list with momentum, the calendar feed and the digest.

`Planner` is exposed as `Tracker.planner`; `Tracker.agenda` is a shortcut to
`Planner.agenda`. The sorting, momentum, calendar and digest text are pure
(`doorajar.schedule`, `doorajar.calendar`); this module gathers their inputs.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid
from typing import TYPE_CHECKING

from doorajar import calendar, schedule
from doorajar.errors import InvalidInput
from doorajar.model import ActionKind
from doorajar.relations import latest_application
from doorajar.schedule import Agenda
from doorajar.store import repo
from doorajar.timeutil import local_tz

if TYPE_CHECKING:
    from doorajar.service import Tracker


@dataclass(frozen=True)
class Digest:
    """The daily digest: where it goes, its subject and its plain text."""

    to: str | None
    subject: str
    text: str


class Planner:
    """Agenda, momentum, calendar export and digest over the Tracker."""

    def __init__(self, tracker: Tracker) -> None:
        self.tracker = tracker

    def agenda(self, days: int = 7, *, sweep: bool = True) -> Agenda:
        """Overdue, today and coming actions with this week's momentum.

        With `sweep`, first notice silent rejections and bring contact touches up to date.
        """
        t = self.tracker
        if sweep:
            t.sweep_silence()
            t.relations.sync()
        now = t.now()
        with t.tx() as s:
            settings = repo.load_settings(s)
            acts = schedule.one_nudge(repo.actions(s, open_only=True))
            apps_list = repo.applications(s)
            apps = {a.id: a for a in apps_list}
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
                    schedule.item(a, apps, people, links)
                    for a in acts
                    if a.kind is ActionKind.NEXT_APPLICATION and a.effective_due() <= now
                ),
                key=lambda i: (i.due, i.action.id),
            )
        )
        mom = schedule.momentum(
            (a.applied_at for a in apps_list),
            now=now,
            tz=tz,
            weekly_target=settings.weekly_target,
            next_application=nudges,
        )
        return schedule.agenda(
            acts, apps, people, now=now, tz=tz, days=days, links=links, momentum=mom
        )

    def calendar(self, days: int = 30, *, name: str = "doorajar") -> bytes:
        """Every open action due within `days` (and every overdue one) as an .ics feed."""
        if days < 0:
            raise InvalidInput("--days cannot be negative.")
        ag = self.agenda(days)
        return calendar.ics(ag.items, now=ag.now, tz=self.tracker.tz(), name=name)

    def digest(self, days: int = 7) -> Digest:
        """Today's actions and the week's momentum as plain text, addressed to the user."""
        t = self.tracker
        ag = self.agenda(days)
        tz = t.tz()
        settings = t.settings()
        day = ag.now.astimezone(tz)
        due = sum(
            1 for i in ag.overdue + ag.today if i.action.kind is not ActionKind.NEXT_APPLICATION
        )
        subject = f"doorajar: {due} to do on {day:%a %d %b}"
        text = schedule.digest_text(ag, tz)
        return Digest(settings.user_email or None, subject, text)

    def send_digest(self, days: int = 7, *, password: str | None = None) -> str:
        """Mail the digest to the user's own address over SMTP (the drafts' settings and
        password lookup); returns the address. Raises MailError or InvalidInput."""
        from doorajar.mail import smtp

        d = self.digest(days)
        settings = self.tracker.settings()
        if not d.to:
            raise InvalidInput("Set your address first: ajar config user_email you@example.com")
        msg = EmailMessage()
        msg["From"] = formataddr((settings.user_name, d.to)) if settings.user_name else d.to
        msg["To"] = d.to
        msg["Subject"] = d.subject
        msg["Date"] = format_datetime(self.tracker.now())
        msg["Message-ID"] = make_msgid("digest", domain=d.to.rsplit("@", 1)[-1])
        msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to a cron mail
        msg.set_content(d.text)
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
        return d.to
