"""Commands for mail accounts: connect one, list them, sync them (once or watching), tidy."""

from __future__ import annotations

import signal
import sys
import threading
from typing import TYPE_CHECKING, Any

import typer

from doorajar.cli.context import command, get, handled, interactive
from doorajar.cli.output import JSON, SafeTable, console, emit, err, print_table, when
from doorajar.errors import InvalidInput

if TYPE_CHECKING:
    from doorajar.mail.accounts import AccountSync, WatchEvent
    from doorajar.mail.service import ScanReport
    from doorajar.store.repo_mail import AccountRecord


def _say(text: str) -> None:
    """One plain line on stderr (folder names and subjects are data, not markup)."""
    err.print(text, soft_wrap=True, markup=False, highlight=False)


def _pick_provider() -> str:
    # lazy: the provider list, only when asking
    from doorajar.mail.presets import PRESETS

    names = list(PRESETS)
    for n, name in enumerate(names, 1):
        console.print(f"  {n}. {PRESETS[name].label}", markup=False)
    answer = str(typer.prompt("Which mail provider (number or name)")).strip()
    if answer.isdigit() and 1 <= int(answer) <= len(names):
        return names[int(answer) - 1]
    return answer


def connect(
    ctx: typer.Context,
    provider: str | None = typer.Argument(
        None,
        help="gmail, outlook, yahoo, icloud, fastmail, gmx, webde, proton or other "
        "(asked when not given).",
    ),
    user: str | None = typer.Option(
        None, "--user", help="The account's user name, usually your address."
    ),
    host: str | None = typer.Option(None, "--host", help="The IMAP server (for 'other')."),
    port: int | None = typer.Option(None, "--port", min=1, max=65535, help="The IMAP port."),
    security: str | None = typer.Option(
        None, "--security", help="ssl (port 993), starttls or none (loopback only)."
    ),
    folder: list[str] = typer.Option(
        [], "--folder", help="Read this folder too (repeat for more)."
    ),
    read_sent: bool = typer.Option(
        False, "--read-sent", help="Read the Sent folder on every sync, for your replies."
    ),
    name: str | None = typer.Option(None, "--name", help="What to call the account."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from the first line of stdin."
    ),
    oauth2: bool = typer.Option(
        False, "--oauth2", help="Gmail: sign in with your own Google OAuth client instead."
    ),
    client_id: str | None = typer.Option(
        None,
        "--client-id",
        help="OAuth2: your own client id (kept as outlook_client_id or gmail_client_id).",
    ),
    client_secret_stdin: bool = typer.Option(
        False, "--client-secret-stdin", help="Gmail OAuth2: read the client secret from stdin."
    ),
    cert: str | None = typer.Option(
        None,
        "--cert",
        metavar="FILE",
        help="Proton Mail Bridge: the certificate it exported; only that one is trusted.",
    ),
    as_json: bool = JSON,
) -> None:
    """Connect a mail account, so `ajar sync` reads it. Signs in once to check it and find
    its folders: the inbox and folders named for job mail are read; Sent only when asked.
    The password goes to your OS keyring, never to doorajar's data; without one, doorajar
    uses $AJAR_IMAP_PASSWORD (for servers) and stores nothing. Outlook and Microsoft 365
    sign in with OAuth2: open the page shown and enter the code; the token is kept in the
    keyring and renewed silently. Gmail reads All Mail once (every message, whatever its
    labels) plus the folders you name. Proton Mail Bridge: pin the certificate it exports
    with --cert.

    Example: ajar connect gmail --user you@gmail.com
    """
    # lazy: the mail stack
    from doorajar.mail.accounts import ConnectRequest
    from doorajar.mail.presets import preset
    from doorajar.mail.secrets import ENV_IMAP_PASSWORD, lookup

    asking = interactive()
    if provider is None:
        if not asking:
            raise InvalidInput(
                "Name the provider: ajar connect gmail|outlook|yahoo|icloud|fastmail|gmx|webde"
                "|proton|other."
            )
        provider = _pick_provider()
    p = preset(provider)
    if p.name == "other" and host is None and asking:
        host = str(typer.prompt("IMAP server")).strip()
    if user is None:
        if not asking:
            raise InvalidInput("Give the account's user name with --user.")
        user = str(typer.prompt("User name (usually your address)")).strip()
    secret: str | None = None
    auth = "oauth2" if oauth2 or p.auth[0] == "oauth2" else None
    if auth == "oauth2":
        if client_secret_stdin:
            secret = sys.stdin.readline().rstrip("\r\n")  # the client's, not the account's
        elif p.name == "gmail" and asking:
            secret = str(typer.prompt("Your Google client's secret", hide_input=True))
    elif password_stdin:
        secret = sys.stdin.readline().rstrip("\r\n")
        if not secret:
            raise InvalidInput("--password-stdin read an empty line; give the password there.")
    elif asking and not lookup("imap", user, host or p.host, ENV_IMAP_PASSWORD):
        console.print(p.guide, markup=False, soft_wrap=True)
        secret = str(typer.prompt("Password", hide_input=True))
    req = ConnectRequest(
        provider=p.name,
        user=user,
        host=host,
        port=port,
        security=security,
        folders=tuple(folder),
        read_sent=read_sent,
        name=name,
        auth=auth,
        client_id=client_id,
        cert=cert,
    )

    def show(text: str) -> None:
        console.print(text, markup=False, soft_wrap=True)

    done = get(ctx).tracker.accounts.connect(req, secret, show)
    a = done.account

    def render() -> None:
        console.print(f"Connected {a.name}: {_server(a)}.", markup=False, soft_wrap=True)
        console.print(f"  reads: {', '.join(a.folders)}", markup=False, soft_wrap=True)
        if a.sent_folder:
            sent = "read on every sync" if a.read_sent else "read with `ajar sync --sent`"
            console.print(f"  sent mail: {a.sent_folder} ({sent})", markup=False)
        where = "your keyring" if done.secret_in == "keyring" else done.secret_in
        what = "sign-in token" if a.auth == "oauth2" else "password"
        console.print(f"  {what}: in {where}, never in doorajar's data", markup=False)
        console.print("Next: `ajar sync` reads it; `ajar sync --watch` keeps reading.")

    emit({"account": a, "server_folders": done.server_folders}, render, as_json)


