"""The job-board watch: the revisit list's companies, their public boards, new openings.

`WatchService` is exposed as `Tracker.watch`. Which companies are watched follows the
playbook: every company on the revisit list (its door open), from the rejection until
`watch_window_months` later, and every company added by hand. With `watch_enabled` off
nothing is fetched. A check reads each due board (at most one request a board per
`watch_every_hours`, SmartRecruiters' pages counting as one check), outside any
transaction, then records every answer in one: openings new, still listed, gone or
reposted, and a revisit action in Today for each new one that fits.
"""

from __future__ import annotations

import email
import email.policy
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy.orm import Session

from doorajar import doors
from doorajar.boards import clients, discover, fit
from doorajar.boards.postings import VENDORS, Board, BoardError, BoardGone, Listing, parse_board
from doorajar.boards.report import opening_line, posted_ago
from doorajar.core.doors import keepable
from doorajar.core.matching import norm_company
from doorajar.core.unit import Unit
from doorajar.errors import Conflict, InvalidInput, NotFound
from doorajar.model import (
    ActionKind,
    ContactRole,
    Opening,
    Outcome,
    WatchBoard,
)
from doorajar.netpolicy import NetPolicy
from doorajar.settings import Settings
from doorajar.store import bulk, repo, repo_mail, repo_watch

MANUAL = "manual"
NONE = "none"  # no board found, and the user was asked once
# a board added by hand is read back this far on its first check
FIRST_LOOK = timedelta(days=30)


@dataclass(frozen=True)
class Watched:
    """One company the watch covers (or would, once on): its board and what it saw."""

    company: str
    key: str
    application_id: int | None
    rejected_at: datetime | None
    until: datetime | None
    active: bool
    board: WatchBoard | None
    guess: Board | None
    guess_from: str | None
    openings: tuple[Opening, ...]
    threshold: int

    @property
    def spec(self) -> str | None:
        """The board used: the stored one, else the one recognised from a URL or mail."""
        if self.board is not None and self.board.spec:
            return self.board.spec
        return self.guess.spec if self.guess else None

    @property
    def fitting(self) -> tuple[Opening, ...]:
        """Open openings at or above the threshold, best first."""
        return tuple(o for o in self.openings if o.open and o.fit >= self.threshold)


@dataclass(frozen=True)
class Checked:
    """What one check of one board did."""

    company: str
    board: str | None
    status: str  # ok, not_modified, skipped, error, gone, no_board
    message: str
    new: tuple[Opening, ...] = ()
    notified: tuple[Opening, ...] = ()
    removed: int = 0
    reposted: int = 0
    requests: int = 0


@dataclass(frozen=True)
class Roles:
    """A company's openings as last seen, ranked by fit."""

    watched: Watched
    openings: tuple[Opening, ...]


