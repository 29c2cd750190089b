"""The import preview and summary as plain text lines, for the CLI to print."""

from __future__ import annotations

from doorajar.csvio.service import Outcomes, Verdict
from doorajar.model import Outcome
from doorajar.playbook import triage

PREVIEW_ROWS = 5


def _fit(text: str, width: int) -> str:
    one = " ".join(text.split())
    return one if len(one) <= width else one[: width - 1] + "…"


def preview(o: Outcomes, name: str) -> list[str]:
    """Mapping, statuses, the first rows as they will land, and every problem by line."""
    r = o.reading
    sh = r.sheet
    lines = [
        f"{name}: {len(sh.rows)} rows, {sh.encoding}, {sh.delimiter_name}-separated, "
        f"profile: {r.profile.name} ({r.profile.description})"
    ]
    if r.order is not None:
        lines.append(f"Dates read {'day-first' if r.order.value == 'dmy' else 'month-first'}.")
    lines.append("")
    lines.append("Columns:")
    width = max(len(c.name) for c in r.columns) if r.columns else 0
    for c in r.columns:
        if c.field is None:
            target = "notes (as 'Column: value')"
            if c.why:
                target += f"; {c.why}"
        elif c.field.value == "ignore":
            target = f"ignored ({c.why})"
        else:
            target = c.field.value + (f"  [{c.why}]" if c.why not in ("name", "") else "")
        lines.append(f"  {c.name.ljust(width)} -> {target}")
    if r.statuses:
        lines.append("")
        lines.append("Statuses:")
        sw = max(len(k) for k, _ in r.statuses)
        for text, meaning in r.statuses:
            lines.append(f"  {text.ljust(sw)} -> {meaning}")
    undated = [
        e.candidate.line
        for e in o.entries
        if e.candidate.outcome is Outcome.REJECTED and e.candidate.rejected_at is None
    ]
    if undated:
        lines.append("")
        lines.append(
            f"{len(undated)} rejection{'s have' if len(undated) != 1 else ' has'} no date in the "
            "file: dated on the day applied (silent ones when the silence set in); a "
            "'Rejected On' column would say when."
        )
    lines.append("")
    lines.append("First rows as they will land:")
    head = ("line", "company", "role", "applied", "stage", "outcome", "source", "notes", "")
    rows = [head]
    for e in o.entries[:PREVIEW_ROWS]:
        cand = e.candidate
        outcome = cand.outcome.value
        if cand.outcome is Outcome.REJECTED:
            outcome += f" ({triage(stage=cand.stage, kind=cand.kind).kind.value})"
        rows.append(
            (
                str(cand.line),
                _fit(cand.company, 22),
                _fit(cand.role, 26),
                cand.applied_day.isoformat(),
                cand.stage.value,
                outcome,
                cand.source or "",
                _fit(cand.note_text, 30),
                e.verdict.value + (f" #{e.application_id}" if e.application_id else ""),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    for row in rows:
        lines.append(
            "  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        )
    if len(o.entries) > PREVIEW_ROWS:
        lines.append(f"  … and {len(o.entries) - PREVIEW_ROWS} more")
    lines += _problems(o)
    lines.append("")
    lines.append(summary(o))
    return lines


def _problems(o: Outcomes) -> list[str]:
    r = o.reading
    out: list[str] = []
    changed = [e for e in o.entries if e.verdict in (Verdict.UPDATE, Verdict.DIFFERS)]
    if changed:
        out += ["", "Already in doorajar, but the file says more:"]
        for e in changed:
            hint = "" if e.verdict is Verdict.UPDATE else " (left alone; --update applies it)"
            out.append(
                f"  line {e.candidate.line} (#{e.application_id}): " + "; ".join(e.changes) + hint
            )
    if r.duplicates:
        out += ["", "Repeated rows (imported once):"]
        for first, again in r.duplicates:
            listing = ", ".join(str(n) for n in again)
            out.append(
                f"  line{'s' if len(again) > 1 else ''} {listing}: same application as line {first}"
            )
    if r.warnings:
        out += ["", "Warnings:"]
        out += [f"  line {p.line}: {p.message}" for p in r.warnings]
    if r.problems:
        out += ["", "Rows not imported:"]
        out += [f"  line {p.line}: {p.message}" for p in r.problems]
    return out


def summary(o: Outcomes) -> str:
    """'Will add 7 applications, update 1, ...' or 'Added 7 applications, ...'."""
    r = o.reading
    add, upd = o.count(Verdict.ADD), o.count(Verdict.UPDATE)
    same, differs = o.count(Verdict.SAME), o.count(Verdict.DIFFERS)
    parts = [
        f"{'added' if o.written else 'will add'} {add} application{'s' if add != 1 else ''}",
        f"{'updated' if o.written else 'update'} {upd}",
        f"{same + differs} already there",
        f"{len(r.problems)} not imported",
    ]
    if r.duplicates:
        parts.append(f"{sum(len(a) for _, a in r.duplicates)} repeated")
    text = ", ".join(parts)
    return text[0].upper() + text[1:] + "."


def as_dict(o: Outcomes) -> dict[str, object]:
    """The import as JSON: counts, every row's verdict, and every problem by line."""
    r = o.reading
    return {
        "written": o.written,
        "profile": r.profile.name,
        "encoding": r.sheet.encoding,
        "delimiter": r.sheet.delimiter,
        "columns": {c.name: c.field.value if c.field else "notes" for c in r.columns},
        "counts": {v.value: o.count(v) for v in Verdict}
        | {"not_imported": len(r.problems), "repeated": sum(len(a) for _, a in r.duplicates)},
        "rows": [
            {
                "line": e.candidate.line,
                "company": e.candidate.company,
                "role": e.candidate.role,
                "applied": e.candidate.applied_day.isoformat(),
                "stage": e.candidate.stage.value,
                "outcome": e.candidate.outcome.value,
                "verdict": e.verdict.value,
                "application_id": e.application_id,
                "changes": list(e.changes),
            }
            for e in o.entries
        ],
        "not_imported": [{"line": p.line, "reason": p.message} for p in r.problems],
        "warnings": [{"line": p.line, "message": p.message} for p in r.warnings],
        "repeated": [{"line": n, "same_as": first} for first, again in r.duplicates for n in again],
    }
