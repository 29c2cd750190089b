"""The mail service: scan sources, file what they say, and the review list.

A scan reads a source as a stream and lands in batches: each batch's messages, what
filing did with them and the source's position are committed together, so a crash or
a dropped connection keeps everything filed so far and the next scan resumes there.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from doorajar.core import rejections
from doorajar.core.unit import Unit
from doorajar.errors import InvalidInput, MailError, NotFound
from doorajar.mail import memory, sources
from doorajar.mail.ats import ats_name, is_freemail, is_job_board
from doorajar.mail.filing import (
    FILED,
    IGNORED,
    REVIEW,
    UNKNOWN_ROLE,
    Filed,
    file_message,
    file_outgoing,
    unfile,
)
from doorajar.mail.message import Classification, ParsedMessage
from doorajar.mail.parse import parse, synthetic_id
from doorajar.model import Category, RejectionKind, Stage
from doorajar.store import journal, repo, repo_mail

if TYPE_CHECKING:
    from doorajar.settings import Settings

BATCH = 500
# A batch also lands once the raw messages it holds reach this many bytes: 500 messages of
# 4 MB would otherwise sit in memory together.
BATCH_BYTES = 16 * 1024 * 1024


@dataclass
class ScanReport:
    """What one scan of one source did."""

    source: str
    read: int = 0
    new: int = 0
    filed: int = 0
    review: int = 0
    ignored: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    unchanged: bool = False
    error: str | None = None  # set when the source could not be read (fully)
    sent: int = 0  # the user's own messages (a Sent folder) logged as touches
    dry_run: bool = False
    # messages that could not be read at all: (where in the source, why); skipped, recorded
    quarantined: list[tuple[str, str]] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """True when the source could not be read at all."""
        return self.error is not None and self.read == 0


@dataclass(frozen=True)
class Scanned:
    """One message as the scan saw it: parsed, classified, and what filing did."""

    message: ParsedMessage
    classification: Classification
    status: str
    outcome: str


@dataclass(frozen=True)
class Fixed:
    """A message filed again as the user said, and what its first filing left that went."""

    id: int
    scanned: Scanned
    removed: tuple[str, ...]


@dataclass(frozen=True)
class ReviewItem:
    """A scanned message: held for the user's decision, or filed or set aside (`status`)."""

    id: int
    message_id: str
    date: datetime | None
    sender: str
    subject: str
    category: Category
    kind: RejectionKind | None
    company: str | None
    role: str | None
    confidence: float
    reasons: tuple[str, ...]
    why: str
    status: str = REVIEW
    application_id: int | None = None


@dataclass(frozen=True)
class StoredMail:
    """An email filed to an application, as the user may read it again."""

    id: int
    date: datetime | None
    sender: str
    subject: str
    category: Category
    text: str | None


