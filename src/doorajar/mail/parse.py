"""Turn raw email bytes into a `ParsedMessage`: decoded headers and the newest text.

Pure and fast. Real mail is messy, so this does its own light MIME walk over the
bytes instead of building a full `email.message.Message` tree: headers are split and
unfolded by hand, multipart bodies are cut at their boundaries with `bytes.find`, and
a part that is not text (an image, a PDF, a 50 MB zip) is never decoded at all. Any
structure this walk cannot follow falls back to the standard library's parser.
"""

from __future__ import annotations

import binascii
import hashlib
import html
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import getaddresses, parseaddr, parsedate_to_datetime

from doorajar.mail.message import ParsedMessage

# A text part longer than this is cut before decoding: the start says what it is.
MAX_TEXT_BYTES = 256 * 1024


def parse(raw: bytes) -> ParsedMessage:
    """Parse one message; never raises on bad input, only makes the best of it. No NUL
    survives into the text (PostgreSQL refuses them, and no reader wants them)."""
    msg = _parse(raw, 0, _Budget())
    fields = ("message_id", "subject", "from_name", "from_addr", "text", "quoted")
    nul_header = any("\x00" in v for v in msg.headers.values())
    if nul_header or any("\x00" in getattr(msg, f) for f in fields):
        return replace(
            msg,
            **{f: getattr(msg, f).replace("\x00", "") for f in fields},
            headers={k: v.replace("\x00", "") for k, v in msg.headers.items()},
        )
    return msg


def _parse(raw: bytes, depth: int, budget: _Budget) -> ParsedMessage:
    head, body = _split_head(raw)
    headers = _headers(head)
    parts = _Collected()
    try:
        _walk(headers, body, parts, depth, budget)
    except Exception:  # pragma: no cover - a last resort for structures the walk cannot cut
        parts = _stdlib_walk(raw)
    text, quoted = _choose(parts)
    text, more_quoted = split_quoted(text)
    quoted = "\n\n".join(q for q in (more_quoted, quoted) if q)

    decoded = {k: _decode_words(v) for k, v in headers.items()}

    def h(name: str) -> str:
        return decoded.get(name, "")

    from_name, from_addr = _address(h("from"))
    if not from_addr and "@" not in from_name:
        from_addr = ""
    message_id = _fit_id(_first_id(headers.get("message-id", ""))) or synthetic_id(raw)
    reply_to = _address(h("reply-to"))[1] or None
    return ParsedMessage(
        message_id=message_id,
        subject=_one_line(h("subject")),
        from_name=_one_line(from_name).strip("'\" "),
        from_addr=from_addr.strip().lower(),
        date=_date(headers.get("date", "")),
        to=_addresses(h("to")),
        reply_to=reply_to,
        text=text,
        quoted=quoted,
        headers=decoded,
        in_reply_to=_first_id(headers.get("in-reply-to", "")),
        references=tuple(_ID.findall(headers.get("references", ""))),
        language=guess_language(text or quoted),
        size=len(raw),
    )


def header_message_id(head: bytes) -> str | None:
    """The Message-ID `parse` would give a message with these headers; None without one
    (then only the whole message tells)."""
    return _fit_id(_first_id(_headers(head).get("message-id", "")))


def synthetic_id(raw: bytes) -> str:
    """A stable Message-ID for a message without one: a hash of its bytes."""
    return f"<{hashlib.sha256(raw).hexdigest()[:32]}@no-message-id.doorajar>"


# --- headers ------------------------------------------------------------------------------


def _split_head(raw: bytes) -> tuple[bytes, bytes]:
    """Headers and body, split at the first empty line (a message may have no body)."""
    a = raw.find(b"\n\n")
    b = raw.find(b"\r\n\r\n")
    if a < 0 and b < 0:
        if raw.startswith((b"\n", b"\r\n")):
            return b"", raw.lstrip(b"\r\n")
        return raw, b""
    if b >= 0 and (a < 0 or b < a):
        return raw[:b], raw[b + 4 :]
    return raw[:a], raw[a + 2 :]