class WatchService:
    """Turning the watch on and off, the boards, checking them and what they list."""

    def __init__(
        self,
        unit: Unit,
        fetch: Callable[..., Listing] | None = None,
        policy: NetPolicy | None = None,
    ) -> None:
        self.unit = unit
        self.fetch = fetch or clients.fetch
        # server mode: the boards' base URLs and addresses a seeker may reach
        self.policy = policy

    # --- switching and boards -----------------------------------------------------------

    def switch(self, on: bool) -> bool:
        """Allow (or stop) reading public job boards; what was seen stays."""
        with self.unit.tx() as s:
            repo.set_setting(s, "watch_enabled", on)
        return on

    def add(self, company: str, board: str | None = None) -> Watched:
        """Watch a company's board: 'vendor:token' or a careers URL; without one, the board
        recognised from its applications and mail. A wrong guess is corrected the same way."""
        name = " ".join(company.split())
        if not name:
            raise InvalidInput("Name the company to watch.")
        if len(name) > 200:
            raise InvalidInput("A company name has at most 200 characters.")
        found = _parse_board(board) if board else None
        u = self.unit
        with u.tx() as s:
            key = norm_company(name)
            app_id = _latest_application(s, key)
            known = repo_watch.board_for(s, key)
            if found is None:
                guess = self._guess(s, key)
                if guess is None:
                    raise InvalidInput(
                        f"No job board found for {name}; give it with --board vendor:token "
                        "or a careers URL."
                    )
                found = guess[0]
            stored_name = known.company if known is not None else _company_name(s, key, name)
            repo_watch.put_board(
                s,
                company=stored_name,
                company_key=key,
                vendor=found.vendor,
                token=found.token,
                origin=MANUAL,
                application_id=app_id,
                now=u.now(),
            )
            return self._watched(s, key, repo.load_settings(s))

    def mark_asked(self, company: str) -> None:
        """Remember that the user was asked for a company's board and had none to give."""
        u = self.unit
        with u.tx() as s:
            key = norm_company(company)
            if repo_watch.board_for(s, key) is None:
                repo_watch.put_board(
                    s,
                    company=company,
                    company_key=key,
                    vendor=None,
                    token=None,
                    origin=NONE,
                    application_id=_latest_application(s, key),
                    now=u.now(),
                )

    # --- reading ------------------------------------------------------------------------

    def watched(self) -> list[Watched]:
        """Every company watched or on the revisit list, with its board and what fits."""
        with self.unit.tx() as s:
            settings = repo.load_settings(s)
            return [self._watched(s, key, settings) for key in self._keys(s)]

    def roles(self, company: str) -> Roles:
        """A watched company's openings as last seen, best fit first."""
        with self.unit.tx() as s:
            settings = repo.load_settings(s)
            keys = self._keys(s)
            key = _pick(company, keys, s)
            w = self._watched(s, key, settings)
        return Roles(w, tuple(o for o in w.openings if o.open))

    # --- checking -----------------------------------------------------------------------

    def check(self, *, force: bool = False) -> list[Checked]:
        """Read every due board of the companies watched now, and record what they list."""
        u = self.unit
        settings = u.settings()
        if not settings.watch_enabled:
            raise Conflict(
                "The job-board watch is off, so nothing was fetched; turn it on with "
                "`ajar watch on`."
            )
        now = u.now()
        config = clients.FetchConfig(
            base_urls={v: getattr(settings, f"watch_url_{v}") for v in VENDORS},
            timeout=float(settings.watch_timeout_seconds),
            retries=settings.watch_retries,
            policy=self.policy,
        )
        with u.tx() as s:
            targets = [self._watched(s, k, settings) for k in self._keys(s)]
        results: list[Checked] = []
        fetched: list[tuple[Watched, Board, Listing | BoardError]] = []
        every = timedelta(hours=settings.watch_every_hours)
        for w in targets:
            if not w.active:
                continue
            board = _board_of(w)
            if board is None:
                results.append(Checked(w.company, None, "no_board", _no_board_line(w)))
                continue
            last = w.board.checked_at if w.board and w.board.spec == board.spec else None
            if last is not None and not force and now - last < every:
                results.append(
                    Checked(
                        w.company,
                        board.spec,
                        "skipped",
                        f"checked {_ago(last, now)}; the next request waits until "
                        f"{settings.watch_every_hours} hours have passed",
                    )
                )
                continue
            stored = w.board if w.board and w.board.spec == board.spec else None
            try:
                got: Listing | BoardError = self.fetch(
                    board,
                    config,
                    etag=stored.etag if stored else None,
                    last_modified=stored.last_modified if stored else None,
                )
            except BoardError as exc:
                got = exc
            fetched.append((w, board, got))
        if fetched:
            with u.tx() as s:
                for w, board, got in fetched:
                    results.append(self._record(s, w, board, got, settings, now))
        order = {w.key: i for i, w in enumerate(targets)}
        return sorted(results, key=lambda r: order.get(norm_company(r.company), 0))

    def _record(
        self,
        s: Session,
        w: Watched,
        board: Board,
        got: Listing | BoardError,
        settings: Settings,
        now: datetime,
    ) -> Checked:
        stored = w.board if w.board and w.board.spec == board.spec else None
        if stored is None:
            stored = repo_watch.put_board(
                s,
                company=w.company,
                company_key=w.key,
                vendor=board.vendor,
                token=board.token,
                origin=w.guess_from or MANUAL,
                application_id=w.application_id,
                now=now,
            )
        if isinstance(got, BoardError):
            gone = isinstance(got, BoardGone)
            repo_watch.record_check(s, stored.id, now, requests=1, error=got.message, gone=gone)
            kept = sum(1 for o in w.openings if o.open)
            keep = (
                f" Kept the {kept} opening{'s' if kept != 1 else ''} seen before." if kept else ""
            )
            return Checked(
                w.company, board.spec, "gone" if gone else "error", got.message + keep, requests=1
            )
        if got.not_modified:
            done = Checked(
                w.company,
                board.spec,
                "not_modified",
                "not modified since the last check",
                requests=got.requests,
            )
        else:
            done = self._apply(s, w, stored, got, settings, now)
        repo_watch.record_check(
            s,
            stored.id,
            now,
            requests=got.requests,
            etag=got.etag,
            last_modified=got.last_modified,
        )
        return done

    def _apply(
        self,
        s: Session,
        w: Watched,
        board: WatchBoard,
        got: Listing,
        settings: Settings,
        now: datetime,
    ) -> Checked:
        """New, still listed, gone and reposted openings; Today gets the new ones that fit."""
        before = repo_watch.openings(s, [board.id])
        by_id = {o.external_id: o for o in before}
        by_key: dict[str, Opening] = {}
        for o in sorted(before, key=lambda o: o.first_seen_at):
            by_key.setdefault(fit.repost_key(o.title, o.location), o)
        here, elsewhere = _roles(s, w.key)
        prefs = _prefs(settings)
        first = board.checked_at is None or (board.error is not None and not before)
        since = w.rejected_at or board.added_at - FIRST_LOOK
        new: list[Opening] = []
        notified: list[Opening] = []
        reposted = 0
        listed: set[str] = set()
        for p in got.postings:
            if p.external_id in listed:
                continue
            listed.add(p.external_id)
            f = fit.fit(p.title, p.location, p.remote, here=here, elsewhere=elsewhere, prefs=prefs)
            values = {
                "title": p.title[:300],
                "location": (p.location or None) and p.location[:300],
                "url": p.url,
                "department": (p.department or None) and p.department[:200],
                "remote": p.remote,
                "posted_at": p.posted_at,
                "fit": f.score,
                "fit_reason": f.explanation,
            }
            old = by_id.get(p.external_id)
            if old is not None:
                repo_watch.seen_again(s, old.id, now, **values)
                continue
            earlier = by_key.get(fit.repost_key(p.title, p.location))
            row = repo_watch.add_opening(
                s,
                board.id,
                now,
                external_id=p.external_id[:200],
                repost_of=earlier.id if earlier else None,
                **values,
            )
            if earlier is not None:
                reposted += 1
                continue
            new.append(row)
            fresh = not first or p.posted_at is None or p.posted_at >= since
            if f.score >= settings.watch_fit_threshold and fresh:
                self._notify(s, w, row, now)
                notified.append(row)
        gone = [o.id for o in before if o.open and o.external_id not in listed]
        repo_watch.mark_removed(s, gone, now)
        parts = [f"{len(listed)} listed", f"{len(new)} new"]
        if notified:
            parts.append(f"{len(notified)} that fit{'s' if len(notified) == 1 else ''} in Today")
        if gone:
            parts.append(f"{len(gone)} gone")
        if reposted:
            parts.append(f"{reposted} reposted")
        return Checked(
            w.company,
            board.spec,
            "ok",
            ", ".join(parts),
            new=tuple(new),
            notified=tuple(notified),
            removed=len(gone),
            reposted=reposted,
            requests=got.requests,
        )

    def _notify(self, s: Session, w: Watched, o: Opening, now: datetime) -> None:
        """Put a new opening that fits in Today, once: a revisit action of its own."""
        reason = opening_line(w.company, o, now) + " " + _earlier(s, w.application_id)
        if o.url:
            reason += f" Link: {o.url}"
        contact = _person(s, w.application_id)
        repo.upsert_action(
            s,
            key=f"watch-opening-{o.id}",
            kind=ActionKind.REVISIT,
            due=now,
            reason=reason.strip(),
            now=now,
            application_id=w.application_id,
            contact_id=contact[0] if contact else None,
        )
        repo_watch.mark_notified(s, o.id)

    # --- who is watched -----------------------------------------------------------------

    def _keys(self, s: Session) -> list[str]:
        """Companies on the revisit list (latest rejection first) and those added by hand."""
        keys: list[str] = []
        for c in _revisit_companies(s):
            if c[0] not in keys:
                keys.append(c[0])
        for b in repo_watch.boards(s):
            if b.company_key not in keys:
                keys.append(b.company_key)
        return keys

    def _watched(self, s: Session, key: str, settings: Settings) -> Watched:
        now = self.unit.now()
        board = repo_watch.board_for(s, key)
        entry = next((c for c in _revisit_companies(s) if c[0] == key), None)
        company = board.company if board else entry[1] if entry else key
        app_id = entry[2] if entry else board.application_id if board else None
        rejected = entry[3] if entry else None
        until = rejected + relativedelta(months=settings.watch_window_months) if rejected else None
        manual = board is not None and board.origin == MANUAL
        active = manual or (until is not None and now < until)
        guess = None
        if board is None or board.spec is None:
            g = self._guess(s, key)
            guess, guess_from = (g[0], g[1]) if g else (None, None)
        else:
            guess_from = None
        opened = tuple(repo_watch.openings(s, [board.id])) if board else ()
        return Watched(
            company=company,
            key=key,
            application_id=app_id,
            rejected_at=rejected,
            until=None if manual else until,
            active=active,
            board=board,
            guess=guess,
            guess_from=guess_from,
            openings=opened,
            threshold=settings.watch_fit_threshold,
        )

    def _guess(self, s: Session, key: str) -> tuple[Board, str] | None:
        """The board recognised from the company's application URLs, else its mail."""
        apps = [a for a in repo.applications(s) if norm_company(a.company) == key]
        for a in sorted(apps, key=lambda a: a.applied_at, reverse=True):
            for url in (a.careers_url, a.url):
                if url and (found := discover.board_from_url(url)) is not None:
                    return found, "url"
        for a in apps:
            for m in repo_mail.messages(s, application_id=a.id):
                found = discover.board_from_sender(m.from_addr) or (
                    discover.board_from_text(_mail_text(m.raw)) if m.raw else None
                )
                if found is not None:
                    return found, "mail"
        return None


