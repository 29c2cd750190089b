"""Hand a finished draft to the user's mail: .eml file, IMAP Drafts, SMTP, mailto:, clipboard.

Nothing here decides whether to send; the service checks readiness, tone and the
cool-off first and asks for confirmation. Every failure is a `MailError`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import ssl
import subprocess
from dataclasses import replace
from datetime import datetime
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, getaddresses, make_msgid
from pathlib import Path
from urllib.parse import quote

from doorajar.drafts.smtp import password
from doorajar.errors import InvalidInput, MailError
from doorajar.files import write_atomic
from doorajar.mail.sources import ImapTarget, parse_imap_uri
from doorajar.model import Draft, looks_like_email

ENV_IMAP_PASSWORD = "AJAR_IMAP_PASSWORD"


def valid_address(addr: str) -> bool:
    """True for something that looks like one deliverable address."""
    return looks_like_email(addr)


# Line breaks of every kind: a header holding one could start a header of its own (Bcc:).
_BREAKS = frozenset("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def header_text(what: str, value: str) -> str:
    """A header value as it will go out: encoded words decoded, and refused in one line
    when it (or what its encoded words decode to) holds a line break or a control
    character. Checked here, whatever the interpreter's email package would do."""
    try:
        decoded = str(make_header(decode_header(value))) if "=?" in value else value
    except (HeaderParseError, LookupError, UnicodeError, ValueError):
        decoded = value
    for text in (value, decoded):
        if any(ch in _BREAKS or (ord(ch) < 32 and ch != "\t") for ch in text):
            raise InvalidInput(
                f"The {what} holds a line break or a control character; nothing was sent. "
                "Edit it to one plain line."
            )
    return decoded


def recipients(to_addr: str, to_name: str | None) -> list[Address]:
    """The recipient list, parsed as a list ("a@x.example, b@y.example"), each checked."""
    header_text("recipient", to_addr)
    found = getaddresses([to_addr.strip().rstrip(",")])
    if not found:
        raise InvalidInput(f"'{to_addr}' is not a valid email address.")
    for _, addr in found:
        if not addr or not valid_address(addr):
            raise InvalidInput(f"'{addr or to_addr}' is not a valid email address.")
    if len(found) == 1:
        name = found[0][0] or header_text("recipient's name", to_name or "")
        return [_address(name, found[0][1])]
    return [_address(header_text("recipient's name", n), a) for n, a in found]


def build_message(draft: Draft, *, sender: str, sender_name: str, now: datetime) -> EmailMessage:
    """The draft as an RFC 5322 message: UTF-8 safe, threaded under the original when known.
    Every header is one plain line; the recipients are a checked list."""
    if not draft.to_addr:
        raise InvalidInput(
            "This draft has no recipient address; give one with --to ADDRESS or add the "
            "contact's email (`ajar contact add NAME --email ADDRESS`)."
        )
    to = recipients(draft.to_addr, draft.to_name)
    if not sender:
        raise InvalidInput("Set your address first: `ajar config user_email you@example.org`.")
    if not valid_address(header_text("sender address", sender)):
        raise InvalidInput(f"Your address '{sender}' (setting user_email) is not valid.")
    subject = header_text("subject", draft.subject)
    msg = EmailMessage()
    msg["From"] = _address(header_text("sender name", sender_name), sender)
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[1])
    if draft.in_reply_to:
        ref = header_text("reply reference", draft.in_reply_to).strip()
        if not ref.startswith("<"):
            ref = f"<{ref}>"
        msg["In-Reply-To"] = ref
        msg["References"] = ref
    msg["X-Mailer"] = "doorajar"
    msg.set_content(draft.body, charset="utf-8")
    return msg


def _address(name: str, addr: str) -> Address:
    local, domain = addr.rsplit("@", 1)
    try:
        return Address(display_name=name, username=local, domain=domain)
    except (ValueError, IndexError):
        raise InvalidInput(f"'{addr}' is not a valid email address.") from None


def as_bytes(msg: EmailMessage) -> bytes:
    """The message as wire bytes with CRLF line ends."""
    return msg.as_bytes(policy=SMTP)


def eml_bytes(msg: EmailMessage) -> bytes:
    """The message as an .eml file: marked `X-Unsent: 1`, so that a mail program opens it
    as a draft to send rather than as a message already sent."""
    if msg["X-Unsent"] is None:
        msg["X-Unsent"] = "1"
    return as_bytes(msg)


