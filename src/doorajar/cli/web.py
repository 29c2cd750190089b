"""The `serve` command: the local web UI (imported lazily, so the CLI stays quick)."""

from __future__ import annotations

import threading
import webbrowser

import typer

from doorajar.cli.context import command, get
from doorajar.cli.output import console, err


def serve(
    ctx: typer.Context,
    host: str = typer.Option(
        "127.0.0.1",
        "--host",
        help="Address to listen on. The default, this machine only, is the safe one; "
        "any other needs a password (--set-password).",
    ),
    port: int = typer.Option(8765, "--port", "-p", min=1, max=65535, help="Port to listen on."),
    set_password: bool = typer.Option(
        False,
        "--set-password",
        help="Choose the password the web UI asks for (only its salted hash is kept), then exit.",
    ),
    open_browser: bool = typer.Option(False, "--open", help="Open the page in your browser."),
) -> None:
    """Serve the web UI on this machine (http://127.0.0.1:8765 by default).

    Example: ajar serve --open
    """
    # lazy: the web stack, loaded by `ajar serve`
    from doorajar.web.security import is_loopback, save_password

    c = get(ctx)
    if set_password:
        password = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
        path = save_password(c.location.home, password)
        console.print(f"Password set; its salted hash is in {path}.")
        return

    # lazy: the web stack, loaded by `ajar serve`
    import uvicorn

    from doorajar.web import WebSettings, create_app

    settings = WebSettings.for_home(c.location, host=host, port=port)
    app = create_app(settings)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{'127.0.0.1' if shown in ('0.0.0.0', '[::]') else shown}:{port}/"
    if not is_loopback(host):
        err.print(
            f"[yellow]Warning:[/] doorajar is listening on {host}, so other machines can reach "
            "it. It asks for your password, but the connection is not encrypted: use it only "
            "on a network you trust.",
            soft_wrap=True,
        )
    console.print(f"doorajar is at {url} (Ctrl+C to stop).")
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


def register(app: typer.Typer) -> None:
    """Add this command to the app."""
    command(app, serve)
