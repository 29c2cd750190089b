"""Reading a spreadsheet export: encoding, delimiter, rows with their physical line numbers.

Pure: bytes in, a `Sheet` out.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from doorajar.errors import ImportFailed

DELIMITERS = (",", ";", "\t", "|")
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
# Single-byte Western encodings charset-normalizer may name for a short file; Windows-1252
# decodes all of their letters the same way and is what spreadsheets on Windows write.
_WESTERN = {"cp1252", "latin_1", "iso8859_15", "iso8859_1", "cp1250", "mac_roman", "cp850"}


@dataclass(frozen=True)
class Row:
    """One data row: the physical line it starts on and its cells."""

    line: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Sheet:
    """A decoded table: header, rows and how the file was read."""

    header: tuple[str, ...]
    rows: tuple[Row, ...]
    encoding: str
    delimiter: str
    header_line: int = 1

    @property
    def delimiter_name(self) -> str:
        """'comma', 'semicolon', 'tab' or 'pipe'."""
        return _DELIMITER_NAMES.get(self.delimiter, repr(self.delimiter))


def decode(data: bytes) -> tuple[str, str]:
    """The text of a file and the name of its encoding (UTF-8, with BOM, UTF-16, Windows-1252...)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "UTF-8 with BOM"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    # lazy: only undecodable text needs it
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    name = best.encoding if best is not None else "cp1252"
    if name in _WESTERN or best is None:
        try:
            return data.decode("cp1252"), "Windows-1252"
        except UnicodeDecodeError:
            pass
    if best is None:
        raise ImportFailed("The file's text encoding cannot be recognised; save it as UTF-8.")
    return str(best), name


def looks_like_table(text: str) -> bool:
    """True when text reads as delimited rows rather than JSON or prose."""
    start = text.lstrip("\ufeff \r\n\t")
    if not start or start[0] in "{[":
        return False
    first = start.splitlines()[0]
    return any(first.count(d) >= 1 for d in DELIMITERS)


def sniff(text: str, hint: str | None = None) -> str:
    """The delimiter that splits the first lines most consistently (ties: the hint, then comma)."""
    sample = "\n".join(text.splitlines()[:30])
    best, best_score = ",", (-1, -1, -1)
    for d in DELIMITERS:
        try:
            rows = [r for r in csv.reader(io.StringIO(sample), delimiter=d) if any(r)]
        except csv.Error:  # a cell over the size limit, odd quoting: not this delimiter
            continue
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        same = sum(1 for r in rows[1:] if len(r) == width)
        score = (same, width, 1 if d == hint else 0)
        if score > best_score:
            best, best_score = d, score
    return best


def read_table(data: bytes, *, suffix: str = "") -> Sheet:
    """Decode and split a delimited file; physical line numbers count quoted newlines."""
    text, encoding = decode(data)
    delimiter = sniff(text, "\t" if suffix.lower() == ".tsv" else None)
    # strict: a quote that is never closed is an error, not a cell that swallows the rest
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: tuple[str, ...] | None = None
    header_line = 1
    rows: list[Row] = []
    consumed = 0
    try:
        for cells in reader:
            line = consumed + 1
            consumed = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = tuple(
                    c.strip().lstrip("\ufeff") or f"Column {i + 1}" for i, c in enumerate(cells)
                )
                header_line = line
                continue
            rows.append(Row(line, tuple(_clean(c) for c in cells)))
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise ImportFailed(
                f"Line {consumed + 1}: a quote opened on this line is never closed, so every "
                "row after it would be read as one cell; close the quote and import again. "
                "Nothing was imported."
            ) from None
        if "expected after" in str(exc):
            raise ImportFailed(
                f"Line {consumed + 1}: a quoted cell starting on this line is closed in the "
                f"middle of other text ({exc}); a quote is probably missing. Nothing was "
                "imported."
            ) from None
        raise ImportFailed(
            f"Line {consumed + 1}: the file cannot be read as a table ({exc}); nothing was imported."
        ) from None
    if header is None:
        raise ImportFailed("The file is empty; nothing was imported.")
    return Sheet(header, tuple(rows), encoding, delimiter, header_line)


def _clean(cell: str) -> str:
    """A cell without surrounding blanks, its line breaks as plain newlines."""
    text = cell.replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_STARTS:
        return text[1:]  # undo the guard `export --csv` puts before formula-like text
    return text
