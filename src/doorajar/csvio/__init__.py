"""Spreadsheets in and out: CSV/TSV import with previews, CSV and .xlsx export."""

from __future__ import annotations

from doorajar.csvio.service import CsvService

__all__ = ["CsvService"]
