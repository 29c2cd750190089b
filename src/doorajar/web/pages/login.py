"""Logging in, when a password guards the UI (always, when serving beyond this machine)."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from doorajar.web import render
from doorajar.web.security import CSRF_COOKIE, SESSION_COOKIE, new_csrf_token, verify_password

router = APIRouter()


@router.get("/login")
def login_form(request: Request) -> Response:
    """The login form."""
    nxt = render.local_path(request.query_params.get("next")) or "/"
    return render.page(request, "login.html", next=nxt)


@router.post("/login")
def login(request: Request, password: str = Form(""), next: str | None = Form(None)) -> Response:
    """Check the password and start a session."""
    state = request.app.state
    stored = state.settings.password_hash
    source = request.client.host if request.client else ""
    if state.failures.blocked(source):
        return render.page(
            request,
            "login.html",
            status=429,
            next=next or "/",
            error="Too many wrong passwords; wait a few minutes.",
        )
    if not stored or not verify_password(password, stored):
        state.failures.add(source)
        return render.page(
            request, "login.html", status=401, next=next or "/", error="That password is not right."
        )
    response = RedirectResponse(render.local_path(next) or "/", status_code=303)
    # a new session, and a new visitor cookie: the CSRF token changes at sign-in
    response.set_cookie(
        CSRF_COOKIE,
        new_csrf_token(),
        path="/",
        httponly=True,
        samesite="strict",
        secure=state.settings.secure_cookies,
    )
    response.set_cookie(
        SESSION_COOKIE,
        state.signer.session(),
        path="/",
        httponly=True,
        samesite="strict",
        secure=state.settings.secure_cookies,
    )
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    """End the session."""
    request.app.state.signer.revoke(request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