# --- helpers ----------------------------------------------------------------------------


def _parse_board(text: str) -> Board:
    """'vendor:token' or a careers URL."""
    t = text.strip()
    if "://" in t or t.lower().startswith(
        ("www.", "boards.", "jobs.", "job-boards.", "apply.", "careers.")
    ):
        return discover.board_from_careers_url(t)
    if ":" not in t and "." in t:
        return discover.board_from_careers_url(t)
    return parse_board(t)


def _board_of(w: Watched) -> Board | None:
    if w.board is not None and w.board.vendor and w.board.token:
        return Board(w.board.vendor, w.board.token)
    return w.guess


def _revisit_companies(s: Session) -> list[tuple[str, str, int, datetime]]:
    """(key, company, application, rejected at) for each company on the revisit list, the
    latest rejection of each company, newest first."""
    out: dict[str, tuple[str, str, int, datetime]] = {}
    for c in bulk.revisit_candidates(s):
        door = doors.decide(
            c.answers, c.override, company=c.company, default_open=keepable(c.kind, c.stage)
        )
        if not door.revisit:
            continue
        key = norm_company(c.company)
        if key not in out or c.received_at > out[key][3]:
            out[key] = (key, c.company, c.application_id, c.received_at)
    return sorted(out.values(), key=lambda e: e[3], reverse=True)


