"""Public job boards: the vendors' posting APIs, recognising a board, and ranking by fit.

This package knows nothing of the user's data. `clients.py` fetches a board's openings
over HTTP (httpx), `discover.py` recognises a board from a URL or a sender address, and
`fit.py` ranks an opening against the roles the user applied for. The watch that ties
them to the revisit list is `doorajar.people.watch`.
"""
