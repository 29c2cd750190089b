"""The app factory: `create_app(WebSettings)` builds the FastAPI app over one Tracker.

Pages live in `doorajar.web.pages`, one module per page or feature; each exposes a
`router` (and a `NAV` entry to appear in the menu) and is picked up automatically.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import os
import pkgutil
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import PlainTextResponse, Response

from doorajar.config import Location
from doorajar.errors import DoorajarError, InvalidInput
from doorajar.service import Tracker
from doorajar.web import render
from doorajar.web.security import (
    SAFE_METHODS,
    Failures,
    Guard,
    Signer,
    allowed_hosts,
    is_loopback,
    load_password_hash,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WebSettings:
    """How to serve: where the data is, the address, and the password hash (if any)."""

    location: Location
    host: str = "127.0.0.1"
    port: int = 8765
    password_hash: str | None = None
    secret: bytes = field(default_factory=lambda: os.urandom(32), repr=False)
    secure_cookies: bool = False
    sweep_every_seconds: float | None = 3600.0  # None: never look for silence
    # server mode (doorajar.server.web): the tracker over the app role's database, pages
    # that come before this app's own (sign-in), and who the request's user is (None: no
    # one; the guard then asks to sign in) for every page that is not open
    tracker: Tracker | None = field(default=None, repr=False)
    routers: tuple[Any, ...] = ()
    authenticate: Callable[[Request], int | None] | None = field(default=None, repr=False)
    open_paths: tuple[str, ...] = ()

    @classmethod
    def for_home(cls, location: Location, **kwargs: Any) -> WebSettings:
        """Settings that read the password hash stored in the data home."""
        return cls(location, password_hash=load_password_hash(location.home), **kwargs)


@dataclass(frozen=True)
class NavItem:
    """A page in the main menu."""

    label: str
    path: str
    order: int = 50

    def current(self, path: str) -> bool:
        """True when the page being shown is this item (or below it)."""
        return path == self.path or (self.path != "/" and path.startswith(self.path + "/"))


def _status(exc: DoorajarError) -> int:
    return exc.http_status


async def guard_writes(request: Request) -> AsyncIterator[None]:
    """Writes go one at a time. (Every state-changing request got here with its CSRF token
    checked by the Guard, before any of its body was read.)"""
    if request.method in SAFE_METHODS:
        yield
        return
    if "form" in request.headers.get("content-type", ""):
        nxt = (await request.form()).get("next")
        # where to send the user back to, should the change be refused
        request.state.next = nxt if isinstance(nxt, str) else None
    async with request.app.state.write_lock:
        yield


def pages() -> list[Any]:
    """Every page module, in name order."""
    # lazy: the page modules import NavItem from here, so they are found once this module is loaded
    from doorajar.web import pages as package

    return [
        importlib.import_module(f"{package.__name__}.{info.name}")
        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name)
    ]


def create_app(settings: WebSettings) -> FastAPI:
    """The web UI over the data at `settings.location`."""
    login_required = (
        settings.authenticate is not None
        or settings.password_hash is not None
        or not is_loopback(settings.host)
    )
    if login_required and settings.password_hash is None and settings.authenticate is None:
        raise InvalidInput(
            f"Serving on {settings.host} lets other machines in: set a password first "
            "with `ajar serve --set-password`."
        )
    tracker = settings.tracker or Tracker.open(settings.location)
    tracker.unit.command = "web"  # how the history names a page's change unless it says more

    async def sweep_once() -> None:
        # Silence becomes a rejection with time, not with a click: look for it as one more
        # writer in line, so that pages themselves only ever read.
        async with app.state.write_lock:
            try:
                await asyncio.to_thread(tracker.sweep)
            except DoorajarError as exc:  # pragma: no cover - reported, tried again later
                log.warning("could not look for silent rejections: %s", exc.message)

    async def sweep_now_and_then(every: float) -> None:
        while True:
            await asyncio.sleep(every)
            await sweep_once()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        task = None
        if settings.sweep_every_seconds:
            await sweep_once()
            task = asyncio.create_task(sweep_now_and_then(settings.sweep_every_seconds))
        yield
        if task is not None:
            task.cancel()
        tracker.close()

    app = FastAPI(
        title="doorajar",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=lifespan,
        dependencies=[Depends(guard_writes)],
    )
    signer = Signer(settings.secret)
    app.state.tracker = tracker
    app.state.settings = settings
    app.state.signer = signer
    app.state.login_required = login_required
    app.state.write_lock = asyncio.Lock()
    app.state.failures = Failures()
    app.state.env = render.environment()
    app.state.last_sweep = None
    nav: list[NavItem] = []
    for router in settings.routers:  # first, so that they answer before the pages below
        app.include_router(router)
    for module in pages():
        app.include_router(module.router)
        item = getattr(module, "NAV", None)
        if isinstance(item, NavItem):
            nav.append(item)
    app.state.nav = sorted(nav, key=lambda n: (n.order, n.label))
    static = StaticFiles(packages=[("doorajar.web", "static")])
    app.mount("/static", static, name="static")
    _errors(app)
    app.add_middleware(
        Guard,
        hosts=allowed_hosts(settings.host, settings.port),
        signer=signer,
        login_required=login_required,
        secure_cookies=settings.secure_cookies,
        authenticate=settings.authenticate,
        open_paths=("/login", "/static/", "/calendar/", *settings.open_paths),
    )
    return app


_CLAUSE = re.compile(r"(?<=[.;?!])\s+")


def web_words(message: str) -> str:
    """A core message without its pointers to a command to run: the web has a form for
    every action, so "`ajar list` shows them all" is left out ("#5 reads as not job mail;
    use `ajar review fix 5`…" becomes "#5 reads as not job mail.")."""
    kept = [c for c in _CLAUSE.split(message.strip()) if "`ajar " not in c]
    if not kept:
        return message
    out = " ".join(kept)
    return out[:-1] + "." if out.endswith((";", ",", ":")) else out


def _errors(app: FastAPI) -> None:
    @app.exception_handler(DoorajarError)
    async def domain_error(request: Request, exc: DoorajarError) -> Response:
        said = web_words(exc.message)
        if request.method not in SAFE_METHODS:
            # Back to the form's page, with the reason on top of it.
            to = render.back(request, "/", getattr(request.state, "next", None))
            return render.redirect(to, ("error", said))
        return render.page(
            request, "error.html", status=_status(exc), message=said, title="Not possible"
        )

    @app.exception_handler(RequestValidationError)
    async def bad_form(request: Request, exc: RequestValidationError) -> Response:
        fields = sorted({str(e["loc"][-1]) for e in exc.errors() if e.get("loc")})
        message = "Some fields could not be read: " + ", ".join(fields) + "."
        if request.method in SAFE_METHODS:
            return render.page(
                request, "error.html", status=400, message=message, title="Not possible"
            )
        return render.redirect(
            render.back(request, "/", getattr(request.state, "next", None)), ("error", message)
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        too_large = request.scope.get("state", {}).get("too_large")
        if too_large:  # the body outgrew its limit while it was read
            return PlainTextResponse(str(too_large), status_code=413)
        if exc.status_code == 404:
            return render.page(
                request, "error.html", status=404, message="No such page.", title="Not found"
            )
        return PlainTextResponse(str(exc.detail), status_code=exc.status_code)