def _server(a: AccountRecord) -> str:
    how = {"ssl": "TLS", "starttls": "STARTTLS", "none": "no TLS"}.get(a.security, a.security)
    return f"{a.user} on {a.host}:{a.port} ({how})"


def accounts(
    ctx: typer.Context,
    as_json: bool = JSON,
) -> None:
    """List the connected mail accounts: the server, the folders read, the last sync and
    what it found. `ajar connect` adds one; `ajar accounts remove NAME` forgets one.

    Example: ajar accounts
    """
    if ctx.invoked_subcommand is not None:
        return
    c = get(ctx)
    found = c.tracker.accounts.accounts()
    tz = c.tracker.tz()

    def render() -> None:
        if not found:
            console.print("No mail account is connected; `ajar connect` connects one.")
            return
        table = SafeTable("account", "server", "folders", "last sync", "found", box=None)
        for a in found:
            folders = ", ".join(a.folders) + (f" + {a.sent_folder}" if a.read_sent else "")
            table.add_row(
                a.name,
                f"{a.host}:{a.port}",
                folders,
                when(a.last_sync, tz, with_time=True),
                a.last_result or "-",
            )
        print_table(table)

    emit(found, render, as_json)


def folders(
    ctx: typer.Context,
    account: str | None = typer.Argument(None, help="The account (the only one if not given)."),
) -> None:
    """List the folders on an account's server (to choose with `ajar connect --folder`).

    Example: ajar accounts folders you@gmail.com
    """
    for f in get(ctx).tracker.accounts.folders(account):
        console.print(f, markup=False)


def remove(
    ctx: typer.Context,
    account: str = typer.Argument(..., help="The account's name."),
) -> None:
    """Forget a connected account and remove its password from the keyring. What its mail
    filed stays filed.

    Example: ajar accounts remove you@gmail.com
    """
    a = get(ctx).tracker.accounts.disconnect(account)
    console.print(f"Removed {a.name}; its mail stays filed.", markup=False)


