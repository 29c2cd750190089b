"""The local web UI: `create_app(WebSettings)` and its pages, templates and static files."""

from __future__ import annotations

from doorajar.web.app import NavItem, WebSettings, create_app

__all__ = ["NavItem", "WebSettings", "create_app"]
