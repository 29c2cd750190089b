"""`ajar server serve`: the personal mode's web app, for a centre's many users.

The same app (`doorajar.web.create_app`) over the app role's database, with sign-in by
email and password in front: every request's transactions act for the signed-in user (the
SET LOCAL setting row-level security reads). Sessions are `accounts.Sessions` in
PostgreSQL, so another worker or a restarted one keeps them. Behind a reverse proxy that
signs users in (Shibboleth, SAML or OIDC), its header names the user, and is believed only
from the proxy addresses given."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from fastapi import APIRouter, FastAPI, Form, Request
from starlette.responses import RedirectResponse, Response

from doorajar import timeutil
from doorajar.config import Location
from doorajar.errors import InvalidInput
from doorajar.server import accounts
from doorajar.server.setup import app_url
from doorajar.service import Tracker
from doorajar.store import repo_users
from doorajar.store.db import Store
from doorajar.web import WebSettings, create_app, render
from doorajar.web.security import CSRF_COOKIE, SESSION_COOKIE, new_csrf_token

ENV_CONFIG = "AJAR_SERVE_CONFIG"
DEVICE_COOKIE = "ajar_device"
DEVICE_DAYS = 365


@dataclass(frozen=True)
class ServeConfig:
    """What every worker process needs; handed to them in $AJAR_SERVE_CONFIG."""

    home: str
    host: str = "127.0.0.1"
    port: int = 8765
    trusted_proxies: tuple[str, ...] = ()
    proxy_header: str = "X-Remote-User"
    secure_cookies: bool = False

    def to_env(self) -> str:
        """The config as the workers read it."""
        return json.dumps(asdict(self))

    @classmethod
    def from_env(cls) -> ServeConfig:
        """The config the serving command left for this worker."""
        doc = json.loads(os.environ[ENV_CONFIG])
        doc["trusted_proxies"] = tuple(doc.get("trusted_proxies", ()))
        return cls(**doc)


def _source(request: Request, config: ServeConfig) -> str:
    """The address a request came from: the proxy's client when it came through a trusted
    proxy, else the connection's peer."""
    peer = request.client.host if request.client else ""
    if peer in config.trusted_proxies:
        forwarded = request.headers.get("x-forwarded-for", "").split(",")[-1].strip()
        return forwarded or peer
    return peer


def _cookie(response: Response, name: str, value: str, secure: bool, days: int = 0) -> None:
    response.set_cookie(
        name,
        value,
        path="/",
        httponly=True,
        samesite="strict",
        secure=secure,
        max_age=days * 86400 if days else None,
    )


def _router(store: Store, sessions: accounts.Sessions, config: ServeConfig) -> APIRouter:
    router = APIRouter()
    secure = config.secure_cookies

    @router.get("/login")
    def login_form(request: Request) -> Response:
        nxt = render.local_path(request.query_params.get("next")) or "/"
        return render.page(request, "server_login.html", next=nxt)

    @router.post("/login")
    def login(
        request: Request,
        email: str = Form(""),
        password: str = Form(""),
        next: str | None = Form(None),
    ) -> Response:
        nxt = render.local_path(next) or "/"
        known = sessions.known(email, request.cookies.get(DEVICE_COOKIE))
        now = timeutil.utcnow()
        result = accounts.sign_in(store, email, password, _source(request, config), known, now)
        if result.user_id is None:
            waiting = result.wait_seconds
            error = (
                f"Too many wrong passwords; try again in {waiting} seconds."
                if waiting
                else "That email and password do not match an account."
            )
            return render.page(
                request,
                "server_login.html",
                status=429 if waiting else 401,
                next=nxt,
                email=email,
                error=error,
            )
        response = RedirectResponse(nxt, status_code=303)
        # a new session, and a new CSRF token with it
        _cookie(response, CSRF_COOKIE, new_csrf_token(), secure)
        _cookie(response, SESSION_COOKIE, sessions.start(result.user_id, now), secure)
        _cookie(response, DEVICE_COOKIE, sessions.device(email), secure, DEVICE_DAYS)
        return response

    @router.post("/logout")
    def logout(request: Request) -> Response:
        sessions.end(request.cookies.get(SESSION_COOKIE))
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    @router.get(accounts.LINK_PATH + "{secret}")
    def password_form(request: Request, secret: str) -> Response:
        email = accounts.link_email(store, secret, timeutil.utcnow())
        if email is None:
            return _dead_link(request)
        return render.page(request, "server_password.html", email=email, action=request.url.path)

    @router.post(accounts.LINK_PATH + "{secret}")
    def set_password(
        request: Request, secret: str, password: str = Form(""), repeat: str = Form("")
    ) -> Response:
        now = timeutil.utcnow()
        email = accounts.link_email(store, secret, now)
        if email is None:
            return _dead_link(request)
        try:
            if password != repeat:
                raise InvalidInput("The two passwords differ.")
            accounts.set_password(store, secret, password, now)
        except InvalidInput as exc:
            return render.page(
                request,
                "server_password.html",
                status=400,
                email=email,
                error=exc.message,
                action=request.url.path,
            )
        return render.page(
            request, "server_login.html", next="/", email=email, message="Password set; sign in."
        )

    return router


def _dead_link(request: Request) -> Response:
    return render.page(
        request,
        "error.html",
        status=404,
        message="This link was used already or has expired; ask for a new one.",
        title="Not found",
    )


def build_app(config: ServeConfig) -> FastAPI:
    """The app one worker process serves."""
    home = Path(config.home)
    url = app_url(home)
    store = Store(url, migrate_schema=False)
    sessions = accounts.Sessions(store, accounts.session_secret(home))

    def authenticate(request: Request) -> int | None:
        peer = request.client.host if request.client else ""
        named = request.headers.get(config.proxy_header)
        if named and peer in config.trusted_proxies:
            with store.transaction() as s:
                user = repo_users.find_user(s, named)
            return None if user is None else user.id
        return sessions.user(request.cookies.get(SESSION_COOKIE), timeutil.utcnow())

    settings = WebSettings(
        Location(home, url),
        host=config.host,
        port=config.port,
        secure_cookies=config.secure_cookies,
        sweep_every_seconds=None,  # the job worker sweeps every seeker
        tracker=Tracker(store, Location(home, url)),
        routers=(_router(store, sessions, config),),
        authenticate=authenticate,
        open_paths=(accounts.LINK_PATH,),
    )
    return create_app(settings)


def app_factory() -> FastAPI:
    """uvicorn's factory in each worker process."""
    return build_app(ServeConfig.from_env())