def _headers(head: bytes) -> dict[str, str]:
    """Unfolded header values by lower-cased name; the first occurrence wins. A value is
    cut at `MAX_HEADER` characters, and folded lines are joined once, at the end."""
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = head.decode("cp1252", errors="replace")
    text = text.replace("\x00", "")
    lines: dict[str, list[str]] = {}
    sizes: dict[str, int] = {}
    current: list[str] | None = None
    name = ""
    for line in text.split("\n"):
        line = line.rstrip("\r")
        if not line:
            continue
        if line[0] in " \t":
            if current is not None and sizes[name] < MAX_HEADER:
                current.append(line.strip())
                sizes[name] += len(line)
            continue
        key, sep, value = line.partition(":")
        if not sep or " " in key.strip() or not key:
            current = None
            continue
        name = key.strip().lower()
        if len(lines) >= MAX_FIELDS:
            break  # no real message has this many; the ones that matter come first
        if name in lines:
            current = None  # keep the first; ignore the continuation of a duplicate
            continue
        current = lines[name] = [value.strip()]
        sizes[name] = len(value)
    return {k: " ".join(v)[:MAX_HEADER] for k, v in lines.items()}


_ENCODED_WORD = re.compile(r"=\?([^?\s]{1,60})\?([bBqQ])\?([^?\s]*)\?=")
_BETWEEN_WORDS = re.compile(r"[ \t\r\n]*")
MAX_HEADER = 65_536  # a header longer than this is cut: no real one comes near
MAX_FIELDS = 1000  # header fields read per message (distinct names)


def _decode_word(charset: str, encoding: str, text: str) -> str:
    data = text.encode("ascii", "replace")
    try:
        if encoding in "bB":
            raw = _transfer_decode(data, "base64")
        else:
            raw = binascii.a2b_qp(data.replace(b"_", b" "), header=True)
    except (binascii.Error, ValueError):
        return text
    return decode_text(raw, charset.split("*", 1)[0], detect=False)


def _decode_words(value: str) -> str:
    """RFC 2047 encoded words to text in one pass (the white space between two encoded
    words goes, as the RFC says); plain values pass through untouched. Undecodable words
    keep their text, unknown charsets fall back like bodies do."""
    if "=?" not in value:
        return value
    value = value[:MAX_HEADER]
    out: list[str] = []
    pos = 0
    last_end = -1
    for m in _ENCODED_WORD.finditer(value):
        gap = value[pos : m.start()]
        if not (last_end == m.start() - len(gap) and _BETWEEN_WORDS.fullmatch(gap)):
            out.append(gap)
        out.append(_decode_word(m.group(1), m.group(2), m.group(3)))
        pos = last_end = m.end()
    out.append(value[pos:])
    return "".join(out)


_BARE_ADDR = re.compile(r"[\w.+'-]+@[\w.-]+")
_NAME_STOPS = frozenset('"<>,;:@')
# One mailbox is at most a display name and a 254-character address: anything longer is
# cut here, which also bounds the standard library's parser (not linear) on a hostile header.
MAX_MAILBOX = 2048


def _address(value: str) -> tuple[str, str]:
    """(display name, address) of one mailbox. The common shapes ('a@b', '<a@b>',
    'Name <a@b>', '"Name" <a@b>') are cut by hand, in one pass; the rest goes to the
    standard library's parser."""
    value = value[:MAX_MAILBOX].strip()
    if not value:
        return "", ""
    if _BARE_ADDR.fullmatch(value):
        return "", value
    if value.endswith(">") and (lt := value.rfind("<")) >= 0:
        addr = value[lt + 1 : -1].strip()
        name = value[:lt].strip()
        if name.startswith('"') and name.endswith('"') and len(name) > 1:
            name = name[1:-1]
        if _BARE_ADDR.fullmatch(addr) and _NAME_STOPS.isdisjoint(name):
            return name.strip(), addr
    name, _, addr = value.rpartition(" ")
    if name and _BARE_ADDR.fullmatch(addr) and _NAME_STOPS.isdisjoint(name):
        return name.strip().strip('"').strip(), addr  # 'Name a@b', without the brackets
    try:
        return parseaddr(value)
    except (RecursionError, ValueError, IndexError):  # the stdlib parser recurses per token
        return "", ""


def _addresses(value: str) -> tuple[str, ...]:
    if not value:
        return ()
    if '"' not in value and "(" not in value:
        return tuple(a for a in (_address(v)[1] for v in value.split(",")) if a)
    try:
        return tuple(a for _, a in getaddresses([value]) if a)
    except (RecursionError, ValueError, IndexError):
        return ()


def _one_line(value: str) -> str:
    return " ".join(value.split())


_ID = re.compile(r"<[^<>\s]+>")