def tidy(
    ctx: typer.Context,
    move_rejections: str | None = typer.Option(
        None, "--move-rejections", metavar="FOLDER", help="Move filed rejections into FOLDER."
    ),
    account: str | None = typer.Option(None, "--account", help="Which account (if several)."),
    undo: bool = typer.Option(False, "--undo", help="Put every message tidy moved back."),
    yes: bool = typer.Option(False, "--yes", help="Move without asking the first time."),
) -> None:
    """Move the rejections doorajar filed into a folder on the server, so the inbox stops
    reminding you. Opt-in: the first time it shows what will move and asks. Every move is
    recorded, `--undo` puts them back, and nothing is ever deleted.

    Example: ajar accounts tidy --move-rejections "Job search/Rejections"
    """
    service = get(ctx).tracker.accounts
    if undo:
        if move_rejections:
            raise InvalidInput("--undo puts messages back; give it without --move-rejections.")
        back = service.untidy(account)
        where = "the folder it came from" if back == 1 else "the folders they came from"
        console.print(f"Put {back} message{'s' * (back != 1)} back in {where}.")
        return
    if not move_rejections:
        raise InvalidInput('Say where to: ajar accounts tidy --move-rejections "FOLDER".')
    plan = service.tidy_plan(account, move_rejections)
    if not plan.messages:
        console.print(f"Nothing to move: no filed rejection is left outside {plan.folder}.")
        return
    n = len(plan.messages)
    console.print(f"{n} rejection{'s' * (n != 1)} to move into {plan.folder}:", markup=False)
    for _mid, subject, box in plan.messages:
        console.print(f"  {box}: {subject}", markup=False, soft_wrap=True)
    if plan.first and not yes:
        if not interactive():
            raise InvalidInput(
                "Nothing moved: the first tidy asks first; confirm with --yes, or run it on a "
                "terminal."
            )
        if not typer.confirm("Move them?", default=False):
            console.print("Nothing moved.")
            return
    moved = service.tidy(plan)
    console.print(
        f"Moved {moved} into {plan.folder}; `ajar accounts tidy --undo` puts them back.",
        markup=False,
    )


def sync(
    ctx: typer.Context,
    account: str | None = typer.Argument(None, help="Only this account (default: all)."),
    sent: bool = typer.Option(
        False, "--sent", help="Read the Sent folder too: your replies are logged as touches."
    ),
    watch: bool = typer.Option(
        False, "--watch", help="Keep running: IMAP IDLE where offered, else poll."
    ),
    interval: float = typer.Option(
        5.0, "--interval", min=0.05, metavar="MINUTES", help="Poll (or renew IDLE) this often."
    ),
) -> None:
    """Read every connected account: only what is new in each folder since the last sync.
    With --watch it stays running and reads new mail as it arrives (IMAP IDLE), reconnecting
    after sleep or a lost network. Exits non-zero only when nothing could be read.

    Example: ajar sync --watch
    """
    service = get(ctx).tracker.accounts
    if watch:
        _watch(service, account, sent, interval * 60)
        return
    results = service.sync(
        account,
        sent=sent,
        on_account=lambda a: _say(f"{a.name}: syncing {', '.join(a.folders)}"),
        on_folder=_folder_line,
    )
    for r in results:
        _say(f"{r.account.name}: {r.summary()}")
    if all(r.failed for r in results):
        raise typer.Exit(1)


def _folder_line(a: AccountRecord, folder: str, r: ScanReport) -> None:
    if r.failed:
        return  # the account's summary line says why
    if r.unchanged:
        _say(f"  {folder}: unchanged since the last sync")
    else:
        extra = f", {r.sent} of your replies logged" if r.sent else ""
        passed = "".join(f"; {n} {why}" for why, n in sorted(r.skipped.items()))
        _say(f"  {folder}: read {r.read}, filed {r.filed}, to review {r.review}{extra}{passed}")
        if r.error:
            _say(f"  {folder}: stopped early: {r.error}")


def _watch(service: Any, account: str | None, sent: bool, seconds: float) -> None:
    stop = threading.Event()

    def said(e: WatchEvent) -> None:
        sync: AccountSync | None = e.sync
        if e.kind == "synced" and sync is not None:
            for folder, r in sync.folders:
                if r.read or r.skipped:
                    _folder_line(e.account, folder, r)
            return
        _say(f"{e.account.name}: {e.text}")

    def stop_now(*_args: Any) -> None:
        stop.set()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop_now)
    try:
        service.watch(stop, said, name=account, sent=sent, interval=seconds)
    except KeyboardInterrupt:
        stop.set()
    _say("Stopped watching.")


def register(app: typer.Typer) -> None:
    """Add these commands to the app."""
    command(app, connect)
    command(app, sync)
    accounts_app = typer.Typer(
        help=accounts.__doc__, invoke_without_command=True, no_args_is_help=False
    )
    accounts_app.callback(invoke_without_command=True)(handled(accounts))
    command(accounts_app, folders)
    command(accounts_app, remove)
    command(accounts_app, tidy)
    app.add_typer(accounts_app, name="accounts")
