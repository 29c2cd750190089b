"""The unit of work: one store, one clock and one transaction per thread.

Every core operation and every feature service runs inside `Unit.tx()`. A call made
while a transaction is open on the same thread joins it, so several operations (a
scan batch, an import, `Tracker.batch()`) land together or not at all.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, tzinfo

from sqlalchemy.orm import Session

from doorajar import timeutil
from doorajar.config import Location
from doorajar.model import Application, PlannedAction
from doorajar.settings import Settings
from doorajar.store import journal, repo
from doorajar.store.db import LOCAL_OWNER, Store

_KEEP_LATE = 10_000

# The signed-in user of the request being served (set by the web's guard on a server); a
# context variable, so it follows the request into the worker thread of a page.
REQUEST_OWNER: ContextVar[int | None] = ContextVar("request_owner", default=None)


class Unit:
    """The store, the clock and the location that the core and the features share."""

    def __init__(
        self,
        store: Store,
        location: Location | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.store = store
        self.location = location
        # read through the module so tests can move time with one monkeypatch
        self.clock: Callable[[], datetime] = clock or (lambda: timeutil.utcnow())
        self._local = threading.local()  # the open transaction of this thread, if any
        self.command = "ajar"  # how the log names a change; the CLI sets the command line

    @property
    def owner(self) -> int:
        """The user this thread's transactions act for: the signed-in one on a server
        (`acting_as`), else the one user of a personal home."""
        owner: int | None = getattr(self._local, "owner", None)
        if owner is None:
            owner = REQUEST_OWNER.get()
        return LOCAL_OWNER if owner is None else owner

    @contextmanager
    def acting_as(self, owner: int) -> Iterator[None]:
        """Run this thread's transactions for user `owner` (a server's request or job)."""
        if getattr(self._local, "session", None) is not None:
            raise RuntimeError("the user cannot change inside a transaction")
        before: int | None = getattr(self._local, "owner", None)
        self._local.owner = owner
        try:
            yield
        finally:
            self._local.owner = before

    def now(self) -> datetime:
        """The current moment (UTC)."""
        return self.clock()

    @contextmanager
    def tx(self, *, automatic: bool = False, record: bool = True) -> Iterator[Session]:
        """One transaction; inside another one on this thread, that one is joined.

        What it writes is one operation of the log (`ajar history`, `ajar undo`), named
        by the command running; `automatic` marks the time-driven writes (the silence
        sweep), which undo takes back silently with the change they followed. Taking a
        change back itself runs with `record=False`.
        """
        current: Session | None = getattr(self._local, "session", None)
        if current is not None:
            if automatic:  # a sweep that opens a reading command's transaction
                journal.automatic_until_written(current)
            yield current
            return
        kept = len(self._late())
        try:
            with self.store.transaction(self.owner) as s:
                self._local.session = s
                info: dict[object, object] = {}
                if record:
                    group: journal.Group | None = getattr(self._local, "group", None)
                    info = journal.begin(
                        s,
                        journal.Pending(
                            command=getattr(self._local, "command", None) or self.command,
                            at=self.now(),
                            kind=group.kind if group else "change",
                            automatic=automatic,
                            group=group,
                        ),
                    )
                try:
                    yield s
                    if record:
                        journal.finish(s)
                finally:
                    info.pop(journal.PENDING, None)
                    self._local.session = None
        except BaseException:
            del self._late()[kept:]  # what a rolled-back plan left out never happened
            raise

    def _late(self) -> list[tuple[Application, PlannedAction]]:
        late: list[tuple[Application, PlannedAction]] | None = getattr(self._local, "late", None)
        if late is None:
            late = self._local.late = []
        return late

    def left_out(self, app: Application, actions: list[PlannedAction]) -> None:
        """Note actions a plan marked missed, for the command to sum up (`take_left_out`)."""
        late = self._late()
        late.extend((app, a) for a in actions)
        # a long-running server may never ask: keep the latest only
        del late[:-_KEEP_LATE]

    def take_left_out(self) -> list[tuple[Application, PlannedAction]]:
        """The actions marked missed on this thread since the last call, and forget them."""
        late = list(self._late())
        self._late().clear()
        return late

    @contextmanager
    def grouped(self, kind: str) -> Iterator[journal.Group]:
        """Make the transactions inside one entry of the log (a scan's batches, say)."""
        outer: journal.Group | None = getattr(self._local, "group", None)
        if outer is not None:
            yield outer
            return
        self._local.group = journal.Group(kind)
        try:
            yield self._local.group
        finally:
            self._local.group = None

    @contextmanager
    def labelled(self, command: str) -> Iterator[None]:
        """Name the operations of this thread (a web request) by `command`."""
        self._local.command = command
        try:
            yield
        finally:
            self._local.command = None

    def settings(self) -> Settings:
        """The user's settings."""
        with self.tx() as s:
            return repo.load_settings(s)

    def tz(self) -> tzinfo:
        """The user's time zone."""
        return timeutil.local_tz(self.settings().timezone)
