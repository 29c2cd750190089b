"""Every number and switch of the playbook, with its default and help text.

Pure. `Settings` is a frozen dataclass; each field's metadata carries its help
text, which `ajar config` and the web UI's settings page show. Values the user
changes are stored in the database, so they travel with export and import.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from doorajar.boards.postings import VENDORS
from doorajar.errors import InvalidInput
from doorajar.model import looks_like_email


def _s(default: Any, help: str, choices: tuple[str, ...] = ()) -> Any:
    return field(default=default, metadata={"help": help, "choices": choices})


@dataclass(frozen=True)
class Settings:
    """The user's playbook settings. Defaults follow PLAYBOOK.md."""

    # §1 triage
    silent_after_days: int = _s(
        21, "Days without any reply after which an application counts as a silent rejection."
    )
    stale_after_days: int = _s(
        14,
        "A thank-you, feedback request, check-in, reflection or next-application nudge "
        "already due this many days when it is recorded (an old rejection imported or "
        "dated back) is marked missed instead of filling Today. Revisits and keep-in-touch "
        "dates still count.",
    )
    reply_to_form: bool = _s(
        False,
        "Reply to form (ATS) rejections too. Off by default: a form email is not a "
        "conversation, and a reply rarely reaches a person.",
    )
    # §3 reply to a post-interview rejection
    reply_due_hours: int = _s(
        48, "Hours after a post-interview rejection by which the thank-you is due."
    )
    cool_off_minutes: int = _s(
        60, "Minutes to sit with a rejection before sending anything (an hour, not a week)."
    )
    # §4 feedback
    feedback_request: str = _s(
        "separate",
        "How to ask for feedback: 'separate' (its own short message a few days after the "
        "thank-you), 'with_reply' (one line in the thank-you) or 'off'.",
        ("separate", "with_reply", "off"),
    )
    feedback_request_delay_days: int = _s(
        3, "Days after the thank-you before a separate feedback request."
    )
    feedback_follow_up_days: int = _s(
        10, "Days to wait for feedback before the one polite follow-up (7 to 14 is usual)."
    )
    # §5 keeping the door open
    linkedin_note_limit: int = _s(
        300, "Characters allowed in a LinkedIn connection note (some free accounts get 200)."
    )
    revisit_first_months: int = _s(
        3, "Months after an interview-stage rejection for the first revisit of the company."
    )
    revisit_second_months: int = _s(6, "Months after the rejection for the second revisit.")
    touch_every_months: int = _s(
        4, "Months between brief, value-adding touches to contacts you keep (3 to 6)."
    )
    reapply_guard_months: int = _s(
        6,
        "Warn when logging an application to a company that rejected you for the same "
        "role within this many months.",
    )
    # §6 momentum
    weekly_target: int = _s(5, "Applications you aim to send each week.")
    duplicate_window_days: int = _s(
        30, "An application to the same company and role within this many days is a duplicate."
    )
    # the user, for drafts
    user_name: str = _s("", "Your name, for signing messages.")
    user_email: str = _s("", "Your email address, for the From header and digests.")
    user_signature: str = _s("", "Signature lines under your messages (name, phone, LinkedIn).")
    user_linkedin: str = _s("", "Your LinkedIn profile URL.")
    email_digest: bool = _s(
        False,
        "On a career centre's server: mail me the digest every Monday morning (to "
        "user_email, else the account's address). Personal mode sends with `ajar digest --send`.",
    )
    language: str = _s(
        "en",
        "Language for drafts when a rejection's language is unknown.",
        ("en", "de", "fr", "es"),
    )
    timezone: str = _s("", "Your time zone (e.g. Europe/Berlin); empty means the system's.")
    # drafts
    imap_url: str = _s(
        "",
        "Your mailbox for putting drafts in its Drafts folder, e.g. imaps://me@mail.example "
        "(password from $AJAR_IMAP_PASSWORD or the keyring).",
    )
    drafts_folder: str = _s("Drafts", "The IMAP folder that `--to-drafts` puts messages in.")
    outlook_client_id: str = _s(
        "",
        "The application (client) id of your own Microsoft app registration, for signing in "
        "to Outlook.com and Microsoft 365 with OAuth2 (docs/mailboxes.md shows how to make "
        "one). Empty: doorajar ships none.",
    )
    gmail_client_id: str = _s(
        "",
        "The client id of your own Google OAuth client (a desktop app), for Gmail's OAuth2 "
        "sign-in (`ajar connect gmail --oauth2`); an app password needs none.",
    )
    gmail_authority: str = _s(
        "https://accounts.google.com",
        "Where Gmail's OAuth2 sign-in is (its OpenID discovery is read from there).",
    )
    outlook_authority: str = _s(
        "https://login.microsoftonline.com/common",
        "Where Microsoft accounts sign in: .../common for personal and work accounts, "
        ".../consumers or .../organizations for one kind, or your tenant's URL.",
    )
    proton_bridge_cert: str = _s(
        "",
        "The certificate Proton Mail Bridge exported (a .pem file): connections to the "
        "Bridge trust exactly that certificate (`ajar connect proton --cert FILE` sets it).",
    )
    smtp_host: str = _s("", "SMTP server for `ajar send --smtp`, e.g. smtp.mail.example.")
    smtp_port: int = _s(587, "SMTP port (587 for STARTTLS, 465 for TLS).")
    smtp_user: str = _s("", "SMTP login name (password from $AJAR_SMTP_PASSWORD or the keyring).")
    smtp_security: str = _s(
        "starttls",
        "How to protect the SMTP connection: 'starttls', 'tls', or 'plain' (only for a "
        "server on this machine).",
        ("starttls", "tls", "plain"),
    )
    mail_timeout_seconds: int = _s(
        15, "Seconds to wait for an SMTP or IMAP server before giving up."
    )
    # patterns
    patterns_days: int = _s(
        90,
        "Days `ajar patterns` and the report look back by default; the same number of days "
        "before that is the period they compare with.",
    )
    patterns_min_rejections: int = _s(
        5,
        "Rejections needed in a period before doorajar names any bottleneck; with fewer it "
        "says it is too early to tell.",
    )
    patterns_min_stage: int = _s(
        3,
        "A stage needs this many decided applications to be compared, and this many "
        "rejections to be called the bottleneck.",
    )
    # mail
    review_threshold: int = _s(
        60,
        "Confidence (in percent) below which a scanned message goes to `ajar review` "
        "instead of changing your data.",
    )
    keep_raw_mail: bool = _s(
        True, "Keep the original bytes of job-related emails (never of other mail)."
    )
    # the job-board watch
    watch_enabled: bool = _s(
        False,
        "Let doorajar read the public job boards of the companies on your revisit list "
        "(`ajar watch on`). Off by default: with it off nothing is fetched.",
    )
    watch_window_months: int = _s(
        12,
        "Months after a rejection during which the watch keeps reading the company's board "
        "(companies added by hand are watched until removed).",
    )
    watch_fit_threshold: int = _s(
        60,
        "Fit (0 to 100) a new opening needs to be put in Today; a different or related "
        "role family scores 55 at most.",
    )
    watch_every_hours: int = _s(
        24, "Hours between two requests to the same board (at most one a day by default)."
    )
    watch_timeout_seconds: int = _s(10, "Seconds to wait for a job board before giving up.")
    watch_retries: int = _s(
        2, "Times a job board that timed out or answered 429 or 5xx is asked again."
    )
    watch_places: str = _s(
        "",
        "Where you want to work, comma-separated (e.g. Berlin, Munich): openings there fit "
        "better. Empty means anywhere.",
    )
    watch_remote: str = _s(
        "any",
        "Remote openings: 'any' (fine either way), 'remote' (only remote fits) or 'onsite' "
        "(remote does not count as a fit).",
        ("any", "remote", "onsite"),
    )
    watch_url_greenhouse: str = _s(
        VENDORS["greenhouse"], "Base URL of Greenhouse's public job-board API."
    )
    watch_url_lever: str = _s(VENDORS["lever"], "Base URL of Lever's public postings API.")
    watch_url_lever_eu: str = _s(
        VENDORS["lever_eu"], "Base URL of Lever's postings API for boards hosted in the EU."
    )
    watch_url_ashby: str = _s(VENDORS["ashby"], "Base URL of Ashby's public job-board API.")
    watch_url_smartrecruiters: str = _s(
        VENDORS["smartrecruiters"], "Base URL of SmartRecruiters' public postings API."
    )
    watch_url_workable: str = _s(
        VENDORS["workable"], "Base URL of Workable's public jobs widget API."
    )
    watch_url_recruitee: str = _s(
        VENDORS["recruitee"],
        "Recruitee's careers host, with {org} where the organisation goes.",
    )