def write_eml(msg: EmailMessage, path: Path) -> Path:
    """Write the message to an .eml file, whole or not at all."""
    return write_atomic(path, eml_bytes(msg))


def imap_target(url: str, folder: str) -> ImapTarget:
    """The Drafts folder of `imap://user@host[:port]` or `imaps://...` (the folder setting
    wins over one in the address)."""
    if not url:
        raise InvalidInput("No mailbox set: `ajar config imap_url imaps://you@mail.example.org`.")
    try:
        target = parse_imap_uri(url, default_folder="", need_user=False)
    except MailError as exc:
        raise InvalidInput(f"imap_url must look like imaps://user@host: {exc.message}") from None
    return replace(target, folder=folder or target.folder or "Drafts")


def append_to_drafts(
    msg: EmailMessage,
    target: ImapTarget,
    *,
    secret: str | None = None,
    timeout: float = 15.0,
    ssl_context: ssl.SSLContext | None = None,
) -> None:
    """IMAP APPEND the message into the Drafts folder, flagged as a draft."""
    # lazy: only IMAP needs it
    import imapclient
    from imapclient.exceptions import IMAPClientError, LoginError

    where = f"{target.host}:{target.port}"
    secret = secret or password(target.user, target.host, ENV_IMAP_PASSWORD, "imap")
    if not target.user or not secret:
        raise MailError(
            f"No IMAP login for {where}: put the user in imap_url and set "
            f"${ENV_IMAP_PASSWORD} (or the keyring entry doorajar / imap://USER@{target.host})."
        )
    try:
        client = imapclient.IMAPClient(
            target.host,
            port=target.port,
            ssl=target.tls,
            ssl_context=ssl_context,
            timeout=timeout,
        )
    except TimeoutError:
        raise MailError(
            f"The IMAP server {where} did not answer within {timeout:g} seconds."
        ) from None
    except (OSError, ssl.SSLError) as exc:
        raise MailError(f"Cannot reach the IMAP server {where}: {exc}.") from None
    try:
        try:
            client.login(target.user, secret)
        except LoginError:
            raise MailError(
                f"The IMAP server {where} refused the login for {target.user}."
            ) from None
        if not client.folder_exists(target.folder):
            raise MailError(
                f"There is no folder '{target.folder}' on {where}; set drafts_folder to "
                "the name your mail program uses (e.g. Drafts, Entwürfe, [Gmail]/Drafts)."
            )
        client.append(target.folder, as_bytes(msg), flags=(imapclient.DRAFT, imapclient.SEEN))
    except MailError:
        raise
    except TimeoutError:
        raise MailError(f"The IMAP server {where} stopped answering.") from None
    except (IMAPClientError, OSError) as exc:
        raise MailError(f"The IMAP server {where} refused the draft: {exc}.") from None
    finally:
        # the connection may already be gone; the result is decided by now
        with contextlib.suppress(Exception):
            client.logout()


def mailto(draft: Draft) -> str:
    """A `mailto:` link that opens the message in a mail program or web client."""
    to = quote(draft.to_addr or "", safe="@")
    query = f"subject={quote(draft.subject, safe='')}&body={quote(draft.body, safe='')}"
    return f"mailto:{to}?{query}"


_CLIPBOARD_TOOLS = (
    ("pbcopy",),
    ("wl-copy",),
    ("xclip", "-selection", "clipboard"),
    ("xsel", "--clipboard", "--input"),
    ("clip.exe",),
)


def copy(text: str) -> str:
    """Put text on the clipboard with the platform's tool; returns the tool used."""
    for tool in _CLIPBOARD_TOOLS:
        if shutil.which(tool[0]) is None:
            continue
        if tool[0] in ("xclip", "xsel") and not os.environ.get("DISPLAY"):
            continue
        if tool[0] == "wl-copy" and not os.environ.get("WAYLAND_DISPLAY"):
            continue
        try:
            subprocess.run(tool, input=text.encode("utf-8"), check=True, timeout=5)
        except (OSError, subprocess.SubprocessError) as exc:
            raise MailError(f"Copying with {tool[0]} failed: {exc}.") from None
        return tool[0]
    raise MailError(
        "No clipboard is available here (no pbcopy, wl-copy, xclip or xsel with a display); "
        "use --mailto or --eml FILE instead."
    )
