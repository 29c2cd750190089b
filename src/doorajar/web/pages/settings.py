"""Settings: your profile first, then the playbook's numbers by part, mail and the web,
each setting with its value, default and help, editable."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from doorajar.settings import specs
from doorajar.web import render
from doorajar.web.app import NavItem
from doorajar.web.pages import calendar

NAV = NavItem("Settings", "/settings", 90)
router = APIRouter()

# How the page groups the settings (the store keeps them flat); anything not named here,
# a setting added later, shows under "Other" so it is never hidden.
PROFILE = ("user_name", "user_email", "user_signature", "user_linkedin", "language", "timezone")
PLAYBOOK = (
    ("Replies and cool-off", ("silent_after_days", "stale_after_days", "reply_to_form", "reply_due_hours", "cool_off_minutes")),
    ("Feedback", ("feedback_request", "feedback_request_delay_days", "feedback_follow_up_days")),
    ("Keeping the door open", ("linkedin_note_limit", "revisit_first_months", "revisit_second_months", "touch_every_months", "reapply_guard_months")),
    ("Momentum", ("weekly_target", "duplicate_window_days")),
    ("Patterns", ("patterns_days", "patterns_min_rejections", "patterns_min_stage")),
)  # fmt: skip
MAIL = (
    "imap_url", "drafts_folder", "smtp_host", "smtp_port", "smtp_user", "smtp_security",
    "mail_timeout_seconds", "review_threshold", "keep_raw_mail",
)  # fmt: skip


@router.get("/settings")
def settings(request: Request) -> Response:
    """Every setting, grouped as the playbook is."""
    rows = {row[0]: row for row in render.tracker(request).config()}
    kinds = {s.name: s for s in specs()}
    named = set(PROFILE) | set(MAIL) | {n for _, names in PLAYBOOK for n in names}
    playbook = [(title, [rows[n] for n in names if n in rows]) for title, names in PLAYBOOK]
    other = [row for name, row in rows.items() if name not in named]
    if other:
        playbook.append(("Other", other))
    return render.page(
        request,
        "settings.html",
        profile=[rows[n] for n in PROFILE if n in rows],
        playbook=playbook,
        mail=[rows[n] for n in MAIL if n in rows],
        specs=kinds,
        feed=calendar.feed_url(request),
    )


@router.post("/settings/{name}")
def change(request: Request, name: str, value: str = Form("")) -> Response:
    """Change one setting."""
    new = render.tracker(request).set_config(name, value)
    return render.redirect(f"/settings#{name}", ("ok", f"{name} is now {new!r}."))


@router.post("/settings/{name}/reset")
def reset(request: Request, name: str) -> Response:
    """Return one setting to its default."""
    new = render.tracker(request).set_config(name, None)
    return render.redirect(f"/settings#{name}", ("ok", f"{name} is back to its default, {new!r}."))