@dataclass(frozen=True)
class SettingSpec:
    """One setting: its name, type, default and help text."""

    name: str
    type: type
    default: Any
    help: str
    choices: tuple[str, ...]


def specs() -> tuple[SettingSpec, ...]:
    """All settings, in declaration order."""
    out = []
    for f in dataclasses.fields(Settings):
        typ = {"int": int, "bool": bool, "str": str}[str(f.type)]
        out.append(SettingSpec(f.name, typ, f.default, f.metadata["help"], f.metadata["choices"]))
    return tuple(out)


def spec(name: str) -> SettingSpec:
    """The spec of one setting, or a clear error naming the known ones."""
    for s in specs():
        if s.name == name:
            return s
    close = difflib.get_close_matches(name, [s.name for s in specs()], n=3)
    hint = f" Did you mean: {', '.join(close)}?" if close else " See `ajar config`."
    raise InvalidInput(f"Unknown setting '{name}'.{hint}")


# far above any sensible count of days, minutes or applications, and safe in every database
_MAX_INT = 1_000_000
_TRUE = {"1", "true", "yes", "on", "y"}
_FALSE = {"0", "false", "no", "off", "n"}


def parse_value(name: str, raw: str) -> Any:
    """Turn the text a user typed into the setting's type, or explain why not."""
    s = spec(name)
    if s.type is bool:
        low = raw.strip().lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise InvalidInput(f"Setting '{name}' is on or off: use true or false, not '{raw}'.")
    if s.type is int:
        try:
            value = int(raw)
        except ValueError:
            raise InvalidInput(f"Setting '{name}' takes a whole number, not '{raw}'.") from None
        if value > _MAX_INT:
            raise InvalidInput(f"Setting '{name}' takes a number up to {_MAX_INT}, not {raw}.")
        check_value(name, value)
        return value
    check_value(name, raw)
    return raw


