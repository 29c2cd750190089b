"""Your data: downloads of every export (the JSON backup, the tables as CSV or xlsx, the
calendar, a printable history of the search) and a spreadsheet import with a preview,
the columns' mapping and a confirmation before anything is written."""

from __future__ import annotations

import base64
import binascii
import tempfile
from itertools import groupby
from pathlib import Path

from fastapi import APIRouter, Request
from starlette.datastructures import UploadFile
from starlette.responses import Response

from doorajar.csvio import report, write
from doorajar.csvio.mapping import Field
from doorajar.csvio.service import Verdict
from doorajar.errors import ImportFailed, InvalidInput
from doorajar.web import forms, render
from doorajar.web.app import NavItem

NAV = NavItem("Your data", "/data", 85)
router = APIRouter()

PROFILES = ("jobsync", "huntr", "doorajar", "generic")
TABLES = {"applications": False, "history": True}


def _download(data: bytes | str, name: str, media: str) -> Response:
    body = data.encode("utf-8") if isinstance(data, str) else data
    return Response(
        body, media_type=media, headers={"content-disposition": f'attachment; filename="{name}"'}
    )


@router.get("/data")
def overview(request: Request) -> Response:
    """The downloads, and the form to bring in a spreadsheet."""
    return render.page(request, "data.html", profiles=PROFILES, title="Your data")


@router.get("/data/doorajar-backup.json")
def backup(request: Request) -> Response:
    """The whole database as one JSON document, the file an import reads back."""
    text = render.tracker(request).export_json()
    return _download(text + "\n", "doorajar-backup.json", "application/json")


@router.get("/data/calendar.ics")
def calendar(request: Request) -> Response:
    """Every open action of the next 30 days (and what is overdue) as calendar events."""
    data = render.tracker(request).planner.calendar(30)
    return _download(data, "doorajar.ics", "text/calendar; charset=utf-8")


@router.get("/data/{table}.{fmt}")
def table(request: Request, table: str, fmt: str) -> Response:
    """The applications (one row each) or the history (one row per event) as CSV or xlsx."""
    if table not in TABLES or fmt not in ("csv", "xlsx"):
        return render.page(
            request, "error.html", status=404, message="No such page.", title="Not found"
        )
    t = render.tracker(request)
    history = TABLES[table]
    cells = write.table(t.csv.history() if history else t.csv.application_rows(), history)
    if fmt == "csv":
        # a BOM so that Excel shows accented names right when the file is double-clicked
        return _download("\ufeff" + write.to_csv(cells), f"doorajar-{table}.csv", "text/csv")
    with tempfile.TemporaryDirectory(prefix="ajar-xlsx-") as folder:
        path = Path(folder) / f"doorajar-{table}.xlsx"
        write.to_xlsx(cells, path, table.capitalize())
        data = path.read_bytes()
    media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _download(data, path.name, media)


@router.get("/data/history")
def history(request: Request) -> Response:
    """Every application with its dated steps, to print as proof of the search."""
    events = render.tracker(request).csv.history()
    ordered = sorted(events, key=lambda e: (e.application_id, e.day))
    apps = [(key, list(steps)) for key, steps in groupby(ordered, key=lambda e: e.application_id)]
    return render.page(request, "data_history.html", apps=apps, title="Application history")


@router.post("/data/import")
async def import_table(request: Request) -> Response:
    """Read an uploaded spreadsheet: the preview and mapping first; with `confirm`, import."""
    form = await request.form()
    t = render.tracker(request)
    upload = form.get("file")
    if isinstance(upload, UploadFile) and upload.filename:
        await upload.seek(0)
        data = await upload.read()
        name = Path(upload.filename).name
    else:
        try:
            data = base64.b64decode(str(form.get("data") or ""), validate=True)
        except binascii.Error:
            raise InvalidInput("The file did not come through; choose it again.") from None
        name = str(form.get("name") or "the file")
    if not data.strip():
        raise ImportFailed(f"Nothing to import: {name} is empty.")
    profile = forms.text(str(form.get("profile") or "")) or None
    dates = forms.text(str(form.get("dates") or "")) or None
    update = form.get("update") == "true"
    maps = [
        f"{key[4:]}={value}"
        for key, value in form.multi_items()
        if key.startswith("map:") and isinstance(value, str) and value
    ]
    suffix = Path(name).suffix
    try:
        reading = t.csv.read(data, suffix=suffix, profile=profile, maps=maps, dates=dates)
    except ImportFailed as exc:
        if "No column holds" not in exc.message:
            raise
        reading = None
        problem = exc.message.split("; name it with")[0] + ". Choose below which column is which."
    if reading is not None and form.get("confirm") == "true":
        with render.labelled(request, f"import {name}"):
            done = t.csv.apply(reading, update=update)
        return render.redirect("/applications", ("ok", report.summary(done)))
    header = list(reading.sheet.header) if reading is not None else _header(data, suffix)
    planned = t.csv.preview(reading, update=update) if reading is not None else None
    chosen = dict(m.split("=", 1) for m in maps)
    if reading is not None:
        chosen = {c.name: c.field.value for c in reading.columns if c.field is not None} | chosen
    return render.page(
        request,
        "data_import.html",
        title="Import a spreadsheet",
        name=name,
        encoded=base64.b64encode(data).decode("ascii"),
        planned=planned,
        lines=report.preview(planned, name) if planned is not None else [],
        summary=report.summary(planned) if planned is not None else "",
        todo=(planned.count(Verdict.ADD) + planned.count(Verdict.UPDATE)) if planned else 0,
        problem=None if reading is not None else problem,
        header=header,
        chosen=chosen,
        fields=[f.value for f in Field],
        profiles=PROFILES,
        profile=profile or "",
        dates=dates or "",
        update=update,
    )


def _header(data: bytes, suffix: str) -> list[str]:
    # lazy: the spreadsheet reader, loaded by the import alone
    from doorajar.csvio.read import read_table

    return list(read_table(data, suffix=suffix).header)