def _first_id(value: str) -> str | None:
    m = _ID.search(value)
    if m:
        return m.group(0)
    value = value.strip()
    return f"<{value}>" if value and " " not in value else None


# RFC 5322 lines stop at 998 characters, and so does the stored Message-ID.
MAX_ID = 998


def _fit_id(message_id: str | None) -> str | None:
    """A Message-ID that fits the store: a longer one becomes a digest of the whole of it,
    so two long ids that share their first 998 characters stay two messages."""
    if message_id is None or len(message_id) <= MAX_ID:
        return message_id
    digest = hashlib.sha256(message_id.encode("utf-8", "surrogatepass")).hexdigest()
    return f"<{digest}@long-message-id.doorajar>"


def _date(value: str) -> datetime | None:
    if not value:
        return None
    try:
        d = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):  # a 20-digit year, ...
        return None
    if d is None:  # pragma: no cover - older Pythons returned None
        return None
    if d.tzinfo is None:
        d = d.replace(tzinfo=UTC)
    try:
        return d.astimezone(UTC)
    except (OverflowError, ValueError):
        return None


_PARAM = re.compile(r";\s*([\w*-]+)\s*=\s*(\"(?:[^\"\\]|\\.)*\"|[^;\s]*)", re.S)


def _content_type(value: str) -> tuple[str, dict[str, str]]:
    main, _, _ = value.partition(";")
    params = {}
    for k, v in _PARAM.findall(value):
        params[k.lower().rstrip("*")] = v.strip('"')
    return (main.strip().lower() or "text/plain"), params


# --- the MIME walk ------------------------------------------------------------------------

# Caps that bound the walk by the size of its input, whatever the structure: parts looked
# at (a million empty parts cost nothing each, but they add up), nesting of multiparts and
# attached messages, and the text decoded across all parts together.
MAX_PARTS = 200
MAX_DEPTH = 8
MAX_DECODED = 1024 * 1024


@dataclass
class _Collected:
    plain: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    forwarded: list[str] = field(default_factory=list)


@dataclass
class _Budget:
    """What one message may still cost: parts to look at and bytes of text to decode.
    Shared by the attached messages inside it."""

    parts: int = MAX_PARTS
    decoded: int = MAX_DECODED


@dataclass
class _Alternatives:
    """A multipart/alternative whose children are collected apart, then the best kept."""

    options: list[_Collected]
    into: _Collected


_Task = tuple[dict[str, str], bytes, int, _Collected] | _Alternatives


def _walk(
    headers: dict[str, str], body: bytes, out: _Collected, depth: int, budget: _Budget
) -> None:
    """Collect the text parts of a message, depth first, with an explicit stack: no
    recursion however deep the nesting, and nothing past the budget's caps."""
    stack: list[_Task] = [(headers, body, depth, out)]
    while stack:
        task = stack.pop()
        if isinstance(task, _Alternatives):
            _merge(task.into, _best(task.options))
            continue
        h, b, d, into = task
        if budget.parts <= 0:
            continue
        budget.parts -= 1
        ctype, params = _content_type(h.get("content-type", ""))
        if ctype.startswith("multipart/") and d < MAX_DEPTH:
            boundary = params.get("boundary", "")
            children = _split_multipart(b, boundary, budget.parts) if boundary else [b]
            heads = [_split_head(c) for c in children]
            if ctype == "multipart/alternative":
                alt = _Alternatives([_Collected() for _ in heads], into)
                stack.append(alt)
                targets = alt.options
            else:
                targets = [into] * len(heads)
            for (ch, cb), target in reversed(list(zip(heads, targets, strict=True))):
                stack.append((_headers(ch), cb, d + 1, target))
            continue
        if ctype == "message/rfc822" and d < MAX_DEPTH:
            inner = _transfer_decode(b, h.get("content-transfer-encoding", ""))
            msg = _parse(inner, d + 1, budget)
            head = f"From: {msg.from_name} <{msg.from_addr}>\nSubject: {msg.subject}"
            into.forwarded.append("\n\n".join(x for x in (head, msg.text, msg.quoted) if x))
            continue
        if ctype not in ("text/plain", "text/html"):
            continue  # attachments and anything else are never decoded
        disposition = h.get("content-disposition", "").lower()
        if "attachment" in disposition and (ctype != "text/plain" or "filename" in disposition):
            continue
        if budget.decoded <= 0:
            continue
        limit = min(MAX_TEXT_BYTES, budget.decoded)
        raw = _transfer_decode(b[: limit * 2], h.get("content-transfer-encoding", ""))[:limit]
        budget.decoded -= len(raw)
        text = decode_text(raw, params.get("charset"))
        (into.html if ctype == "text/html" else into.plain).append(text)