def check_value(name: str, value: Any) -> None:
    """Refuse a value a setting must not hold, however it comes in (typed in `ajar config`
    or the settings page, or read from a backup): its type, its range or choices, and for
    text one plain line, a host name, a URL of an allowed scheme with no secret in it, an
    email address, a time zone."""
    s = spec(name)
    if s.type is bool:
        if not isinstance(value, bool):
            raise InvalidInput(f"Setting '{name}' is on or off, not {value!r}.")
        return
    if s.type is int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise InvalidInput(f"Setting '{name}' takes a whole number, not {value!r}.")
        if value < 0:
            raise InvalidInput(f"Setting '{name}' cannot be negative.")
        _check_range(name, value)
        return
    if not isinstance(value, str):
        raise InvalidInput(f"Setting '{name}' is text, not {value!r}.")
    if s.choices and value not in s.choices:
        raise InvalidInput(f"Setting '{name}' is one of {', '.join(s.choices)}; not '{value}'.")
    _check_text(name, value)


# Ranges the numbers must fall in, beyond "not negative".
_RANGES = {
    "review_threshold": (0, 100),
    "stale_after_days": (1, 3650),
    "smtp_port": (1, 65535),
    "mail_timeout_seconds": (1, 3600),
    "silent_after_days": (1, 365),
    "reply_due_hours": (1, 720),
    "cool_off_minutes": (0, 7 * 24 * 60),
    "feedback_request_delay_days": (0, 90),
    "feedback_follow_up_days": (1, 90),
    "linkedin_note_limit": (50, 3000),
    "revisit_first_months": (1, 60),
    "revisit_second_months": (1, 60),
    "touch_every_months": (1, 60),
    "reapply_guard_months": (0, 60),
    "weekly_target": (0, 100),
    "duplicate_window_days": (0, 3650),
    "patterns_days": (1, 3650),
    "watch_fit_threshold": (0, 100),
    "watch_every_hours": (1, 8760),
    "watch_timeout_seconds": (1, 300),
    "watch_retries": (0, 10),
    "watch_window_months": (1, 120),
}
# Settings holding an email address, and a time zone.
_EMAILS = frozenset({"user_email"})
_ZONES = frozenset({"timezone"})
# Settings naming a host: a name or an address, never a URL or a path.
_HOSTS = frozenset({"smtp_host"})
_HOST = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\[[0-9A-Fa-f:.]+\]")
# Text settings that may span lines; every other one is one line.
_MULTI_LINE = frozenset({"user_signature"})
_ODD = frozenset("\x7f\u2028\u2029")
# Settings holding a URL, and the schemes each may use.
_URL_SCHEMES = {
    "imap_url": ("imap", "imaps"),
    "user_linkedin": ("https", "http"),
    "outlook_authority": ("https",),
    "gmail_authority": ("https",),
    **{f"watch_url_{v}": ("https", "http") for v in VENDORS},
}