class MailService:
    """Scanning and filing, and the review list."""

    def __init__(self, unit: Unit) -> None:
        self.unit = unit

    # --- scanning ---------------------------------------------------------------------

    def scan(
        self,
        spec: str | sources.Source,
        *,
        dry_run: bool = False,
        since: date | None = None,
        on_message: Callable[[Scanned], None] | None = None,
        on_progress: Callable[[int, int | None], None] | None = None,
        outgoing: bool = False,
    ) -> ScanReport:
        """Read one source and file what is new; never raises for a source it cannot read.
        `outgoing` reads a folder of mail the user sent: each message answering an
        application is logged there as a touch, and nothing else is read from it.

        `on_message` sees each new message once it is filed; `on_progress(done, total)`
        follows the reading (bytes of an mbox, messages elsewhere). Its batches are one
        entry of the history, so `ajar scan undo` takes the whole scan back."""
        with self.unit.grouped("scan"):
            return self._scan(spec, dry_run, since, on_message, on_progress, outgoing)

    def _scan(
        self,
        spec: str | sources.Source,
        dry_run: bool,
        since: date | None,
        on_message: Callable[[Scanned], None] | None,
        on_progress: Callable[[int, int | None], None] | None,
        outgoing: bool = False,
    ) -> ScanReport:
        # lazy: the mail stack, loaded by the commands that read mail
        from doorajar.mail.classify import classify

        report = ScanReport(spec if isinstance(spec, str) else spec.uri, dry_run=dry_run)
        try:
            source = sources.open_source(spec, since_date=since) if isinstance(spec, str) else spec
        except MailError as exc:
            report.error = exc.message
            return report
        report.source = source.uri
        with self.unit.tx() as s:
            settings = repo.load_settings(s)
            row = repo_mail.source(s, source.uri)
            progress = _progress(row) if row is not None else sources.Progress()
            source_id = row.id if row is not None else None
            known: frozenset[str] = frozenset()
            if row is not None and source.kind in ("maildir", "folder", "emlx"):
                known = repo_mail.source_keys(s, row.id)
            companies = sorted({a.company for a in repo.applications(s)})
            taught = memory.Memory.load(s)
        try:
            if row is not None and since is None and source.unchanged(progress):
                report.unchanged = True
                return report
        except MailError as exc:
            report.error = exc.message
            return report
        seen_now: set[str] = set()
        batch: list[tuple[sources.Item, ParsedMessage, Classification]] = []
        held = 0  # bytes of raw mail in the batch
        last = sources.Progress()
        try:
            for item, mark in source.read(progress, known):
                last = sources.merge_progress(last, mark)
                if on_progress is not None:
                    on_progress(item.done, item.total)
                if item.skipped is not None:  # passed over unread, on its headers
                    report.skipped[item.skipped] += 1
                    continue
                report.read += 1
                if item.truncated:
                    report.skipped["larger than the size limit (only the start was read)"] += 1
                try:
                    msg = parse(item.raw)
                except Exception as exc:  # one bad message must never stop the scan
                    msg = _quarantine(item, exc, report)
                    if msg.message_id not in seen_now:
                        seen_now.add(msg.message_id)
                        batch.append((item, msg, _QUARANTINED))
                    continue
                if not msg.from_addr and not msg.subject and not msg.text.strip():
                    report.skipped["not an email (no sender, subject or text)"] += 1
                    continue
                if not sources.since_ok(msg.date, since):
                    report.skipped["older than --since"] += 1
                    continue
                if msg.message_id in seen_now:
                    report.skipped["duplicate Message-ID"] += 1
                    continue
                seen_now.add(msg.message_id)
                labels = gmail_labels(msg)
                aside = label_aside(labels)
                if aside is not None:
                    report.skipped[aside] += 1
                    continue
                if outgoing or own_mail(labels):
                    batch.append((item, msg, _OUTGOING))
                    continue
                try:
                    c = classify(msg, known_companies=companies)
                except Exception as exc:  # as above: recorded and skipped, the scan goes on
                    batch.append((item, _quarantine(item, exc, report), _QUARANTINED))
                    continue
                c = _fit(taught.adapt(c, msg, settings))
                batch.append((item, msg, c))
                held += len(item.raw)
                if len(batch) >= BATCH or held >= BATCH_BYTES:
                    if getattr(source, "seal", None) is not None and not dry_run:
                        last = source.seal(last)  # type: ignore[attr-defined]
                    source_id = self._land(
                        batch, source, source_id, last, settings, report, dry_run, since, on_message
                    )
                    batch, held = [], 0
                    companies = self._companies(companies)
        except MailError as exc:
            report.error = exc.message
        seal = getattr(source, "seal", None)
        if seal is not None and not dry_run:
            last = seal(last)
        source_id = self._land(
            batch, source, source_id, last, settings, report, dry_run, since, on_message
        )
        if report.error is None and not dry_run and since is None and source_id is not None:
            final = getattr(source, "final_progress", None)
            if final is not None:
                self._save_progress(source_id, sources.merge_progress(last, final()))
        if not dry_run:
            with self.unit.tx() as s:
                rejections.sweep_silence(self.unit, s)
        return report

    def _companies(self, current: list[str]) -> list[str]:
        with self.unit.tx() as s:
            return sorted({a.company for a in repo.applications(s)}) or current

    def _save_progress(self, source_id: int, p: sources.Progress) -> None:
        with self.unit.tx() as s:
            _store_progress(s, source_id, p, self.unit.now())

    def _land(
        self,
        batch: list[tuple[sources.Item, ParsedMessage, Classification]],
        source: sources.Source,
        source_id: int | None,
        progress: sources.Progress,
        settings: Settings,
        report: ScanReport,
        dry_run: bool,
        since: date | None,
        on_message: Callable[[Scanned], None] | None,
    ) -> int | None:
        """File one batch and move the source's marker, in one transaction; the source is
        remembered with its first batch, so a scan that reads nothing leaves no trace.
        Returns the source's id."""
        if dry_run:
            with self.unit.tx() as s:
                old = repo_mail.known_ids(s, [m.message_id for _, m, _ in batch])
            for _, msg, c in batch:
                if msg.message_id in old:
                    report.skipped["seen in an earlier scan"] += 1
                    continue
                if c is _QUARANTINED or c is _OUTGOING:
                    continue
                status, why = _dry_status(c, settings)
                report.new += 1
                _count(report, status)
                if on_message:
                    on_message(Scanned(msg, c, status, why))
            return source_id
        done: list[Scanned] = []
        with self.unit.tx() as s:
            if source_id is None and (batch or progress.last_uid is not None):
                source_id = repo_mail.add_source(s, source.uri, source.kind, self.unit.now())
            old = repo_mail.known_ids(s, [m.message_id for _, m, _ in batch])
            apps = repo.applications(s)
            rows: list[dict[str, Any]] = []
            now = self.unit.now()
            for item, msg, c in batch:
                if msg.message_id in old:
                    report.skipped["seen in an earlier scan"] += 1
                    continue
                if c is _QUARANTINED:
                    why = c.reasons[0]
                    rows.append(
                        _message_row(
                            msg, c, Filed(QUARANTINED, None, why), source_id, item.key, None, now
                        )
                    )
                    continue
                if c is _OUTGOING:
                    filed = file_outgoing(self.unit, s, apps, msg)
                    report.sent += filed.application_id is not None
                    rows.append(_message_row(msg, c, filed, source_id, item.key, None, now))
                    continue
                try:
                    with s.begin_nested():  # a message filing chokes on is set aside alone
                        filed = file_message(self.unit, s, apps, msg, c, settings)
                except Exception as exc:  # one bad message must never stop the scan
                    _quarantine(item, exc, report)
                    why = report.quarantined[-1][1]
                    rows.append(
                        _message_row(
                            msg,
                            _QUARANTINED,
                            Filed(QUARANTINED, None, why),
                            source_id,
                            item.key,
                            None,
                            now,
                        )
                    )
                    apps = repo.applications(s)  # what the savepoint took back
                    continue
                report.new += 1
                _count(report, filed.status)
                keep = settings.keep_raw_mail and c.category is not Category.OTHER
                rows.append(
                    _message_row(
                        msg, c, filed, source_id, item.key, item.raw if keep else None, now
                    )
                )
                done.append(Scanned(msg, c, filed.status, filed.outcome))
            if rows:
                repo_mail.add_messages(s, rows)
            if source_id is not None and since is None:
                _store_progress(s, source_id, progress, now)
        if on_message:
            for sc in done:
                on_message(sc)
        return source_id

    # --- review -----------------------------------------------------------------------

    def review_items(self, *, recent: int | None = 10) -> list[ReviewItem]:
        """The messages waiting for the user's decision, oldest first, then the messages
        filed or set aside, newest first: the `recent` latest (None: all of them)."""
        with self.unit.tx() as s:
            held = repo_mail.messages(s, status=REVIEW) + repo_mail.messages(s, status=QUARANTINED)
            out = [_review_item(r) for r in sorted(held, key=_by_date)]
            if recent != 0:
                statuses = (FILED,) if recent is not None else (FILED, IGNORED)
                out += [
                    _review_item(r)
                    for r in repo_mail.recent_messages(s, statuses=statuses, limit=recent)
                ]
            return out

    def confirm(self, item_id: int) -> Scanned:
        """File a review item as doorajar read it."""
        with self.unit.tx() as s:
            row = repo_mail.message(s, item_id)
            if row is None or row.status not in (REVIEW, QUARANTINED):
                raise NotFound(f"No review item #{item_id}; `ajar review` lists them.")
            msg, c = _from_row(row)
            if c.category is Category.OTHER:
                raise InvalidInput(
                    f"#{item_id} reads as not job-related; use `ajar review fix {item_id} "
                    "--category ...` to say what it is."
                )
            settings = repo.load_settings(s)
            filed = file_message(self.unit, s, repo.applications(s), msg, c, settings, force=True)
            if filed.status == REVIEW:
                raise InvalidInput(f"#{item_id} still cannot be filed: {filed.outcome}.")
            _record_filing(s, item_id, c, filed, keep_raw=True)
            journal.describe(s, summary=f"filed message #{item_id} as read")
            return Scanned(msg, c, filed.status, filed.outcome)

    def fix(
        self,
        item_id: int,
        *,
        not_job: bool = False,
        category: Category | None = None,
        company: str | None = None,
        kind: RejectionKind | None = None,
        stage: Stage | None = None,
        role: str | None = None,
        whole_domain: bool = False,
    ) -> Fixed:
        """Say what a scanned message really is, held or filed: what filing it did is taken
        back and it is filed again as if it had been read right the first time (to the
        right application or to none, with its outcome, stage and kind, and the plan made
        again). "Not job mail" removes what it created and sets it aside for good. The
        correction is remembered for its sender (or, with `whole_domain`, every address at
        its domain) and as an example of its template. One entry of the history."""
        with self.unit.tx() as s:
            row = repo_mail.message(s, item_id)
            if row is None:
                raise NotFound(f"No message #{item_id}; `ajar review --all` lists them.")
            others = category not in (None, Category.OTHER) or kind or stage or company or role
            if not_job and others:
                raise InvalidInput("--not-job says it is no job mail at all; give it alone.")
            if category is Category.OTHER:
                not_job = True
            if not (not_job or others):
                raise InvalidInput(
                    "Say what is wrong: --not-job, --category, --company, --role, --kind or "
                    "--stage."
                )
            if kind is not None and category not in (None, Category.REJECTION):
                raise InvalidInput("--kind is for a rejection: form or personal.")
            msg, was = _from_row(row)
            c = _corrected(was, not_job, category, company, kind, stage, role)
            sender = _scope(row.from_addr, whole_domain)
            settings = repo.load_settings(s)
            removed = unfile(self.unit, s, row, settings, keep_people=not not_job)
            filed = file_message(
                self.unit,
                s,
                repo.applications(s),
                msg,
                c,
                settings,
                force=True,
                by_thread=company is None,
            )
            if filed.status == REVIEW:
                raise InvalidInput(f"#{item_id} cannot be filed so: {filed.outcome}.")
            if role and filed.application_id is not None:
                app = repo.get_application(s, filed.application_id)
                if app.role == UNKNOWN_ROLE:
                    repo.update_application(s, app.id, self.unit.now(), role=role)
            if filed.contact_id is None and not not_job and row.created_contact_id:
                filed = replace(filed, contact_id=row.created_contact_id)  # still theirs
            _record_filing(s, item_id, c, filed, keep_raw=not not_job)
            if not filed.created and row.created_application_id not in (
                None,
                filed.application_id,
            ):
                repo_mail.update_message(s, item_id, created_application_id=None)
            names = [n for n in (row.contact_name, was.contact_name) if n]
            memory.remember(
                s, msg, c, sender=sender, company=company, names=names, now=self.unit.now()
            )
            what = "not job mail" if not_job else _describe(c)
            journal.describe(s, summary=f"fixed message #{item_id}: {what}")
            return Fixed(item_id, Scanned(msg, c, filed.status, filed.outcome), tuple(removed))

    def messages(self, app_id: int) -> list[StoredMail]:
        """The emails filed to an application, oldest first, with their text when the raw
        message was kept (for the web UI; the text is plain, never markup)."""
        # lazy: the mail stack, loaded by the commands that read mail
        from doorajar.mail.parse import parse

        with self.unit.tx() as s:
            out = []
            for r in repo_mail.messages(s, application_id=app_id):
                text = parse(r.raw).text if r.raw else None
                sender = f"{r.from_name} <{r.from_addr}>" if r.from_name else r.from_addr
                out.append(StoredMail(r.id, r.date, sender, r.subject, Category(r.category), text))
            return out

    def expand(self, spec: str) -> list[str | sources.Source]:
        """The sources one SOURCE argument stands for: a Thunderbird profile, Apple Mail's
        library or a Maildir++ becomes one per folder; anything else itself (a path that
        cannot be listed is left for the scan to report)."""
        try:
            return sources.expand(spec)
        except MailError:
            return [spec]

    def sources(self) -> list[tuple[str, datetime | None]]:
        """Every source scanned before, with when."""
        with self.unit.tx() as s:
            return [(r.uri, r.last_scanned) for r in repo_mail.sources(s)]