def _merge(out: _Collected, other: _Collected) -> None:
    out.plain += other.plain
    out.html += other.html
    out.forwarded += other.forwarded


def _best(options: list[_Collected]) -> _Collected:
    """The best of alternative bodies: the plain text, unless it is empty or a stub."""
    plain = next((o for o in options if o.plain and not _useless("\n".join(o.plain))), None)
    if plain is not None:
        return plain
    rich = next((o for o in options if o.html), None)
    if rich is not None:
        return rich
    return options[0] if options else _Collected()


_STUB = re.compile(
    r"(html|view (this|it) in (a|your) browser|does not support|cannot display|"
    r"unterstützt kein|ne prend pas en charge|no admite)",
    re.I,
)


def _useless(text: str) -> bool:
    t = text.strip()
    return not t or (len(t) < 200 and bool(_STUB.search(t)))


def _split_multipart(body: bytes, boundary: str, most: int = MAX_PARTS) -> list[bytes]:
    """The parts of a multipart body, `most` of them at most; a missing closing boundary
    keeps what is there."""
    delim = b"--" + boundary.encode("ascii", "replace")
    parts: list[bytes] = []
    pos = body.find(delim)
    if pos < 0:
        return [body]
    while pos >= 0 and len(parts) < most:
        start = pos + len(delim)
        if body[start : start + 2] == b"--":
            break
        nl = body.find(b"\n", start)
        if nl < 0:
            break
        nxt = body.find(b"\n" + delim, nl)
        end = len(body) if nxt < 0 else nxt
        chunk = body[nl + 1 : end]
        if chunk.endswith(b"\r"):
            chunk = chunk[:-1]
        parts.append(chunk)
        pos = -1 if nxt < 0 else nxt + 1
    return parts


def _transfer_decode(data: bytes, cte: str) -> bytes:
    cte = cte.strip().lower()
    if cte == "base64":
        cleaned = re.sub(rb"[^A-Za-z0-9+/]", b"", data)
        rest = len(cleaned) % 4
        if rest == 1:  # one stray character carries no byte
            cleaned = cleaned[:-1]
        elif rest:  # the padding was dropped with the rest of the noise: put it back
            cleaned += b"=" * (4 - rest)
        try:
            return binascii.a2b_base64(cleaned)
        except binascii.Error:
            return b""
    if cte == "quoted-printable":
        return binascii.a2b_qp(data)
    return data


_SUSPECT_DECLARED = {
    "us-ascii",
    "ascii",
    "iso-8859-1",
    "latin-1",
    "latin1",
    "windows-1252",
    "cp1252",
}


def decode_text(raw: bytes, charset: str | None, *, detect: bool = True) -> str:
    """Bytes to text with the declared charset, else UTF-8, else a detected one (with
    `detect`; a few bytes, such as one encoded word, say too little to detect anything)."""
    if not raw:
        return ""
    declared = (charset or "").strip().strip('"').lower()
    if raw.isascii():
        return raw.decode("ascii")
    # A latin-1/ascii label on bytes that are valid UTF-8 is the commonest wrong label.
    if not declared or declared in _SUSPECT_DECLARED or declared in ("utf-8", "utf8"):
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
    if declared and declared not in ("us-ascii", "ascii", "utf-8", "utf8", "unknown-8bit"):
        try:
            return raw.decode(declared)
        except (UnicodeError, LookupError, ValueError):  # unknown, unusable ('undefined')
            pass
    try:
        western = raw.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if not detect:
        return western if western is not None else raw.decode("cp1252", errors="replace")
    try:
        # lazy: only undecodable text needs it
        from charset_normalizer import from_bytes

        best = from_bytes(raw[:65536]).best()
        guess = best.encoding if best is not None else None
    except Exception:  # pragma: no cover - the detector is a guess; a guess may fail
        guess = None
    # Mislabelled job mail in en/de/fr/es is nearly always Windows-1252; the detector
    # cannot tell it from other single-byte code pages, so it only wins when 1252 fails.
    if western is not None and (guess is None or _single_byte(guess)):
        return western
    if guess:
        return raw.decode(guess, errors="replace")
    return raw.decode("cp1252", errors="replace")