def _check_range(name: str, value: int) -> None:
    lo, hi = _RANGES.get(name, (0, _MAX_INT))
    if not lo <= value <= hi:
        raise InvalidInput(f"Setting '{name}' takes a number from {lo} to {hi}, not {value}.")


def _check_text(name: str, raw: str) -> None:
    """A text setting is one plain line; a URL has an allowed scheme and no secret in it."""
    lines_ok = name in _MULTI_LINE
    if any((ord(ch) < 32 and not (lines_ok and ch in "\n\t")) or ch in _ODD for ch in raw):
        raise InvalidInput(
            f"Setting '{name}' is plain text"
            + ("" if lines_ok else " on one line")
            + "; it holds a control character."
        )
    if name in _EMAILS and raw and not looks_like_email(raw):
        raise InvalidInput(f"'{raw}' is not an email address.")
    if name in _ZONES and raw:
        try:
            ZoneInfo(raw)
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidInput(f"Unknown time zone '{raw}' (try e.g. Europe/Berlin).") from None
    if name in _HOSTS and raw and not _HOST.fullmatch(raw.strip()):
        raise InvalidInput(
            f"Setting '{name}' is a server name such as smtp.mail.example, not '{raw}'."
        )
    if name not in _URL_SCHEMES or not raw:
        return
    if name == "watch_url_recruitee" and "{org}" not in raw:
        raise InvalidInput(
            "Setting 'watch_url_recruitee' needs {org} where the organisation goes, "
            "e.g. https://{org}.recruitee.com."
        )
    parts = urlsplit(raw.strip().replace("{org}", "org"))
    if parts.scheme.lower() not in _URL_SCHEMES[name]:
        allowed = " or ".join(f"{s}://" for s in _URL_SCHEMES[name])
        raise InvalidInput(f"Setting '{name}' starts with {allowed}, not '{raw}'.")
    if parts.password is not None or "token=" in parts.query.lower():
        where = "$AJAR_IMAP_PASSWORD or the keyring" if name == "imap_url" else "the keyring"
        raise InvalidInput(
            f"Put no password or token in '{name}': it would be stored and exported with your "
            f"data. Keep it in {where} instead; nothing was changed."
        )


def from_mapping(values: dict[str, Any]) -> Settings:
    """Settings from stored values; unknown keys are ignored, bad types rejected."""
    known = {s.name: s for s in specs()}
    clean: dict[str, Any] = {}
    for k, v in values.items():
        if k not in known:
            continue
        s = known[k]
        if s.type is bool:
            if not isinstance(v, bool):
                raise InvalidInput(f"Stored setting '{k}' is not on/off: {v!r}.")
        elif not isinstance(v, s.type) or (isinstance(v, bool) and s.type is int):
            raise InvalidInput(f"Stored setting '{k}' has the wrong type: {v!r}.")
        clean[k] = v
    return Settings(**clean)