def _latest_application(s: Session, key: str) -> int | None:
    apps = [a for a in repo.applications(s) if norm_company(a.company) == key]
    rejected = [a for a in apps if a.outcome is Outcome.REJECTED] or apps
    return max(rejected, key=lambda a: a.applied_at).id if rejected else None


def _company_name(s: Session, key: str, typed: str) -> str:
    for a in repo.applications(s):
        if norm_company(a.company) == key:
            return a.company
    return typed


def _pick(query: str, keys: Sequence[str], s: Session) -> str:
    """The watched company a user named: exactly, else the one company it starts."""
    q = norm_company(query)
    if q in keys:
        return q
    near = [k for k in keys if k.startswith(q) or q in k.split()]
    if len(near) == 1:
        return near[0]
    if not near:
        raise NotFound(f"No watched company matches '{query}'; see `ajar watch list`.")
    raise InvalidInput(
        f"'{query}' matches {len(near)} watched companies ({', '.join(near)}); be more exact."
    )


def _roles(s: Session, key: str) -> tuple[list[str], list[str]]:
    """The roles applied for at this company, and elsewhere."""
    here: list[str] = []
    elsewhere: list[str] = []
    for a in repo.applications(s):
        (here if norm_company(a.company) == key else elsewhere).append(a.role)
    return here, elsewhere