def _single_byte(encoding: str) -> bool:
    e = encoding.lower().replace("-", "_")
    return e.startswith(("cp12", "windows", "iso8859", "iso_8859", "latin", "mac_", "cp8", "cp4"))


def _stdlib_walk(raw: bytes) -> _Collected:  # pragma: no cover - fallback only
    # lazy: the standard library's parser, only for a malformed message
    import email
    from email import policy

    out = _Collected()
    msg = email.message_from_bytes(raw, policy=policy.compat32)
    for part in msg.walk():
        ctype = part.get_content_type()
        if ctype in ("text/plain", "text/html"):
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                text = decode_text(payload[:MAX_TEXT_BYTES], part.get_content_charset())
                (out.html if ctype == "text/html" else out.plain).append(text)
    return out


def _choose(c: _Collected) -> tuple[str, str]:
    """Text and quoted history from what the walk collected."""
    forwarded = "\n\n".join(c.forwarded)
    if c.plain and not _useless("\n".join(c.plain)):
        return _clean("\n\n".join(c.plain)), forwarded
    if c.html:
        text, quoted = html_to_text("\n".join(c.html))
        return text, "\n\n".join(x for x in (quoted, forwarded) if x)
    return _clean("\n\n".join(c.plain)), forwarded


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    return _BLANKS.sub("\n\n", text).strip()


_BLANKS = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


# --- HTML -------------------------------------------------------------------------------

# Every pattern below stops at the next "<" or ">" instead of scanning on, and blocks are
# closed with str.find: a flood of unclosed "<div ", "<script" or "<!--" costs linear time.
_DROP_OPEN = re.compile(r"<(script|style|head|title|noscript|template)\b", re.I)
_QUOTE_START = re.compile(
    r"<(?:blockquote\b|div[^<>]*class=\"?[^\"<>]*(?:gmail_quote|moz-cite-prefix|yahoo_quoted)|"
    r"div[^<>]*id=\"?(?:appendonsend|divRplyFwdMsg|mail-editor-reference-message-container))",
    re.I,
)
_BREAK = re.compile(r"<(?:br|/p|/div|/tr|/h[1-6]|/li|/table|hr|p|div|tr|h[1-6])\b[^<>]*>", re.I)
_ITEM = re.compile(r"<li\b[^<>]*>", re.I)
_CELL = re.compile(r"</t[dh]\s*>", re.I)
_TAG = re.compile(r"<[^<>]*>", re.S)
_SPACES = re.compile(r"[ \t\f\v\xa0]+")


def _drop_blocks(markup: str) -> str:
    """Without script, style, head, title, noscript and template blocks; an unclosed one
    runs to the end of the document."""
    out: list[str] = []
    pos = 0
    lower = markup.lower()
    while (m := _DROP_OPEN.search(markup, pos)) is not None:
        out.append(markup[pos : m.start()])
        close = lower.find(f"</{m.group(1).lower()}", m.end())
        if close < 0:
            return "".join(out)
        end = markup.find(">", close)
        pos = len(markup) if end < 0 else end + 1
    out.append(markup[pos:])
    return "".join(out)


def _drop_comments(markup: str) -> str:
    """Without <!-- comments -->; an unclosed one runs to the end of the document."""
    out: list[str] = []
    pos = 0
    while (start := markup.find("<!--", pos)) >= 0:
        out.append(markup[pos:start])
        end = markup.find("-->", start + 4)
        if end < 0:
            return "".join(out)
        pos = end + 3
    out.append(markup[pos:])
    return "".join(out)


def html_to_text(markup: str) -> tuple[str, str]:
    """HTML to plain text (no markup, no scripts or styles); quoted blocks are returned apart."""
    markup = _drop_comments(_drop_blocks(markup))
    quoted = ""
    m = _QUOTE_START.search(markup)
    if m:
        markup, quoted = markup[: m.start()], markup[m.start() :]
    return _html_text(markup), _html_text(quoted)


def _html_text(markup: str) -> str:
    if not markup:
        return ""
    t = _BREAK.sub("\n", markup)
    t = _ITEM.sub("\n- ", t)
    t = _CELL.sub(" ", t)
    t = _TAG.sub("", t)
    t = html.unescape(t)
    lines = [_SPACES.sub(" ", line).strip() for line in t.splitlines()]
    return _clean("\n".join(lines))


