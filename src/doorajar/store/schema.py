"""The full metadata: the core tables and every feature's tables, in one place.

Feature modules keep their tables in `store/tables_<area>.py`; importing them here
registers them on `Base`, so migrations, the schema test and export see them all.
"""

from __future__ import annotations

import importlib
import pkgutil

from doorajar import store
from doorajar.store.tables import Base

for _info in sorted(pkgutil.iter_modules(store.__path__), key=lambda i: i.name):
    if _info.name.startswith("tables_"):
        importlib.import_module(f"doorajar.store.{_info.name}")

metadata = Base.metadata