# --- helpers -----------------------------------------------------------------------------

QUARANTINED = "quarantined"
# what a message that could not be read is recorded as: nothing about a job, confidence 0
_QUARANTINED = Classification(category=Category.OTHER, confidence=0.0, reasons=("unreadable",))
# what a message the user sent is recorded as: not classified, only logged as a touch
_OUTGOING = Classification(category=Category.OTHER, confidence=1.0, reasons=("sent by you",))


# Gmail Takeout marks each message with its labels: these are not mail to read
_GMAIL_ASIDE = frozenset({"spam", "trash", "chat", "chats", "draft", "drafts"})


def gmail_labels(msg: ParsedMessage) -> frozenset[str]:
    """The Gmail labels of a message from a Takeout mbox (X-Gmail-Labels), lower-case."""
    raw = msg.headers.get("x-gmail-labels", "")
    return frozenset(x.strip().strip('"').lower() for x in raw.split(",") if x.strip())


def label_aside(labels: frozenset[str]) -> str | None:
    """Why mail with these Gmail labels (a Takeout's X-Gmail-Labels, or X-GM-LABELS over
    IMAP) is not read: spam, trash, chat and drafts; None for mail to read."""
    if labels & _GMAIL_ASIDE:
        return "labelled spam, trash, chat or draft in Gmail"
    return None


