"""Rendering: the Jinja environment, the page helper every route uses, flash
messages carried across a redirect, and safe rendering of untrusted text.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, tzinfo
from typing import Any
from urllib.parse import urlsplit

import jinja2
import nh3
from jinja2.ext import Extension
from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from doorajar import __version__
from doorajar.agenda.rules import relative
from doorajar.model import MESSAGE_KINDS
from doorajar.service import Tracker
from doorajar.web.security import CSRF_QUERY

FLASH_COOKIE = "ajar_flash"
# the only forms a flash may offer to send: take back a change, or restore a deletion
_UNDO_PATH = re.compile(r"/(history/\d+/undo|trash/\d+/restore)")

# Tags kept when an email's HTML is shown; everything else (scripts, styles, forms,
# images, iframes, event handlers) is dropped by nh3.
_SAFE_TAGS = {
    "a", "b", "blockquote", "br", "code", "div", "em", "h1", "h2", "h3", "h4", "hr", "i",
    "li", "ol", "p", "pre", "span", "strong", "table", "tbody", "td", "th", "thead", "tr",
    "u", "ul",
}  # fmt: skip


_FORM_TAG = re.compile(r"<form\b[^>]*>", re.I)
_POST = re.compile(r"""\bmethod=["']?post\b""", re.I)
_ACTION = re.compile(r'\baction="([^"]*)"', re.I)


class TokenInForms(Extension):
    """Puts the CSRF token into the action of every POST form, as the template is compiled:
    the server checks it there, before it reads a byte of the body, and no template can
    forget it. A POST form without an action is a template error."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        def tag(m: re.Match[str]) -> str:
            form = m.group(0)
            if not _POST.search(form):
                return form
            if not _ACTION.search(form):
                line = source.count("\n", 0, m.start()) + 1
                raise jinja2.TemplateSyntaxError(
                    "a POST form needs an action, for its CSRF token", line, name, filename
                )
            return _ACTION.sub(
                lambda a: f'action="{{% filter with_csrf %}}{a.group(1)}{{% endfilter %}}"', form
            )

        return _FORM_TAG.sub(tag, source)


@jinja2.pass_context
def with_csrf(context: jinja2.runtime.Context, action: str) -> Markup:
    """A form's action with the page's CSRF token added to its query."""
    path, hash_, fragment = str(action).partition("#")
    joint = "&amp;" if "?" in path else "?"
    token = escape(context.get("csrf_token", ""))
    return Markup(f"{path}{joint}{CSRF_QUERY}={token}{hash_}{fragment}")


def environment() -> jinja2.Environment:
    """The template environment: package templates, autoescaping on everything, and the
    CSRF token in every POST form's action."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("doorajar.web", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        extensions=[TokenInForms],
    )
    env.filters["with_csrf"] = with_csrf
    env.globals["version"] = __version__
    env.globals["safe_url"] = safe_url
    env.globals["message_kinds"] = MESSAGE_KINDS
    env.filters["plural"] = plural
    return env


def safe_url(url: str | None) -> str | None:
    """The URL if it is http(s) or mailto, else None: no javascript: or data: links."""
    if not url:
        return None
    scheme = urlsplit(url.strip()).scheme.lower()
    return url.strip() if scheme in ("http", "https", "mailto") else None


