"""Build the labelled email corpus from the hand-written texts: `python tests/data/emails/build.py`.

Each hand-written text (texts_*.py) becomes several real .eml files with different
companies, people, senders (each ATS's style), encodings (7bit, quoted-printable,
base64, HTML-only, multipart/alternative), signatures and quoted history, and a line
in labels.jsonl with the true labels. The split is by text: every fourth text of each
group, and all of its messages, is held out, so the held-out figures measure wording
the classifier was never tuned on. Deterministic: the same seed gives the same files.
"""

from __future__ import annotations

import hashlib
import html
import json
import random
import re
import sys
import unicodedata
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import (  # noqa: E402
    AGENCIES,
    ATS_FOOTERS,
    ATS_STYLES,
    BOARDS,
    CANDIDATES,
    CITIES,
    CLOSINGS,
    COMPANIES,
    COMPANIES_DE,
    COMPANIES_ES,
    COMPANIES_FR,
    DAYS,
    FIRST,
    LAST,
    MANAGER_TITLES,
    NEWSLETTERS,
    RECRUITER_TITLES,
    ROLES,
    ROLES_DE,
    ROLES_ES,
    ROLES_FR,
    SERVICES,
    TEAM_SIGS,
    TEAMS,
    T,
)
from texts_misc import OTHER  # noqa: E402
from texts_other import INTERVIEW, OFFER, OUTREACH, RECEIVED  # noqa: E402
from texts_rejection import FORM_EN, MULTI, PERSONAL_EN  # noqa: E402

GROUPS: list[tuple[str, list[T], int]] = [
    ("form", FORM_EN, 4),
    ("personal", PERSONAL_EN, 4),
    ("multi", MULTI, 4),
    ("received", RECEIVED, 4),
    ("interview", INTERVIEW, 4),
    ("offer", OFFER, 4),
    ("outreach", OUTREACH, 4),
    ("other", OTHER, 5),
]
SEED = 20261122
_CLOSING_END = re.compile(r"(?:,|Grüßen|Grüße|Grüsse)\s*$")


def slug(name: str) -> str:
    """'Lumen & Vale' -> 'lumenvale'; a plausible domain label."""
    plain = unicodedata.normalize("NFKD", name.lower())
    return re.sub(r"[^a-z0-9]", "", plain)


def pools(lang: str) -> tuple[list[str], list[str]]:
    """Companies and roles that fit the message's language."""
    if lang == "de":
        return COMPANIES_DE, ROLES_DE
    if lang == "fr":
        return COMPANIES_FR, ROLES_FR
    if lang == "es":
        return COMPANIES_ES, ROLES_ES
    return COMPANIES, ROLES


def greeting(rng: random.Random, cand: str, full: str, formal: bool) -> str:
    """An English greeting line."""
    if formal and rng.random() < 0.3:
        return "Dear Candidate,"
    return rng.choice(
        [
            f"Hi {cand},",
            f"Dear {cand},",
            f"Hello {cand},",
            f"{cand},",
            f"Dear {full},",
            f"Hi {cand}",
        ]
    )


def person_sig(
    rng: random.Random, lang: str, name: str, first: str, title: str, company: str, city: str
) -> str:
    """A person's signature block (without the closing line)."""
    domain = slug(company) + ".com"
    styles = [
        f"{name}\n{title} | {company}",
        f"{name}\n{title}, {company}\n+44 20 7946 {rng.randint(1000, 9999)}",
        f"{first}",
        f"{name}\n{title}\n{company} · {city}\nwww.{domain}",
        f"{name} (she/her)\n{title} at {company}",
        f"{name}\n{company}",
    ]
    return rng.choice(styles)


def html_of(text: str, footer: str, preheader: str) -> str:
    """A realistic HTML rendering of a plain text: layout table, styles, paragraphs."""
    paras = []
    for block in text.split("\n\n"):
        inner = "<br>\n".join(html.escape(line) for line in block.splitlines())
        paras.append(f'<p style="margin:0 0 16px 0;font-family:Arial,sans-serif">{inner}</p>')
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        "<style>body{margin:0;background:#f4f4f4} .btn{color:#fff}</style></head><body>"
        f'<div style="display:none;max-height:0;overflow:hidden">{html.escape(preheader)}</div>'
        '<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">'
        '<table width="600" style="background:#ffffff;padding:24px"><tr><td>'
        + "\n".join(paras)
        + (f'<p style="color:#999;font-size:11px">{html.escape(footer)}</p>' if footer else "")
        + "</td></tr></table></td></tr></table></body></html>"
    )


