"""A browser-like client for the web UI in process, and what the web tests share."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import timedelta
from html import unescape
from pathlib import Path
from typing import Any, cast

import httpx
import pytest
from fastapi.testclient import TestClient

from doorajar.config import resolve
from doorajar.model import RejectionKind, Stage
from doorajar.service import Tracker
from doorajar.web import WebSettings, create_app

BASE = "http://127.0.0.1:8765"


class Web:
    """A browser-like client: keeps cookies, sends the CSRF token where the forms of the
    pages put it (in the address they post to)."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self._for: tuple[str | None, str | None] | None = None  # the cookies _token is for
        self._token = ""

    def get(self, path: str, **kw: Any) -> httpx.Response:
        # cast: starlette types TestClient on httpx2, which it imports only when type
        # checking; at run time it falls back to the httpx installed here.
        return cast(httpx.Response, self.client.get(path, **kw))

    def page(self, path: str) -> str:
        r = self.get(path)
        assert r.status_code == 200, (path, r.status_code, r.text[:500])
        return r.text

    def token(self) -> str:
        """The CSRF token the pages carry now (it is bound to the session, so it changes
        at sign-in), read from a page as a browser has it."""
        cookies = (self.client.cookies.get("ajar_csrf"), self.client.cookies.get("ajar_session"))
        if cookies != self._for:
            html = self.client.get("/login").text
            found = re.search(r'<meta name="csrf-token" content="([^"]*)">', html)
            assert found, html[:300]
            self._for = (self.client.cookies.get("ajar_csrf"), cookies[1])
            self._token = found.group(1)
        return self._token

    def signed(self, path: str) -> str:
        """The address a page's form posts to: the path with the CSRF token in its query."""
        return f"{path}{'&' if '?' in path else '?'}csrf={self.token()}"

    def post(
        self, path: str, data: Mapping[str, str | list[str]] | None = None, **kw: Any
    ) -> httpx.Response:
        return cast(
            httpx.Response,
            self.client.post(self.signed(path), data=data or {}, follow_redirects=False, **kw),
        )

    def submit(self, path: str, data: Mapping[str, str | list[str]] | None = None) -> str:
        """Post a form and follow the redirect, as a browser does; returns the next page."""
        r = self.post(path, data)
        assert r.status_code == 303, (path, r.status_code, r.text[:500])
        return self.page(r.headers["location"])


def text_of(html: str) -> str:
    """The visible text of a page, whitespace collapsed."""
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


# Markup that must come out inert wherever user text is shown.
XSS = '<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">x</a>'


@contextmanager
def serve(home: Path) -> Iterator[Web]:
    """The web UI of a data home in process (no background sweep), as a browser sees it."""
    app = create_app(WebSettings(resolve(home), port=8765, sweep_every_seconds=None))
    with TestClient(app, base_url=BASE) as client:
        yield Web(client)


# Fixtures the feature pages' tests share: import them into a test module to use them.
@pytest.fixture(name="web")
def web_fixture(tracker: Tracker, home: Path) -> Iterator[Web]:
    app = create_app(WebSettings(resolve(home), port=8765, sweep_every_seconds=None))
    with TestClient(app, base_url=BASE) as client:
        yield Web(client)


@pytest.fixture(name="rejected")
def rejected_fixture(tracker: Tracker) -> int:
    """A final-round application turned down by Dana Li, with her address, and your name set."""
    now = tracker.now()
    app = tracker.apply("Acme Robotics", "Data Engineer", at=now - timedelta(days=20)).application
    tracker.advance(str(app.id), Stage.FINAL_ROUND, at=now - timedelta(days=5))
    tracker.add_contact("Dana Li", company="Acme Robotics", email="dana@acme.example")
    tracker.reject(str(app.id), kind=RejectionKind.PERSONAL, contact="Dana Li",
                   at=now - timedelta(hours=3))  # fmt: skip
    tracker.set_config("user_name", "Sam Rivera")
    tracker.set_config("user_email", "sam@example.com")
    return app.id
