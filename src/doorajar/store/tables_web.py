"""Indexes the web UI's overviews lean on, so lists of thousands stay fast.

No new tables: the pages read the core ones. Sorting and paging by date, the board's
columns and the weekly momentum all walk `applications.applied_at`.
"""

from __future__ import annotations

from sqlalchemy import Index

from doorajar.store.tables import ApplicationRow

APPLIED_AT = Index(None, ApplicationRow.applied_at)
STAGE_APPLIED_AT = Index(None, ApplicationRow.stage, ApplicationRow.applied_at)