def build_one(
    t: T, group: str, ti: int, k: int, rng: random.Random, split: str
) -> tuple[str, bytes, dict[str, object]]:
    """One message from one text: (file name, bytes, labels)."""
    companies, roles = pools(t.lang)
    company = rng.choice(companies)
    role = rng.choice(roles)
    company2, company3 = rng.sample([c for c in COMPANIES if c != company], 2)
    role2 = rng.choice([r for r in ROLES if r != role])
    cand, cand_last = rng.choice(CANDIDATES)
    cand_full = f"{cand} {cand_last}"
    cand_addr = f"{slug(cand)}.{slug(cand_last)}@{rng.choice(['gmail.com', 'posteo.de', 'fastmail.com', 'outlook.com'])}"
    rfirst, rlast = rng.choice(FIRST), rng.choice(LAST)
    rname = f"{rfirst} {rlast}"
    mgrfirst = rng.choice([f for f in FIRST if f != rfirst])
    mgr = f"{mgrfirst} {rng.choice(LAST)}"
    ofirst = rng.choice([f for f in FIRST if f not in (rfirst, mgrfirst)])
    city = rng.choice(CITIES)
    team = rng.choice(TEAMS)
    day = rng.choice(DAYS[t.lang])
    csl = slug(company)
    cdomain = rng.choice([f"{csl}.com", f"{csl}.io", f"{csl}.co"])
    if t.lang == "de":
        cdomain = f"{csl}.de"
    elif t.lang == "fr":
        cdomain = f"{csl}.fr"
    elif t.lang == "es":
        cdomain = f"{csl}.es"

    formal = t.category == "rejection" and t.kind == "form"
    headers: dict[str, str] = {}
    footer = ""
    contact: str | None = None
    label_company: str | None = company
    ats = None

    if t.sender == "ats":
        ats, disp, addr = rng.choice(ATS_STYLES)
        from_name = disp.format(c=company)
        from_addr = addr.format(s=csl)
        footer = ATS_FOOTERS[ats].format(c=company)
        if rng.random() < 0.3:
            title = rng.choice(RECRUITER_TITLES[t.lang])
            sig = person_sig(rng, t.lang, rname, rfirst, title, company, city)
            contact = rname
            if sig == rfirst:
                sig = f"{rname}\n{company}"
        else:
            sig = rng.choice(TEAM_SIGS[t.lang]).format(company=company)
        headers["Reply-To"] = f"no-reply@{from_addr.split('@')[1]}"
        if rng.random() < 0.6:
            headers["Auto-Submitted"] = "auto-generated"
        if rng.random() < 0.3:
            headers["X-Mailer"] = f"{ats} Mailer"
    elif t.sender == "noreply":
        from_name = rng.choice(
            [f"{company} Careers", f"{company} Recruiting", company, f"{company} HR"]
        )
        from_addr = rng.choice(
            [f"no-reply@{cdomain}", f"careers-noreply@{cdomain}", f"donotreply@jobs.{cdomain}"]
        )
        sig = rng.choice(TEAM_SIGS[t.lang]).format(company=company)
        headers["Auto-Submitted"] = "auto-generated"
    elif t.sender in ("recruiter", "manager", "agency"):
        if t.sender == "agency":
            label_company = rng.choice(AGENCIES)
            title = "Senior Consultant" if t.lang == "en" else rng.choice(RECRUITER_TITLES[t.lang])
            org = label_company
            from_addr = f"{slug(rfirst)}@{slug(org)}.com"
        else:
            title = rng.choice(
                MANAGER_TITLES if t.sender == "manager" else RECRUITER_TITLES[t.lang]
            )
            org = company
            from_addr = f"{slug(rfirst)}.{slug(rlast)}@{cdomain}"
        from_name = rng.choice([rname, rname, f"{rname} ({org})", f"{rfirst} at {org}", rname])
        sig = person_sig(rng, t.lang, rname, rfirst, title, org, city)
        contact = rname
        if rng.random() < 0.4:
            headers["X-Mailer"] = rng.choice(
                ["Microsoft Outlook 16.0", "Apple Mail (2.3774)", "Superhuman"]
            )
    elif t.sender == "board":
        from_name, from_addr = rng.choice(BOARDS)
        sig = ""
        label_company = None
        headers["List-Unsubscribe"] = (
            f"<https://{from_addr.split('@')[1]}/unsubscribe?u={rng.randint(10**6, 10**7)}>"
        )
        headers["Precedence"] = "bulk"
    elif t.sender == "newsletter":
        from_name, from_addr = rng.choice(NEWSLETTERS)
        sig = ""
        label_company = None
        headers["List-Unsubscribe"] = f"<mailto:unsubscribe@{from_addr.split('@')[1]}>"
        headers["List-Id"] = f"<news.{from_addr.split('@')[1]}>"
        headers["X-Mailer"] = rng.choice(["Mailchimp Mailer", "Sendinblue", "Substack"])
    elif t.sender == "friend":
        ff, fl = rng.choice(FIRST), rng.choice(LAST)
        from_name, from_addr = f"{ff} {fl}", f"{slug(ff)}.{slug(fl)}{rng.randint(1, 99)}@gmail.com"
        sig = ""
        label_company = None
        rfirst = ff
    else:  # service
        from_name, from_addr = rng.choice(SERVICES)
        sig = ""
        label_company = None
        headers["Auto-Submitted"] = "auto-generated"
        headers["Precedence"] = "bulk"

    if t.category == "other":
        label_company = None
        contact = None
    elif contact and contact not in from_name and contact not in sig:
        # Only the first name is written anywhere: that is all anyone can know.
        contact = rfirst if rfirst in from_name or rfirst in sig else None

    subject_t = t.subjects[k % len(t.subjects)]
    greet = greeting(rng, cand, cand_full, formal) if t.lang == "en" else f"Hallo {cand},"
    slots = {
        "cand": cand,
        "candfull": cand_full,
        "company": company,
        "company2": company2,
        "company3": company3,
        "role": role,
        "role2": role2,
        "rname": rname,
        "rfirst": rfirst,
        "rslug": slug(rname),
        "mgr": mgr,
        "mgrfirst": mgrfirst,
        "mgrtitle": rng.choice(MANAGER_TITLES),
        "ofirst": ofirst,
        "city": city,
        "team": team,
        "day": day,
        "greet": greet,
        "req": str(rng.randint(10000, 99999)),
        "n": str(rng.randint(3, 30)),
        "salary": rng.choice(["€78,000", "£72,500", "$145,000", "€64,000"]),
        "ffirst": rfirst,
    }
    body_t = t.body
    if "{sig}" in body_t and sig:
        before = body_t.split("{sig}")[0].rstrip("\n")
        last_line = before.splitlines()[-1] if before else ""
        if not _CLOSING_END.search(last_line) and not last_line.strip().endswith("!"):
            sig = rng.choice(CLOSINGS[t.lang]) + "\n" + sig
    slots["sig"] = sig.format(company=company) if sig else ""
    text = body_t.format(**slots).rstrip() + "\n"
    subject = subject_t.format(**slots)
    role_label = (
        role if ("{role}" in t.body or "{role}" in subject_t) and t.category != "other" else None
    )

    # Quoted history and forwards: kept below the newest part, never labelled.
    quoted = ""
    is_reply = subject.lower().startswith("re:")
    if t.sender == "friend" and "how did it go" in subject.lower():
        quoted = (
            f'Got the email from {company} today: "After careful consideration we have decided to move '
            f'forward with other candidates whose experience more closely matches our needs." Ugh.\n'
            f"Anyway, how was your week?"
        )
        is_reply = True
    elif t.sender == "friend" and subject.lower().startswith("fwd:"):
        quoted = (
            f"---------- Forwarded message ---------\nFrom: {rname} <{slug(rname)}@{cdomain}>\n"
            f"Subject: Reference for {cand_full}\n\nHello,\n\n{cand_full} has reached the final round "
            f"for our {role} position and named you as a reference. Would you have 15 minutes for a "
            f"call this week? We're interviewing other candidates too, so a quick reply helps.\n\nThanks,\n{rname}"
        )
    elif is_reply and t.sender in ("recruiter", "manager", "ats") and rng.random() < 0.7:
        quoted = rng.choice(
            [
                f"Hi {rfirst},\n\nI just wanted to check in on the status of my application for the {role} role. "
                f"I'm still very interested.\n\nThanks,\n{cand}",
                f"Hi {rfirst},\n\nThank you for the interview invitation! {day} at 2pm works perfectly for me. "
                f"Looking forward to meeting the team.\n\nBest,\n{cand}",
                f"Thanks {rfirst}, I really enjoyed the conversation and I'm excited about the next steps.\n\n{cand}",
            ]
        )

    date = datetime(2026, 1, 5, 8, 0, tzinfo=UTC) + timedelta(
        days=rng.randint(0, 320), minutes=rng.randint(0, 60 * 14)
    )
    mid = hashlib.sha1(f"{group}-{ti}-{k}".encode()).hexdigest()[:16]
    msg = EmailMessage()
    msg["From"] = formataddr((from_name, from_addr))
    msg["To"] = formataddr((cand_full, cand_addr))
    msg["Subject"] = subject
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = f"<{mid}@{from_addr.split('@')[1]}>"
    if is_reply:
        parent = f"<{hashlib.sha1(mid.encode()).hexdigest()[:12]}@{cand_addr.split('@')[1]}>"
        msg["In-Reply-To"] = parent
        msg["References"] = parent
    for name, value in headers.items():
        msg[name] = value
    msg["MIME-Version"] = "1.0"

    plain = text
    if quoted:
        if quoted.startswith("----------"):
            plain = f"{text}\n{quoted}\n"
        else:
            when = format_datetime(date - timedelta(days=rng.randint(1, 6)))
            quoted_lines = "\n".join(f"> {line}" if line else ">" for line in quoted.splitlines())
            plain = f"{text}\nOn {when}, {cand_full} <{cand_addr}> wrote:\n{quoted_lines}\n"
    if footer and rng.random() < 0.5:
        plain = f"{plain}\n{footer}\n"

    bulk = t.sender in ("board", "newsletter", "service")
    fmt = rng.choices(
        ["plain", "qp", "base64", "html", "alt"],
        weights=[2, 2, 1, 3, 4] if (t.sender == "ats" or bulk) else [5, 2, 1, 1, 2],
    )[0]
    non_ascii = any(ord(ch) > 127 for ch in plain)
    if fmt == "plain":
        msg.set_content(plain, cte="8bit" if non_ascii else "7bit")
    elif fmt == "qp":
        msg.set_content(plain, cte="quoted-printable")
    elif fmt == "base64":
        msg.set_content(plain, cte="base64")
    else:
        hbody = plain
        if quoted and not quoted.startswith("----------"):
            hbody = text  # the quote becomes a <blockquote> below
        page = html_of(
            hbody, footer, text.splitlines()[2] if len(text.splitlines()) > 2 else subject
        )
        if quoted and not quoted.startswith("----------"):
            quote_html = "<br>".join(html.escape(x) for x in quoted.splitlines())
            page = page.replace(
                "</td></tr></table></td></tr></table>",
                f'<div class="gmail_quote">On {format_datetime(date - timedelta(days=2))}, '
                f"{html.escape(cand_full)} wrote:<blockquote>{quote_html}</blockquote></div>"
                "</td></tr></table></td></tr></table>",
            )
        if fmt == "html":
            msg.set_content(page, subtype="html", cte="quoted-printable")
        else:
            msg.set_content(plain, cte="quoted-printable" if non_ascii else "7bit")
            msg.add_alternative(page, subtype="html", cte="quoted-printable")
            msg.set_boundary(f"=_alt_{mid}")  # fixed, so a rebuild gives the same bytes

    name = f"{group}_{ti:02d}_{k}.eml"
    label: dict[str, object] = {
        "file": name,
        "category": t.category,
        "kind": t.kind,
        "stage": t.stage,
        "company": label_company,
        "role": role_label,
        "contact_name": contact if t.category != "other" else None,
        "language": t.lang,
        "sender": t.sender,
        "ats": ats,
        "format": fmt,
        "split": split,
    }
    return name, bytes(msg), label


def main() -> None:
    """Write every .eml file and labels.jsonl next to this script."""
    rng = random.Random(SEED)
    for old in HERE.glob("*.eml"):
        old.unlink()
    lines = []
    for group, texts, copies in GROUPS:
        for ti, t in enumerate(texts):
            split = "heldout" if ti % 4 == 3 else "dev"
            for k in range(copies):
                name, data, label = build_one(t, group, ti, k, rng, split)
                (HERE / name).write_bytes(data)
                lines.append(json.dumps(label, ensure_ascii=False))
    (HERE / "labels.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    held = sum('"heldout"' in x for x in lines)
    print(f"{len(lines)} messages, {held} held out")


if __name__ == "__main__":
    main()
