"""One module per page or feature.

A module here exposes `router` (a FastAPI `APIRouter`) and, to appear in the menu,
`NAV = NavItem(label, path, order)`. Routes parse their input, make one call into the
Tracker and render a template with `render.page`; changes answer with a redirect
(`render.redirect`) so a plain form post and an HTMX request behave the same.
"""
