"""A job-board server on 127.0.0.1 for the watch's tests, serving each vendor's shape.

The answers are written here, after the vendors' public API documentation: Greenhouse's
`jobs`, Lever's list of postings, Ashby's `jobs`, SmartRecruiters' pages of `content`
with `totalFound`, Workable's widget `jobs` and Recruitee's `offers`. A test changes what
a path answers (`serve`, `fail`, `slow`, `vanish`) and reads the requests it received.
Recruitee's boards live on the organisation's own host; here they are paths under
`/recruitee/{org}`, which `watch_url_recruitee` points to.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

VENDOR_PATHS = {
    "greenhouse": "/v1/boards/{token}/jobs",
    "lever": "/v0/postings/{token}",
    "lever_eu": "/eu/v0/postings/{token}",
    "ashby": "/posting-api/job-board/{token}",
    "smartrecruiters": "/v1/companies/{token}/postings",
    "workable": "/api/v1/widget/accounts/{token}",
    "recruitee": "/recruitee/{token}/api/offers/",
}


@dataclass
class Route:
    """What one path answers."""

    status: int = 200
    body: bytes = b""
    etag: str | None = None
    delay: float = 0.0
    fail_times: int = 0  # answer 503 this many times first


@dataclass
class Seen:
    """One request the server received."""

    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]


@dataclass
class BoardServer:
    """The running server: its base URL, its routes, the requests it received."""

    base: str
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[Seen] = field(default_factory=list)
    jobs: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # set when the test ends: a slow route stops holding its answer back
    closing: threading.Event = field(default_factory=threading.Event)

    def settings(self) -> dict[str, str]:
        """The watch_url_* settings pointing every vendor here."""
        out = {f"watch_url_{v}": self.base for v in VENDOR_PATHS if v not in ("recruitee",)}
        out["watch_url_lever_eu"] = self.base + "/eu"
        out["watch_url_recruitee"] = self.base + "/recruitee/{org}"
        return out

    def path(self, vendor: str, token: str) -> str:
        """The path a vendor's board is served at."""
        return VENDOR_PATHS[vendor].format(token=token)

    def serve(
        self, vendor: str, token: str, jobs: list[dict[str, Any]], *, etag: str | None = None
    ) -> None:
        """Serve these openings (in the vendor's shape, see `shape`) for a board."""
        p = self.path(vendor, token)
        self.jobs[p] = jobs
        body = b"" if vendor == "smartrecruiters" else json.dumps(shape(vendor, jobs)).encode()
        self.routes[p] = Route(body=body, etag=etag)

    def fail(self, vendor: str, token: str, status: int, body: bytes = b"oops") -> None:
        """Answer with an HTTP error."""
        self.routes[self.path(vendor, token)] = Route(status=status, body=body)

    def raw(self, vendor: str, token: str, body: bytes) -> None:
        """Answer 200 with these bytes (malformed JSON, a wrong shape)."""
        self.routes[self.path(vendor, token)] = Route(body=body)

    def slow(self, vendor: str, token: str, seconds: float) -> None:
        """Answer only after a pause (the client's timeout is shorter)."""
        self.routes[self.path(vendor, token)].delay = seconds

    def vanish(self, vendor: str, token: str) -> None:
        """The board is taken down: 404 from now on."""
        self.routes.pop(self.path(vendor, token), None)
        self.jobs.pop(self.path(vendor, token), None)

    def hits(self, vendor: str, token: str) -> list[Seen]:
        """The requests made for a board."""
        p = self.path(vendor, token)
        return [r for r in self.requests if r.path == p]