def own_mail(labels: frozenset[str]) -> bool:
    """True for mail Gmail labels Sent and not Inbox: the user's own message."""
    return "sent" in labels and "inbox" not in labels


def _quarantine(item: sources.Item, exc: Exception, report: ScanReport) -> ParsedMessage:
    """Note a message the parser or classifier could not take, and stand in for it."""
    why = f"could not be read ({type(exc).__name__}: {str(exc)[:200]})"
    report.quarantined.append((item.key, why))
    return ParsedMessage(
        message_id=synthetic_id(item.raw),
        subject="(could not be read)",
        from_name="",
        from_addr="",
        date=None,
    )


def _fit(c: Classification) -> Classification:
    """What mail says, cut to the columns it is filed in: a company, role or name read
    from hostile mail may be longer than any real one, and must not stop the scan."""

    def cut(value: str | None, limit: int) -> str | None:
        return value[:limit].rstrip() if value is not None and len(value) > limit else value

    company = cut(c.company, repo.COMPANY_LENGTH)
    role = cut(c.role, repo.ROLE_LENGTH)
    name = cut(c.contact_name, repo.NAME_LENGTH)
    if (company, role, name) == (c.company, c.role, c.contact_name):
        return c
    return replace(c, company=company, role=role, contact_name=name)


