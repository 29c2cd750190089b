"""Write the table exports: CSV text, or an .xlsx workbook with real date cells."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import astuple
from datetime import date
from pathlib import Path

from doorajar.csvio.read import FORMULA_STARTS
from doorajar.csvio.service import APP_HEADER, HISTORY_HEADER, AppRow, Event
from doorajar.files import write_atomic

Cell = str | int | date | None


def table(rows: Sequence[AppRow] | Sequence[Event], history: bool) -> list[tuple[Cell, ...]]:
    """Header and rows as plain cells."""
    header: tuple[Cell, ...] = HISTORY_HEADER if history else APP_HEADER
    body: list[tuple[Cell, ...]] = []
    for r in rows:
        cells = astuple(r)
        if isinstance(r, Event):
            cells = (*cells[:5], f"#{r.application_id}")
        body.append(cells)
    return [header, *body]


def to_csv(cells: Sequence[Sequence[Cell]]) -> str:
    """CSV text (dates as YYYY-MM-DD, which every spreadsheet reads)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for row in cells:
        w.writerow([_text(c) for c in row])
    return buf.getvalue()


def _text(value: Cell) -> str | int:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        # company names and notes can come from emails: never let a spreadsheet run them
        return "'" + value
    return value


def to_xlsx(
    cells: Sequence[Sequence[Cell]], path: Path, title: str, *, force: bool = False
) -> None:
    """An Excel workbook: bold frozen header, widths that fit, dates as date cells."""
    # lazy: only .xlsx export needs it
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    # lazy: only .xlsx export needs it
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = title
    widths: dict[int, int] = {}
    for r, row in enumerate(cells, start=1):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            if cell.data_type == "f":
                cell.data_type = "s"  # text that looks like a formula stays text
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
                length = 10
            else:
                text = "" if value is None else str(value)
                length = max((len(part) for part in text.split("\n")), default=0)
                if "\n" in text:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            if r == 1:
                cell.font = Font(bold=True)
            widths[c] = max(widths.get(c, 0), length)
    for c, width in widths.items():
        ws.column_dimensions[get_column_letter(c)].width = min(max(width + 2, 8), 60)
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    write_atomic(path, buffer.getvalue(), force=force)