def shape(vendor: str, jobs: list[dict[str, Any]]) -> Any:
    """Openings given as {id, title, location, posted (ISO), remote} in a vendor's shape."""
    if vendor == "greenhouse":
        return {
            "jobs": [
                {
                    "id": int(j["id"]),
                    "internal_job_id": int(j["id"]) + 1000,
                    "title": j["title"],
                    "updated_at": j["posted"],
                    "first_published": j["posted"],
                    "requisition_id": None,
                    "location": {"name": j.get("location", "")},
                    "absolute_url": f"https://boards.example/acme/jobs/{j['id']}",
                    "metadata": None,
                }
                for j in jobs
            ],
            "meta": {"total": len(jobs)},
        }
    if vendor in ("lever", "lever_eu"):
        from datetime import datetime

        return [
            {
                "id": str(j["id"]),
                "text": j["title"],
                "categories": {
                    "location": j.get("location", ""),
                    "team": "Data",
                    "commitment": "Full-time",
                },
                "createdAt": int(datetime.fromisoformat(j["posted"]).timestamp() * 1000),
                "hostedUrl": f"https://jobs.example/acme/{j['id']}",
                "applyUrl": f"https://jobs.example/acme/{j['id']}/apply",
                "workplaceType": "remote" if j.get("remote") else "onsite",
                "descriptionPlain": "About the role.",
                "lists": [],
            }
            for j in jobs
        ]
    if vendor == "ashby":
        return {
            "apiVersion": "1",
            "jobs": [
                {
                    "id": str(j["id"]),
                    "title": j["title"],
                    "location": j.get("location", ""),
                    "department": "Data",
                    "team": "Platform",
                    "isListed": j.get("listed", True),
                    "isRemote": bool(j.get("remote")),
                    "publishedAt": j["posted"],
                    "employmentType": "FullTime",
                    "jobUrl": f"https://jobs.example/acme/{j['id']}",
                    "applyUrl": f"https://jobs.example/acme/{j['id']}/application",
                }
                for j in jobs
            ],
        }
    if vendor == "smartrecruiters":
        return [
            {
                "id": str(j["id"]),
                "name": j["title"],
                "uuid": f"uuid-{j['id']}",
                "refNumber": f"REF{j['id']}",
                "releasedDate": j["posted"],
                "location": {
                    "city": j.get("location", ""),
                    "country": "de",
                    "remote": bool(j.get("remote")),
                },
                "department": {"id": "1", "label": "Data"},
                "typeOfEmployment": {"label": "Full-time"},
            }
            for j in jobs
        ]
    if vendor == "workable":
        return {
            "name": "Acme",
            "description": None,
            "jobs": [
                {
                    "title": j["title"],
                    "shortcode": str(j["id"]),
                    "code": "",
                    "employment_type": "Full-time",
                    "telecommuting": bool(j.get("remote")),
                    "department": "Data",
                    "url": f"https://apply.example/j/{j['id']}",
                    "shortlink": f"https://apply.example/j/{j['id']}",
                    "application_url": f"https://apply.example/j/{j['id']}/apply",
                    "published_on": j["posted"][:10],
                    "created_at": j["posted"][:10],
                    "country": "Germany",
                    "city": j.get("location", ""),
                    "state": "",
                    "education": "",
                }
                for j in jobs
            ],
        }
    if vendor == "recruitee":
        return {
            "offers": [
                {
                    "id": int(j["id"]),
                    "slug": f"job-{j['id']}",
                    "title": j["title"],
                    "location": j.get("location", ""),
                    "city": j.get("location", ""),
                    "country": "Germany",
                    "remote": bool(j.get("remote")),
                    "department": "Data",
                    "published_at": j["posted"].replace("T", " ")[:19] + " UTC",
                    "careers_url": f"https://acme.example/o/job-{j['id']}",
                    "status": "published",
                }
                for j in jobs
            ]
        }
    raise ValueError(vendor)


def _handler(server: BoardServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            server.requests.append(
                Seen(parts.path, query, {k.lower(): v for k, v in self.headers.items()})
            )
            route = server.routes.get(parts.path)
            if route is None:
                self._send(404, b'{"error": "not found"}')
                return
            if route.delay:  # a slow board: hold the answer back, up to the test's end
                server.closing.wait(route.delay)
            if route.fail_times > 0:
                route.fail_times -= 1
                self._send(503, b"busy")
                return
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self._send(304, b"", route.etag)
                return
            body = route.body
            if route.status == 200 and parts.path in server.jobs and not body:
                # SmartRecruiters: a page of `content` from `offset`, `limit` at a time
                jobs = shape("smartrecruiters", server.jobs[parts.path])
                offset = int(query.get("offset", ["0"])[0])
                limit = int(query.get("limit", ["100"])[0])
                body = json.dumps(
                    {
                        "offset": offset,
                        "limit": limit,
                        "totalFound": len(jobs),
                        "content": jobs[offset : offset + limit],
                    }
                ).encode()
            self._send(route.status, body, route.etag)

        def _send(self, status: int, body: bytes, etag: str | None = None) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                if etag:
                    self.send_header("ETag", etag)
                self.end_headers()
                if status != 304:
                    self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (the timeout test)

    return Handler


@pytest.fixture
def board_server() -> Iterator[BoardServer]:
    """A job-board server on a free port of 127.0.0.1, for one test."""
    holder = BoardServer(base="")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(holder))
    httpd.daemon_threads = True
    holder.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield holder
    finally:
        holder.closing.set()
        httpd.shutdown()
        httpd.server_close()