def _prefs(settings: Settings) -> fit.Preferences:
    places = tuple(p.strip().lower() for p in settings.watch_places.split(",") if p.strip())
    return fit.Preferences(places, settings.watch_remote)


def _person(s: Session, app_id: int | None) -> tuple[int, str, ContactRole] | None:
    """The person met there: the rejection's contact, else a recruiter, else anyone."""
    if app_id is None:
        return None
    people = repo.application_contacts(s, app_id)
    rejs = repo.rejections(s, app_id)
    by_id = {c.id: c for c in people}
    if rejs and rejs[-1].contact_id in by_id:
        c = by_id[rejs[-1].contact_id]
        return c.id, c.name, c.role
    for role in (ContactRole.RECRUITER, ContactRole.HIRING_MANAGER, ContactRole.INTERVIEWER):
        for c in people:
            if c.role is role:
                return c.id, c.name, c.role
    return (people[0].id, people[0].name, people[0].role) if people else None


def _earlier(s: Session, app_id: int | None) -> str:
    """'You reached the final round for Senior Data Engineer in October; Dana Li was your
    recruiter.'"""
    if app_id is None:
        return ""
    app = repo.get_application(s, app_id)
    rejs = repo.rejections(s, app_id)
    stage = rejs[-1].stage if rejs else app.stage
    at = rejs[-1].received_at if rejs else app.applied_at
    text = f"You reached the {stage.label} for {app.role} in {at:%B %Y}"
    person = _person(s, app_id)
    if person is not None:
        _, name, role = person
        what = role.value.replace("_", " ") if role is not ContactRole.OTHER else "contact"
        text += f"; {name} was your {what}"
    return text + "."


def _mail_text(raw: bytes) -> str:
    """The text parts of a stored message, for the links in it."""
    try:
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        parts = []
        for part in msg.walk():
            if part.get_content_maintype() == "text":
                parts.append(str(part.get_content()))
        return "\n".join(parts)
    except (LookupError, ValueError, TypeError):
        return raw.decode("utf-8", "replace")


def _no_board_line(w: Watched) -> str:
    return (
        f"no job board known for {w.company}; add it with "
        f'`ajar watch add "{w.company}" --board vendor:token` or a careers URL'
    )


def _ago(at: datetime, now: datetime) -> str:
    return posted_ago(at, now).replace("posted ", "")
