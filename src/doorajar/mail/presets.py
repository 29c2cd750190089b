"""Mail providers doorajar knows: their IMAP server, its security, and how to sign in.

Pure data. `ajar connect PROVIDER` fills an account from one of these; "other" asks for
the server. The guides are in our own words and point at the provider's own settings page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from doorajar.errors import InvalidInput

SSL, STARTTLS, PLAIN = "ssl", "starttls", "none"
PASSWORD, OAUTH2 = "password", "oauth2"


@dataclass(frozen=True)
class Preset:
    """One provider's IMAP settings and sign-in."""

    name: str
    label: str
    host: str
    port: int
    security: str
    auth: tuple[str, ...]  # the sign-ins it accepts, the usual one first
    guide: str  # how to get the password (or the token) that works


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset(
            "gmail",
            "Gmail",
            "imap.gmail.com",
            993,
            SSL,
            (PASSWORD, OAUTH2),
            "Gmail wants an app password, not your usual one: turn on 2-Step Verification "
            "in your Google Account (Security), then open Security > App passwords, make "
            "one named doorajar and paste its 16 letters here.",
        ),
        Preset(
            "outlook",
            "Outlook.com / Microsoft 365",
            "outlook.office365.com",
            993,
            SSL,
            (OAUTH2,),
            "Microsoft accepts only OAuth2 for IMAP: register an app for doorajar (see "
            "docs/mailboxes.md) and give its client id with --client-id.",
        ),
        Preset(
            "yahoo",
            "Yahoo Mail",
            "imap.mail.yahoo.com",
            993,
            SSL,
            (PASSWORD,),
            "Yahoo wants an app password: Account Info > Account Security > Generate app "
            "password, name it doorajar and paste it here.",
        ),
        Preset(
            "icloud",
            "iCloud Mail",
            "imap.mail.me.com",
            993,
            SSL,
            (PASSWORD,),
            "iCloud wants an app-specific password: sign in at account.apple.com, Sign-In "
            "and Security > App-Specific Passwords, make one for doorajar and paste it here.",
        ),
        Preset(
            "fastmail",
            "Fastmail",
            "imap.fastmail.com",
            993,
            SSL,
            (PASSWORD,),
            "Fastmail wants an app password: Settings > Privacy & Security > App passwords, "
            "give it IMAP access and paste it here.",
        ),
        Preset(
            "gmx",
            "GMX",
            "imap.gmx.net",
            993,
            SSL,
            (PASSWORD,),
            "GMX needs IMAP turned on: Settings > POP3 & IMAP > allow access, then use your "
            "usual password (or an app password with two-factor sign-in).",
        ),
        Preset(
            "webde",
            "WEB.DE",
            "imap.web.de",
            993,
            SSL,
            (PASSWORD,),
            "WEB.DE needs IMAP turned on: Settings > POP3/IMAP > allow access, then use your "
            "usual password (or an app password with two-factor sign-in).",
        ),
        Preset(
            "proton",
            "Proton Mail (through Proton Mail Bridge)",
            "127.0.0.1",
            1143,
            STARTTLS,
            (PASSWORD,),
            "Proton Mail is read through Proton Mail Bridge on this computer: start the "
            "Bridge, open the account's mailbox details and paste the IMAP password it "
            "shows (not your Proton password). The Bridge makes its own certificate: export "
            "it (the Bridge's advanced settings) and give the file with --cert.",
        ),
        Preset(
            "other",
            "Another IMAP server",
            "",
            993,
            SSL,
            (PASSWORD,),
            "Use the password your provider gives for IMAP (often an app password).",
        ),
    )
}


def preset(name: str) -> Preset:
    """The provider with this name (case and punctuation forgiven), or a clear error."""
    key = re.sub(r"[^a-z0-9]", "", name.lower())
    aliases = {"hotmail": "outlook", "office365": "outlook", "microsoft": "outlook",
               "m365": "outlook", "live": "outlook", "googlemail": "gmail", "me": "icloud",
               "protonmail": "proton", "imap": "other"}  # fmt: skip
    found = PRESETS.get(aliases.get(key, key))
    if found is None:
        raise InvalidInput(f"Unknown mail provider '{name}'; use one of: {', '.join(PRESETS)}.")
    return found


def server_imap_hosts(allowlist: tuple[str, ...] = ()) -> frozenset[str]:
    """The IMAP hosts a career-centre server may contact: every provider's named server
    (not Proton's Bridge on the seeker's own computer, which a server cannot reach) and
    the admin's `allowlist`, in lower case."""
    named = {p.host for p in PRESETS.values() if p.host and not p.host[0].isdigit()}
    return frozenset(h.strip().lower() for h in (*named, *allowlist) if h.strip())


# Folders a sync reads besides the inbox: names people give the folder job mail lands in.
JOB_FOLDER = re.compile(
    r"(^|[/. _-])(jobs?|careers?|applications?|recruit\w*|hiring|job[ _-]?search|"
    r"bewerbung\w*|candidatures?)($|[/. _-])",
    re.I,
)


def job_folders(names: list[str], skip: set[str]) -> list[str]:
    """The folders among `names` whose name says job mail lands there, except `skip`."""
    return [n for n in names if n not in skip and JOB_FOLDER.search(n)]
