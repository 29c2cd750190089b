"""PostgreSQL roles of a career centre's server: the app's login role and its rights.

`ajar server init` runs as the owner of the database (the role in the URL it is given). The
web workers and the job worker connect as a second role that owns nothing, has NOBYPASSRLS
and may only read and write rows: the row-level security of migration 0012 then decides,
by the transaction's `doorajar.user`, which rows those are."""

from __future__ import annotations

import re

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from doorajar.errors import InvalidInput, StoreError
from doorajar.store.schema import metadata
from doorajar.store.tables import OWNER

# what the app role may do on a shared (not owned) table; owned tables are read and written
_SHARED_RIGHTS = {"users": "SELECT, UPDATE"}
# the SECURITY DEFINER functions of migration 0013, the app role's only way to passwords
SIGN_IN_FUNCTIONS = (
    "ajar_sign_in(text, text, boolean, timestamp)",
    "ajar_sign_in_failed(text, text, boolean, timestamp)",
    "ajar_sign_in_succeeded(text)",
    "ajar_link(text, timestamp)",
    "ajar_set_password(text, text, timestamp)",
)
_SAFE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_SAFE_SECRET = re.compile(r"^[A-Za-z0-9_-]{20,200}$")


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def app_role_name(conn: Connection) -> str:
    """The app role's name for this database: `<database>_app`, in safe letters."""
    database = str(conn.scalar(text("SELECT current_database()")))
    name = re.sub(r"[^a-z0-9_]", "_", database.lower())[:58] + "_app"
    return name if name[0].isalpha() or name[0] == "_" else "_" + name[:62]


def ensure_app_role(conn: Connection, role: str, password: str) -> None:
    """Create the app role, or set its password and attributes again when it exists."""
    if not _SAFE_NAME.match(role) or not _SAFE_SECRET.match(password):
        raise InvalidInput("The app role's name or generated password has unexpected letters.")
    exists = conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
    # only a superuser may change the other attributes of an existing role: they are checked
    attributes = (
        "LOGIN"
        if exists
        else "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION NOINHERIT"
    )
    try:
        with conn.begin_nested():
            conn.exec_driver_sql(
                f"{'ALTER' if exists else 'CREATE'} ROLE {_q(role)} {attributes} "
                f"PASSWORD '{password}'"
            )
    except DBAPIError as exc:
        raise StoreError(
            f"Cannot {'change' if exists else 'create'} the app role {role} "
            f"({' '.join(str(exc.orig).split())}); the role in the database URL needs "
            "CREATEROLE."
        ) from None
    unsafe = conn.execute(
        text(
            "SELECT rolsuper OR rolbypassrls OR rolcreaterole OR rolcreatedb OR rolreplication "
            "FROM pg_roles WHERE rolname = :r"
        ),
        {"r": role},
    ).scalar()
    if unsafe:
        raise StoreError(
            f"The role {role} exists with more rights than serving needs (superuser, "
            "BYPASSRLS, CREATEROLE, CREATEDB or REPLICATION); drop it or take them away."
        )


def grant_app(conn: Connection, role: str) -> None:
    """Give the app role what serving needs and nothing more (again after every upgrade)."""
    database = str(conn.scalar(text("SELECT current_database()")))
    schema = str(conn.scalar(text("SELECT current_schema()")))
    who = _q(role)
    conn.exec_driver_sql(f"GRANT CONNECT ON DATABASE {_q(database)} TO {who}")
    conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA {_q(schema)} TO {who}")
    for table in metadata.sorted_tables:
        conn.exec_driver_sql(f"REVOKE ALL ON {_q(table.name)} FROM {who}")
        if table.info.get("app", True) is False:
            continue  # passwords, links, back-off: through the functions below only
        rights = (
            "SELECT, INSERT, UPDATE, DELETE"
            if OWNER in table.columns
            else _SHARED_RIGHTS.get(table.name, "SELECT")
        )
        conn.exec_driver_sql(f"GRANT {rights} ON {_q(table.name)} TO {who}")
    conn.exec_driver_sql(f"GRANT SELECT ON alembic_version TO {who}")
    for function in SIGN_IN_FUNCTIONS:
        conn.exec_driver_sql(f"GRANT EXECUTE ON FUNCTION {function} TO {who}")
    # new rows take their ids from the sequences; an import moves them past what it wrote
    conn.exec_driver_sql(
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {_q(schema)} TO {who}"
    )


def bypasses_security(conn: Connection) -> bool:
    """True when the connected role is a superuser or has BYPASSRLS (sees every row)."""
    row = conn.execute(
        text("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")
    ).scalar()
    return bool(row)