# --- quoted history -----------------------------------------------------------------------

_MARKERS = re.compile(
    r"^(?:"
    r"-{2,}\s*(?:Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|"
    r"Forwarded message|Weitergeleitete Nachricht|Original-Nachricht|Message transféré|"
    r"Mensaje reenviado|Mensaje reenviado)\s*-{2,}.*"
    r"|Begin forwarded message:?"
    r"|Anfang der weitergeleiteten (?:Nachricht|E-Mail):?"
    r"|Début du message (?:réexpédié|transféré)\s*:?"
    r"|Inicio del mensaje reenviado:?"
    r"|_{20,}"
    r")\s*$",
    re.I | re.M,
)
# "On <date>, <name> wrote:" and its cousins, possibly wrapped onto a second line.
_WROTE = re.compile(
    r"^(?:(?:On|Am|Le|El)\b[^\n]{0,250}?(?:\n[^\n]{0,150}?)?|[^\n]{0,150}?)"
    r"\b(?:wrote|schrieb[^\n:]{0,60}|a écrit|escribió)\s?:[ \t]*$",
    re.I | re.M,
)
_OUTLOOK = re.compile(
    r"^\*?(?:From|Von|De|Da)\s?:\*?\s.+\n\*?(?:Sent|Date|Gesendet|Datum|Envoyé|Enviado|Fecha)"
    r"\s?:\*?\s",
    re.I | re.M,
)
_QUOTE_LINE = re.compile(r"^>", re.M)
_WROTE_WORDS = ("wrote", "schrieb", "a écrit", "escribió")


def split_quoted(text: str) -> tuple[str, str]:
    """The newest part of a message and the quoted or forwarded history under it."""
    if not text:
        return "", ""
    cut = len(text)
    for pattern in (_MARKERS, _OUTLOOK, _QUOTE_LINE):
        m = pattern.search(text)
        if m and m.start() < cut:
            cut = m.start()
    low = text[: cut + 400].lower()
    if any(w in low for w in _WROTE_WORDS):
        m = _WROTE.search(text, 0, cut + 400)
        if m and m.start() < cut:
            cut = m.start()
    if cut >= len(text):
        return text, ""
    return text[:cut].rstrip(), text[cut:].strip()


# --- language ---------------------------------------------------------------------------

_STOP = {
    "en": frozenset(
        [
            "the",
            "and",
            "you",
            "your",
            "for",
            "with",
            "that",
            "this",
            "have",
            "are",
            "we",
            "our",
            "thank",
            "not",
            "will",
            "be",
            "to",
            "of",
            "in",
        ]
    ),
    "de": frozenset(
        [
            "und",
            "der",
            "die",
            "das",
            "sie",
            "ihre",
            "ihr",
            "wir",
            "nicht",
            "für",
            "mit",
            "eine",
            "einen",
            "ist",
            "vielen",
            "dank",
            "uns",
            "zu",
        ]
    ),
    "fr": frozenset(
        [
            "le",
            "la",
            "les",
            "et",
            "vous",
            "votre",
            "nous",
            "pour",
            "avec",
            "une",
            "des",
            "est",
            "pas",
            "merci",
            "que",
            "de",
            "du",
            "sur",
        ]
    ),
    "es": frozenset(
        [
            "el",
            "la",
            "los",
            "las",
            "y",
            "usted",
            "su",
            "nosotros",
            "para",
            "con",
            "una",
            "es",
            "no",
            "gracias",
            "que",
            "de",
            "del",
            "por",
        ]
    ),
}
_WORD = re.compile(r"[a-zäöüßàâçéèêëîïôûùœñáíóú]+")


_STOPMAP: dict[str, tuple[str, ...]] = {}
for _lang, _words in _STOP.items():
    for _w in _words:
        _STOPMAP[_w] = (*_STOPMAP.get(_w, ()), _lang)


def guess_language(text: str) -> str | None:
    """en, de, fr or es by counting common words in the first lines; None when unsure."""
    words = _WORD.findall(text[:800].lower())
    if len(words) < 3:
        return None
    scores = dict.fromkeys(_STOP, 0)
    for w in words:
        for lang in _STOPMAP.get(w, ()):
            scores[lang] += 1
    lang, best = max(scores.items(), key=lambda kv: kv[1])
    if best < 2:
        return None
    return lang