def _by_date(r: repo_mail.StoredMessage) -> tuple[datetime, int]:
    return (r.date or datetime.min.replace(tzinfo=UTC), r.id)


def _count(report: ScanReport, status: str) -> None:
    if status == FILED:
        report.filed += 1
    elif status == REVIEW:
        report.review += 1
    else:
        report.ignored += 1


def _dry_status(c: Classification, settings: Settings) -> tuple[str, str]:
    if c.category is Category.OTHER:
        return IGNORED, "not about a job application"
    if c.confidence * 100 < settings.review_threshold:
        return REVIEW, "below the review threshold"
    return FILED, "would be filed"


def _progress(row: repo_mail.SourceState) -> sources.Progress:
    return sources.Progress(
        uidvalidity=row.uidvalidity,
        last_uid=row.last_uid,
        mbox_size=row.mbox_size,
        mbox_offset=row.mbox_offset,
        mbox_mtime=row.mbox_mtime,
        fingerprint=row.fingerprint,
        highestmodseq=row.highestmodseq,
    )


def _store_progress(s: Session, source_id: int, p: sources.Progress, now: datetime) -> None:
    repo_mail.store_progress(
        s,
        source_id,
        now,
        uidvalidity=p.uidvalidity,
        last_uid=p.last_uid,
        mbox_size=p.mbox_size,
        mbox_offset=p.mbox_offset,
        mbox_mtime=p.mbox_mtime,
        fingerprint=p.fingerprint,
        highestmodseq=p.highestmodseq,
    )


def _message_row(
    msg: ParsedMessage,
    c: Classification,
    filed: Filed,
    source_id: int | None,
    key: str,
    raw: bytes | None,
    now: datetime,
) -> dict[str, Any]:
    return {
        "message_id": msg.message_id[:998],
        "source_id": source_id,
        "source_key": key[:500],
        "date": msg.date,
        "from_addr": msg.from_addr[:320],
        "from_name": msg.from_name[:300],
        "subject": msg.subject,
        "category": c.category.value,
        "kind": c.kind.value if c.kind and c.is_rejection else None,
        "stage": c.stage.value if c.stage else None,
        "company": c.company,
        "role": c.role,
        "contact_name": c.contact_name,
        "feedback": c.feedback,
        "confidence": float(c.confidence),
        "reasons": list(c.reasons),
        "application_id": filed.application_id,
        "status": filed.status,
        "outcome": filed.outcome,
        "raw": raw,
        "scanned_at": now,
        "created_application_id": filed.application_id if filed.created else None,
        "created_contact_id": filed.contact_id,
    }


