"""The full metadata: the core tables and every feature's tables, in one place."""

from __future__ import annotations

from doorajar.store import tables
from doorajar.store.tables import Base

# Feature table modules register themselves on Base by being imported here.
_MODULES = (tables,)

metadata = Base.metadata
