"""Write the fresh evaluation set: `python tests/data/emails_fresh/write.py`.

Every message here was written one at a time, in its own words, to look like mail from
a real inbox: its own sender, structure, length and tone. Nothing is shared with the
development corpus's generator (tests/data/emails/build.py). This script only wraps each
hand-written message into a real .eml (HTML-only with tracking links, multipart with a
calendar invitation or a PDF, quoted thread, forward) and writes labels.jsonl.

The split is fixed by file: messages alternate between "fresh_dev" (errors may be looked
at and used for tuning/training) and "fresh_test" (measured once, never tuned on).
"""

from __future__ import annotations

import hashlib
import json
import sys
from email.message import EmailMessage
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from msgs_a import MESSAGES as A  # noqa: E402
from msgs_b import MESSAGES as B  # noqa: E402
from msgs_c import MESSAGES as C  # noqa: E402

CAL = """BEGIN:VCALENDAR
PRODID:-//Google Inc//Google Calendar 70.9054//EN
VERSION:2.0
METHOD:REQUEST
BEGIN:VEVENT
DTSTART:{start}
DTEND:{end}
SUMMARY:{summary}
ORGANIZER;CN={organizer}:mailto:{org_addr}
ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:mailto:candidate@example.net
DESCRIPTION:{summary}
UID:{uid}
END:VEVENT
END:VCALENDAR
"""


def _html(body: str, links: int) -> str:
    paras = [p.replace("\n", "<br>") for p in body.split("\n\n")]
    track = "https://u1234567.ct.sendgrid.net/ls/click?upn=" + "a1B2c3D4e5" * 6
    out = [
        "<html><head><style>p{font-family:Arial}</style></head><body>",
        '<table width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">',
        '<table width="600"><tr><td>',
    ]
    out += [f"<p>{p}</p>" for p in paras]
    words = ["View this email in your browser", "Privacy Policy", "Unsubscribe"]
    for i in range(links):
        out.append(f'<p style="font-size:11px"><a href="{track}{i}">{words[i % 3]}</a></p>')
    out.append(f'<img src="{track}px" width="1" height="1" alt="">')
    out.append("</td></tr></table></td></tr></table></body></html>")
    return "\n".join(out)


def build(m: dict[str, Any]) -> bytes:
    e = EmailMessage()
    e["From"] = m["from"]
    e["To"] = m.get("to", "Alex Morgan <alex.morgan@example.net>")
    e["Subject"] = m["subject"]
    e["Date"] = m.get("date", "Tue, 10 Nov 2026 09:14:22 +0000")
    e["Message-ID"] = f"<{hashlib.sha1(m['file'].encode()).hexdigest()[:16]}@fresh.example>"
    for k, v in m.get("headers", {}).items():
        e[k] = v
    body = m["body"]
    if m.get("quoted"):
        e["In-Reply-To"] = "<earlier@fresh.example>"
        body = body + "\n\n" + m["quoted"]
    fmt = m.get("fmt", "plain")
    if fmt == "html":
        e.set_content(m.get("html") or _html(body, 3), subtype="html")
    elif fmt == "alt":
        e.set_content(body)
        e.add_alternative(m.get("html") or _html(body, 2), subtype="html")
    else:
        e.set_content(body)
    if m.get("cal"):
        start, end, summary = m["cal"]
        org = m["from"].split("<")[-1].rstrip(">")
        ics = CAL.format(
            start=start,
            end=end,
            summary=summary,
            organizer="Organizer",
            org_addr=org,
            uid=m["file"],
        )
        e.add_attachment(ics.encode(), maintype="text", subtype="calendar", filename="invite.ics")
    if m.get("attach"):
        e.add_attachment(
            b"%PDF-1.4\n% not a real pdf\n" + b"0" * 2048,
            maintype="application",
            subtype="pdf",
            filename=m["attach"],
        )
    # Fixed boundaries: the same messages give the same bytes on every run.
    for n, part in enumerate(p for p in e.walk() if p.is_multipart()):
        part.set_boundary(f"=_fresh_{n}_{hashlib.sha1(m['file'].encode()).hexdigest()[:12]}")
    return e.as_bytes()


def main() -> None:
    labels = []
    for i, m in enumerate(A + B + C):
        (HERE / m["file"]).write_bytes(build(m))
        labels.append(
            {
                "file": m["file"],
                "category": m["cat"],
                "kind": m.get("kind"),
                "stage": m.get("stage", "applied" if m.get("kind") == "form" else None),
                "company": m.get("company"),
                "role": m.get("role"),
                "contact_name": m.get("contact"),
                "language": m.get("lang", "en"),
                "sender": m.get("sender", "person"),
                "ats": m.get("ats"),
                "format": m.get("fmt", "plain"),
                "split": "fresh_dev" if i % 2 == 0 else "fresh_test",
            }
        )
    names = [lab["file"] for lab in labels]
    assert len(names) == len(set(names)), "duplicate file name"
    with (HERE / "labels.jsonl").open("w", encoding="utf-8") as f:
        for lab in labels:
            f.write(json.dumps(lab, ensure_ascii=False) + "\n")
    print(f"{len(labels)} messages")


if __name__ == "__main__":
    main()
