"""The drafts feature: compose, save, check, hold, hand to mail, log it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from doorajar.core import actions, applications, touches
from doorajar.core.matching import norm_company
from doorajar.core.unit import Unit
from doorajar.drafts import outbox, smtp, tone
from doorajar.drafts.compose import (
    Request,
    compose,
    default_kind,
    known_words,
    parse_edited,
    parse_kind,
    with_text,
)
from doorajar.drafts.templates import Templates
from doorajar.errors import Conflict, InvalidInput
from doorajar.model import (
    KINDS,
    ActionKind,
    ActionStatus,
    ApplicationDetail,
    Channel,
    Direction,
    Draft,
    NoteKind,
    looks_like_email,
)
from doorajar.settings import Settings, spec
from doorajar.store import repo, repo_drafts, repo_watch

# The ways a draft can leave; each one counts as sent for the plan.
VIAS = ("eml", "drafts", "smtp", "mailto", "copy")
# the user sent the draft themselves (from the .eml in their mail program, or pasted it
# elsewhere): nothing is handed over, it is only logged as sent
BY_HAND = "sent"
_SHOWN_HEADERS = ("From", "To", "Subject", "In-Reply-To")
_FOLLOW_UPS = {"feedback_follow_up": ActionKind.FEEDBACK_FOLLOW_UP, "check_in": ActionKind.CHECK_IN}


@dataclass(frozen=True)
class Prepared:
    """A saved draft with its tone findings and whether it may leave."""

    id: int
    application_id: int
    draft: Draft
    findings: tuple[tone.Finding, ...]
    edited: bool = False
    held_until: datetime | None = None

    @property
    def ready(self) -> bool:
        """Nothing missing, no placeholder, no blocking tone finding."""
        return not self.draft.missing and not tone.errors(self.findings)

    def to_json(self) -> dict[str, Any]:
        """The `ajar draft --json` shape (DESIGN.md/issue), exactly."""
        return {
            "kind": self.draft.kind,
            "to": self.draft.to,
            "subject": self.draft.subject,
            "body": self.draft.body,
            "ready": self.ready,
            "missing": list(self.draft.missing),
            "findings": [f.to_json() for f in self.findings],
        }


@dataclass(frozen=True)
class Sent:
    """How a draft left, and what was logged."""

    draft: Prepared
    via: str
    where: str
    message_id: str | None = None


# what a saved draft may lack only because it was not known yet (see `_filled_in`)
REFILLABLE = frozenset({"your name", "recipient name", "recipient email"})

# ways of handing a draft over where the user picks the recipient themselves
NO_RECIPIENT_NEEDED = frozenset({"copy", "mailto", BY_HAND})


class DraftService:
    """Drafts for the applications."""

    def __init__(self, unit: Unit) -> None:
        self.unit = unit

    def _show(self, query: str) -> ApplicationDetail:
        with self.unit.tx() as s:
            return applications.detail(s, applications.resolve(s, query).id)

    # --- templates and checking ---------------------------------------------------------

    def templates(self) -> Templates:
        """Packaged templates under the user's overrides in `<home>/templates`."""
        loc = self.unit.location
        return Templates(loc.home / "templates" if loc is not None else None)

    def check(self, text: str, *, kind: str | None = None, lang: str | None = None) -> tone.Report:
        """The tone guard on any text (for `ajar check`); without a kind, the kind is
        worked out from the text and its rules only advise."""
        if not text.strip():
            raise InvalidInput("Nothing to check: the text is empty.")
        languages = spec("language").choices
        if lang is not None and lang not in languages:
            raise InvalidInput(f"Unknown language '{lang}'; use one of: {', '.join(languages)}.")
        settings = self.unit.settings()
        guessed = kind is None
        kind = tone.guess_kind(text) if kind is None else parse_kind(kind)
        ctx = tone.Context(
            kind=kind,
            lang=lang or settings.language,
            char_limit=settings.linkedin_note_limit,
            guessed=guessed,
        )
        return tone.Report(tuple(tone.check(text, ctx)), kind, guessed)

    def check_draft(self, draft_id: int, text: str) -> tone.Report:
        """The tone guard on text typed into a saved draft's editor, judged as that draft
        is: its kind, its language, the names in its record, the follow-ups already sent."""
        t = self.unit
        settings = t.settings()
        with t.tx() as s:
            row = repo_drafts.get(s, draft_id)
        detail = self._show(str(row.application_id))
        draft = repo_drafts.to_draft(row)
        if not text.strip():
            return tone.Report((), draft.kind, False)
        ctx = self._context(draft, detail, settings)
        return tone.Report(tuple(tone.check(text, ctx)), draft.kind, False)

    def _context(self, draft: Draft, detail: ApplicationDetail, settings: Settings) -> tone.Context:
        prior = 0
        if draft.kind in _FOLLOW_UPS:
            want = _FOLLOW_UPS[draft.kind]
            prior = sum(
                1 for t in detail.touches if t.direction is Direction.OUT and t.action_kind is want
            )
        return tone.Context(
            kind=draft.kind,
            lang=draft.lang,
            known_words=known_words(detail, settings),
            char_limit=settings.linkedin_note_limit,
            prior_follow_ups=prior,
        )

    def _prepared(self, row: Any, detail: ApplicationDetail, settings: Settings) -> Prepared:
        base = repo_drafts.to_draft(row)
        draft = with_text(base, row.subject, row.body)
        findings = tone.check(draft.body, self._context(draft, detail, settings))
        placeholder = [r for r in tone.rules() if r.id == "placeholder"]
        subject_ph = tone.check(draft.subject, tone.Context(spelling=False), only=placeholder)
        if subject_ph and "placeholder in the subject" not in draft.missing:
            draft = replace(draft, missing=(*draft.missing, "placeholder in the subject"))
        return Prepared(
            id=row.id,
            application_id=row.application_id,
            draft=draft,
            findings=tuple(findings),
            edited=row.edited,
            held_until=row.held_until,
        )

    # --- composing ----------------------------------------------------------------------

    def prepare(self, query: str, request: Request, *, fresh: bool = False) -> Prepared:
        """The draft for an application: the saved one (keeping edits) or a new one."""
        t = self.unit
        if request.to is not None and not looks_like_email(request.to.strip()):
            raise InvalidInput(f"'{request.to}' is not a valid email address; nothing was saved.")
        detail = self._show(query)
        settings = t.settings()
        app_id = detail.application.id
        kind = parse_kind(request.kind) if request.kind else default_kind(detail, settings)[0]
        new_words = any(
            v is not None
            for v in (request.appreciation, request.detail, request.variant, request.lang)
        )
        with t.tx() as s:
            saved = repo_drafts.unsent(s, app_id, kind)
            if kind == "revisit" and request.detail is None:
                # the new role the job-board watch found is the note's subject
                newest = repo_watch.newest_fit(
                    s, norm_company(detail.application.company), settings.watch_fit_threshold
                )
                if newest is not None and (saved is None or saved.detail != newest.title):
                    request = replace(request, detail=newest.title)
                    new_words = True
            if saved is not None and not fresh and not new_words:
                if request.to:
                    saved = repo_drafts.update(
                        s, saved.id, t.now(), to_addr=request.to.strip(), to_name=None
                    )
                elif not saved.edited:
                    fresher = self._filled_in(saved, detail, settings, kind)
                    if fresher is not None:
                        saved = repo_drafts.save(s, app_id, fresher, t.now())
                return self._prepared(saved, detail, settings)
            draft = compose(detail, settings, replace(request, kind=kind), self.templates())
            row = repo_drafts.save(s, app_id, draft, t.now())
            return self._prepared(row, detail, settings)

    def _filled_in(
        self, row: Any, detail: ApplicationDetail, settings: Settings, kind: str
    ) -> Draft | None:
        """The saved draft written again, when it lacked your name or the recipient and
        that is known now; None when nothing it lacked has become known. The caller only
        asks for drafts the user has not edited, and the user's own words are kept."""
        old = with_text(repo_drafts.to_draft(row), row.subject, row.body)
        lacking = REFILLABLE & set(old.missing)
        if not lacking:
            return None
        again = Request(
            kind=kind,
            variant=row.variant,
            lang=row.lang,
            appreciation=row.appreciation,
            detail=row.detail,
        )
        new = compose(detail, settings, again, self.templates())
        if old.to_addr and not new.to_addr:
            new = with_text(
                replace(new, to_addr=old.to_addr, to_name=old.to_name), new.subject, new.body
            )
        if not lacking - set(new.missing):
            return None
        return new

    def get(self, draft_id: int) -> Prepared:
        """A saved draft by its number, checked (for the web UI's editor)."""
        t = self.unit
        settings = t.settings()
        with t.tx() as s:
            row = repo_drafts.get(s, draft_id)
        return self._prepared(row, self._show(str(row.application_id)), settings)

    def edit(self, draft_id: int, text: str) -> Prepared:
        """Keep the user's edited text ('Subject: ...' first line, then the body)."""
        t = self.unit
        subject, body = parse_edited(text)
        if not body.strip():
            raise InvalidInput("The edited draft is empty; the previous text was kept.")
        settings = t.settings()
        with t.tx() as s:
            row = repo_drafts.get(s, draft_id)
            if row.sent_at is not None:
                raise Conflict(f"Draft #{draft_id} was already sent.")
            row = repo_drafts.update(s, draft_id, t.now(), subject=subject, body=body, edited=True)
        return self._prepared(row, self._show(str(row.application_id)), settings)

    # --- cool-off -----------------------------------------------------------------------

    def held_until(self, prepared: Prepared, *, upset: bool = False) -> datetime | None:
        """Until when sending waits: an hour after the rejection, after you felt upset, or
        from now when the text reads as written in anger."""
        t = self.unit
        now = t.now()
        settings = t.settings()
        cool = timedelta(minutes=settings.cool_off_minutes)
        candidates = []
        detail = self._show(str(prepared.application_id))
        rej = detail.rejection
        if rej is not None and rej.received_at + cool > now:
            candidates.append(rej.received_at + cool)
        if prepared.held_until is not None and prepared.held_until > now:
            candidates.append(prepared.held_until)
        if upset or (tone.emotional(prepared.findings) and prepared.held_until is None):
            candidates.append(now + cool)
        return max(candidates) if candidates else None

    def hold(self, prepared: Prepared, until: datetime) -> None:
        """Hold the draft until a moment and keep its text as a private note meanwhile."""
        t = self.unit
        with t.tx() as s:
            repo_drafts.update(s, prepared.id, t.now(), held_until=until)
            body = prepared.draft.text.strip()
            known = repo.notes(s, app_id=prepared.application_id, kind=NoteKind.HELD)
            if not any(n.body == body for n in known):
                repo.add_note(
                    s,
                    body=body,
                    now=t.now(),
                    kind=NoteKind.HELD,
                    application_id=prepared.application_id,
                )

    def keep_as_journal(self, prepared: Prepared) -> None:
        """Keep the text as a private journal entry instead of sending it."""
        u = self.unit
        with u.tx() as s:
            app = repo.get_application(s, prepared.application_id)
            applications.add_note(u, s, app, prepared.draft.body, kind=NoteKind.JOURNAL)

    # --- handing to mail ----------------------------------------------------------------

    def refusal(
        self, prepared: Prepared, *, web: bool = False, via: str | None = None
    ) -> str | None:
        """Why this draft may not leave yet, or None; `web` words the remedy for the page.

        A copy to the clipboard and a mailto: link need no recipient address: the user
        pastes it where they like, or fills in the To field of their mail program."""
        d = prepared.draft
        missing = d.missing
        if via in NO_RECIPIENT_NEEDED:
            missing = tuple(m for m in missing if m != "recipient email")
        if missing:
            if missing == ("recipient email",):
                where = "in the To field" if web else "with --to ADDRESS"
                return (
                    f"This draft has no recipient address; give one {where} or add the "
                    "contact's email."
                )
            how = (
                "in the fields beside the draft"
                if web
                else "with --appreciation, --detail, --to or --edit"
            )
            return (
                f"The draft is not ready: still missing {', '.join(missing)}. Fill it in "
                f"{how} and try again."
            )
        errs = tone.errors(prepared.findings)
        if errs:
            rules = ", ".join(dict.fromkeys(f.rule for f in errs))
            return (
                f"The tone check found problems that block sending ({rules}); edit the draft first."
            )
        return None

    def ways(self) -> tuple[str, ...]:
        """The ways a draft can be handed over here: a file, a mailto: link and a copy
        always; the Drafts folder and sending only once their server is set."""
        settings = self.unit.settings()
        configured = {
            "drafts": bool(settings.imap_url.strip()),
            "smtp": bool(settings.smtp_host.strip()),
        }
        return tuple(v for v in VIAS if configured.get(v, True))

    def mailto_link(self, prepared: Prepared) -> str:
        """The draft as a `mailto:` link, without logging it as sent."""
        return outbox.mailto(prepared.draft)

    def message(self, prepared: Prepared) -> Any:
        """The draft as an email message (From from the settings)."""
        settings = self.unit.settings()
        return outbox.build_message(
            prepared.draft,
            sender=settings.user_email.strip(),
            sender_name=settings.user_name.strip(),
            now=self.unit.now(),
        )

    def outgoing_headers(self, prepared: Prepared) -> list[tuple[str, str]]:
        """The headers the message goes out with, decoded as a mail program shows them (the
        confirmation shows these, not the draft's fields); a header that would be refused
        is refused here, in one line."""
        msg = self.message(prepared)
        return [(h, str(msg[h])) for h in _SHOWN_HEADERS if msg[h] is not None]

    def eml_download(self, prepared: Prepared, *, web: bool = False) -> tuple[str, bytes]:
        """A ready draft as an .eml file's name and bytes, for the user to open and send
        from their mail program: marked unsent, written nowhere, and not logged as sent
        (nothing has left yet)."""
        reason = self.refusal(prepared, web=web, via="eml")
        if reason:
            raise InvalidInput(reason)
        if prepared.draft.by_linkedin:
            raise InvalidInput("A LinkedIn note is sent on LinkedIn: copy it from the draft.")
        return f"draft-{prepared.id}.eml", outbox.eml_bytes(self.message(prepared))

    def deliver(
        self,
        prepared: Prepared,
        via: str,
        *,
        eml: Path | None = None,
        smtp_password: str | None = None,
        imap_password: str | None = None,
        web: bool = False,
    ) -> Sent:
        """Hand the draft over one way; only then log it as sent and move the plan on. An
        .eml is a draft for the user's mail program, so writing one logs nothing (they
        say when they have sent it: `via` BY_HAND)."""
        if via not in (*VIAS, BY_HAND):
            raise InvalidInput(f"Unknown way to send '{via}'.")
        reason = self.refusal(prepared, web=web, via=via)
        if reason:
            raise InvalidInput(reason)
        d = prepared.draft
        if d.by_linkedin and via != "copy":
            raise InvalidInput(
                "A LinkedIn note is sent on LinkedIn: copy it with --copy (or print it) and "
                "paste it into the connection request."
            )
        settings = self.unit.settings()
        timeout = float(settings.mail_timeout_seconds)
        message_id: str | None = None
        if via == "eml":
            assert eml is not None
            msg = self.message(prepared)
            where = str(outbox.write_eml(msg, eml))
            # written, not sent: nothing is logged until the user says they sent it
            return Sent(draft=prepared, via=via, where=where, message_id=str(msg["Message-ID"]))
        if via == "drafts":
            msg = self.message(prepared)
            target = outbox.imap_target(settings.imap_url, settings.drafts_folder)
            outbox.append_to_drafts(msg, target, secret=imap_password, timeout=timeout)
            where = f"{target.folder} on {target.host}"
            message_id = str(msg["Message-ID"])
        elif via == "smtp":
            msg = self.message(prepared)
            config = smtp.SmtpConfig(
                host=settings.smtp_host,
                port=settings.smtp_port,
                user=settings.smtp_user,
                security=settings.smtp_security,
                timeout=timeout,
                password=smtp_password or smtp.password(settings.smtp_user, settings.smtp_host),
            )
            smtp.send(msg, config)
            where = f"{settings.smtp_host}:{settings.smtp_port}"
            message_id = str(msg["Message-ID"])
        elif via == "mailto":
            if d.to_addr and not outbox.valid_address(d.to_addr):
                raise InvalidInput(f"'{d.to_addr}' is not a valid email address.")
            where = outbox.mailto(d)
        elif via == BY_HAND:
            where = "by you"
        else:
            where = outbox.copy(d.text if not d.by_linkedin else d.body)
        self._mark_sent(prepared, via, message_id)
        return Sent(draft=prepared, via=via, where=where, message_id=message_id)

    def _mark_sent(self, prepared: Prepared, via: str, message_id: str | None) -> None:
        t = self.unit
        now = t.now()
        d = prepared.draft
        kind = KINDS[d.kind]
        detail = self._show(str(prepared.application_id))
        action = next(
            (
                a
                for a in sorted(detail.actions, key=lambda a: a.effective_due())
                if a.open and a.kind is kind
            ),
            None,
        )
        if action is not None and kind is not ActionKind.REVISIT:
            # act() logs the outgoing touch (and marks a LinkedIn contact connected)
            with t.tx() as s:
                note = f"sent ({via}): {d.subject}"[:500]
                actions.act(t, s, action.id, ActionStatus.DONE, at=now, note=note)
        else:
            # no planned action, or a revisit (whose plain `done` logs no message):
            # log_touch records the message and marks the matching action done
            with t.tx() as s:
                touches.log_touch(
                    t,
                    s,
                    repo.get_application(s, prepared.application_id),
                    direction=Direction.OUT,
                    at=now,
                    channel=Channel.LINKEDIN if d.by_linkedin else Channel.EMAIL,
                    subject=d.subject or kind.label,
                    summary=d.body[:500],
                    action_kind=kind,
                )
        with t.tx() as s:
            repo_drafts.update(
                s, prepared.id, now, sent_at=now, sent_via=via, sent_message_id=message_id
            )
