"""Patterns: the funnel, where rejections cluster and what that usually means (with the
evidence), feedback themes, and the charts."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from starlette.responses import Response

from doorajar.web import charts, render
from doorajar.web.app import NavItem

NAV = NavItem("Patterns", "/patterns", 40)
router = APIRouter()

CHARTS = ("funnel", "rejections", "weekly", "times")
# A chart is a picture: its drawing may carry style attributes, never scripts.
CHART_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


@router.get("/patterns")
def patterns(request: Request) -> Response:
    """The reading of the whole search."""
    t = render.tracker(request)
    reading = t.patterns.analyse()
    return render.page(
        request,
        "patterns.html",
        p=reading,
        themes=t.patterns.themes(),
        charts=charts.charts(reading),
        draw=charts.svg,
    )


@router.get("/patterns/charts/{name}.svg")
def chart(request: Request, name: str) -> Response:
    """One chart as an SVG picture."""
    if name not in CHARTS:
        raise HTTPException(404)
    svg = render.tracker(request).patterns.chart(name)
    return Response(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        + svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
        if "xmlns=" not in svg.split(">", 1)[0]
        else svg,
        media_type="image/svg+xml",
        headers={"content-security-policy": CHART_CSP},
    )