def safe_html(html: str) -> Markup:
    """Email HTML made inert: no scripts, handlers, styles, forms or remote images."""
    clean = nh3.clean(
        html,
        tags=_SAFE_TAGS,
        attributes={"a": {"href", "title"}, "td": {"colspan"}, "th": {"colspan"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return Markup(clean)


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 application', '3 applications'."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def day(moment: datetime | None, tz: tzinfo, with_time: bool = False) -> str:
    """A stored moment as the user reads it: local and short."""
    if moment is None:
        return ""
    local = moment.astimezone(tz)
    return local.strftime("%a %d %b %Y, %H:%M" if with_time else "%a %d %b %Y")


def _flashes(request: Request) -> list[dict[str, str]]:
    raw = request.cookies.get(FLASH_COOKIE)
    if not raw:
        return []
    try:
        data = json.loads(base64.urlsafe_b64decode(raw.encode()).decode())
    except ValueError:
        return []
    if not isinstance(data, list):
        return []
    out = []
    for d in data[:5]:
        if not isinstance(d, dict):
            continue
        undo = d.get("undo")
        out.append(
            {
                "kind": str(d.get("kind", "ok")),
                "text": str(d.get("text", "")),
                "undo": undo if isinstance(undo, str) and _UNDO_PATH.fullmatch(undo) else "",
            }
        )
    return out


def tracker(request: Request) -> Tracker:
    """The Tracker this app serves."""
    t = request.app.state.tracker
    assert isinstance(t, Tracker)
    return t


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Render a page with what every page needs: nav, CSRF token, flashes, time helpers."""
    t = tracker(request)
    tz = t.tz()
    now = t.now()
    state = request.app.state
    when: Callable[..., str] = lambda m, with_time=False: day(m, tz, with_time)  # noqa: E731
    ctx = {
        "request": request,
        "csrf_token": request.scope.get("state", {}).get("csrf", ""),
        "nav": state.nav,
        "path": request.url.path,
        "login_required": state.login_required,
        "flashes": _flashes(request),
        "now": now,
        "tz": tz,
        "when": when,
        "relative": lambda m: relative(m, now, tz),
        "iso": lambda m: m.astimezone(tz).isoformat(timespec="minutes") if m else "",
        **context,
    }
    html = state.env.get_template(template).render(ctx)
    response = HTMLResponse(html, status_code=status)
    if request.cookies.get(FLASH_COOKIE):
        response.delete_cookie(FLASH_COOKIE, path="/")
    return response


def confirm(
    request: Request,
    *,
    question: str,
    points: list[str],
    action: str,
    button: str,
    cancel: str,
    title: str | None = None,
) -> HTMLResponse:
    """A page that asks before a change that is hard to see coming: what will happen, the
    button that does it (a POST to `action`) and a way back."""
    return page(
        request,
        "confirm.html",
        title=title or question,
        question=question,
        points=points,
        action=action,
        button=button,
        cancel=cancel,
    )


def fragment(request: Request, template: str, **context: Any) -> HTMLResponse:
    """A piece of a page, for an HTMX swap."""
    html = request.app.state.env.get_template(template).render(
        {"csrf_token": request.scope.get("state", {}).get("csrf", ""), **context}
    )
    return HTMLResponse(html)


def flash(response: Response, *messages: tuple[str, str], undo: str | None = None) -> Response:
    """Carry short messages ('ok' or 'error', text) to the next page; `undo` is the path
    of a form that takes the change back, offered with the first message."""
    data: list[dict[str, str]] = [{"kind": k, "text": t} for k, t in messages if t][:5]
    if data and undo:
        data[0]["undo"] = undo
    if data:
        raw = base64.urlsafe_b64encode(json.dumps(data).encode()).decode()
        response.set_cookie(FLASH_COOKIE, raw, path="/", httponly=True, samesite="strict")
    return response


def local_path(target: str | None) -> str | None:
    """A path on this site, or None: never a redirect to another one."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path.startswith("/") or parts.path.startswith("//") or "\\" in target:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def back(request: Request, default: str, next_: str | None = None) -> str:
    """Where to go after a change: the form's `next`, else the page it came from."""
    referer = request.headers.get("referer")
    if referer:
        parts = urlsplit(referer)
        if parts.netloc.lower() != request.headers.get("host", "").lower():
            referer = None
        else:
            referer = parts.path + (f"?{parts.query}" if parts.query else "")
    return local_path(next_) or local_path(referer) or default


def redirect(to: str, *messages: tuple[str, str], undo: str | None = None) -> Response:
    """See-other to a page, with flash messages (and an Undo button, given `undo`)."""
    return flash(RedirectResponse(to, status_code=303), *messages, undo=undo)


@contextmanager
def labelled(request: Request, what: str) -> Iterator[None]:
    """Name the changes made inside as the history shows them: 'web: delete #5 Substack'."""
    with tracker(request).unit.labelled(f"web: {what}"):
        yield