def _from_row(row: repo_mail.StoredMessage) -> tuple[ParsedMessage, Classification]:
    if row.raw is not None:
        msg = parse(row.raw)
    else:
        msg = ParsedMessage(
            message_id=row.message_id,
            subject=row.subject,
            from_name=row.from_name,
            from_addr=row.from_addr,
            date=row.date,
        )
    c = Classification(
        category=Category(row.category),
        kind=RejectionKind(row.kind) if row.kind else None,
        stage=Stage(row.stage) if row.stage else None,
        company=row.company,
        role=row.role,
        contact_name=row.contact_name,
        feedback=row.feedback,
        confidence=row.confidence,
        reasons=tuple(row.reasons or ()),
    )
    return msg, c


def _review_item(r: repo_mail.StoredMessage) -> ReviewItem:
    sender = f"{r.from_name} <{r.from_addr}>" if r.from_name else r.from_addr
    return ReviewItem(
        id=r.id,
        message_id=r.message_id,
        date=r.date,
        sender=sender,
        subject=r.subject,
        category=Category(r.category),
        kind=RejectionKind(r.kind) if r.kind else None,
        company=r.company,
        role=r.role,
        confidence=r.confidence,
        reasons=tuple(r.reasons or ()),
        why=r.outcome or "",
        status=r.status,
        application_id=r.application_id,
    )


def _corrected(
    was: Classification,
    not_job: bool,
    category: Category | None,
    company: str | None,
    kind: RejectionKind | None,
    stage: Stage | None,
    role: str | None,
) -> Classification:
    """The classification as the user says it is; what they did not name stays as read,
    but a new category starts with its own kind and stage."""
    why = (*[r for r in was.reasons if r != "corrected by you"], "corrected by you")
    if not_job:
        return Classification(category=Category.OTHER, confidence=1.0, reasons=why)
    if kind is not None and category is None:
        category = Category.REJECTION
    new = category or was.category
    if new is Category.OTHER:
        raise InvalidInput("Say what it is with --category (it was read as no job mail).")
    same = new is was.category
    feedback = was.feedback if same or new is Category.REJECTION else None
    if new is not Category.REJECTION:
        kind = None
    elif kind is None and same:
        kind = was.kind
    return replace(
        was,
        category=new,
        kind=kind,
        stage=stage or (was.stage if same else None),
        company=(company.strip() if company else None) or was.company,
        role=(role.strip() if role else None) or was.role,
        feedback=feedback,
        confidence=1.0,
        reasons=why,
    )


def _scope(sender: str, whole_domain: bool) -> str:
    """What a correction is remembered for: the address, or every address at its domain."""
    if not whole_domain or "@" not in sender:
        return sender
    domain = sender.rsplit("@", 1)[1]
    if ats_name(domain) or is_job_board(domain) or is_freemail(domain):
        raise InvalidInput(
            f"{domain} sends mail for many companies; the correction can only "
            "be remembered for this one address (drop --domain)."
        )
    return "@" + domain


def _describe(c: Classification) -> str:
    what = c.category.value + (f" ({c.kind.value})" if c.kind and c.is_rejection else "")
    return " · ".join(x for x in (what, c.company, c.role) if x)


def _record_filing(
    s: Session, item_id: int, c: Classification, filed: Filed, *, keep_raw: bool
) -> None:
    """Store what the message is now read as and what filing did; a message set aside as
    no job mail keeps no copy of itself, as if it had been read so at the scan."""
    other = c.category is Category.OTHER
    values: dict[str, Any] = {
        "status": filed.status,
        "outcome": filed.outcome,
        "application_id": filed.application_id,
        "category": c.category.value,
        "kind": c.kind.value if c.kind and c.is_rejection else None,
        "stage": None if other else (c.stage.value if c.stage else None),
        "company": None if other else c.company,
        "role": None if other else c.role,
        "feedback": None if other else c.feedback,
        "confidence": c.confidence,
        "reasons": list(c.reasons),
    }
    if filed.contact_id is not None:
        values["created_contact_id"] = filed.contact_id
    if filed.created:
        values["created_application_id"] = filed.application_id
    if not keep_raw:
        values["raw"] = None
    repo_mail.update_message(s, item_id, **values)


def json_line(sc: Scanned) -> str:
    """The `ajar scan --json` line for a scanned message. A message held for review keeps
    the classifier's best answer, with `"held": true`."""
    doc = sc.classification.to_json(sc.message)
    if sc.status == REVIEW:
        doc["held"] = True
    return json.dumps(doc, ensure_ascii=False)
