"""accounts: credentials, one-time links, sign-in back-off, web sessions

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 16:00:00

Passwords move out of `users` (which the app role reads) into `credentials`, which it
cannot read. With them come the one-time links that set a password (`account_links`: an
invitation or an admin's reset, only the SHA-256 of the secret kept), the failed sign-ins
per source address and per account (`sign_in_backoff`), and the signed-in browsers
(`web_sessions`, owned by their user, with row-level security like every owned table).

On PostgreSQL the app role reaches the first three only through SECURITY DEFINER functions
created here (granted to it by `ajar server init`):

- `ajar_sign_in(email, source, known, at)`: the account's id and hash, unless the source or
  the account must wait (then only how many seconds). `known` is a browser that signed in
  to this account before: guesses from elsewhere never make it wait.
- `ajar_sign_in_failed(email, source, known, at)`, `ajar_sign_in_succeeded(email)`.
- `ajar_link(token_hash, at)`: whose a live one-time link is.
- `ajar_set_password(token_hash, hash, at)`: uses the link up and sets the password.

Back-off: from the 10th failure of a source, or the 5th of an account, each more waits
30 s, doubling up to 15 minutes at most; a quiet hour forgets the failures, and a new
password clears the account's.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTING = "NULLIF(current_setting('doorajar.user', true), '')::integer"
SOURCE_LIMIT, ACCOUNT_LIMIT, FIRST_WAIT, LONGEST_WAIT = 10, 5, 30, 900


def _fail_one(key: str, limit: int) -> str:
    # one failure more for a back-off key, and its wait from the limit on
    return f"""
    INSERT INTO sign_in_backoff AS b (key, failures, last_failed_at, blocked_until)
    VALUES ({key}, 1, p_at, NULL)
    ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN b.last_failed_at < p_at - interval '1 hour' THEN 1
                   ELSE b.failures + 1 END,
        last_failed_at = p_at
    RETURNING b.failures INTO n;
    IF n >= {limit} THEN
        w := least({FIRST_WAIT} * power(2, least(n - {limit}, 12)), {LONGEST_WAIT})::integer;
        UPDATE sign_in_backoff SET blocked_until = p_at + make_interval(secs => w)
        WHERE key = {key};
        waited := greatest(waited, w);
    END IF;"""


FUNCTIONS = (
    (
        "ajar_sign_in(p_email text, p_source text, p_known boolean, p_at timestamp)",
        "TABLE(user_id integer, password_hash text, wait_seconds integer)",
        """DECLARE till timestamp;
BEGIN
    SELECT max(b.blocked_until) INTO till FROM sign_in_backoff b
    WHERE b.key = 'source:' || p_source
       OR (NOT p_known AND b.key = 'account:' || lower(p_email));
    IF till IS NOT NULL AND till > p_at THEN
        RETURN QUERY SELECT NULL::integer, NULL::text,
            ceil(extract(epoch FROM till - p_at))::integer;
        RETURN;
    END IF;
    RETURN QUERY SELECT u.id, c.password_hash, 0 FROM users u
        LEFT JOIN credentials c ON c.user_id = u.id
        WHERE lower(u.email) = lower(p_email);
END""",
    ),
    (
        "ajar_sign_in_failed(p_email text, p_source text, p_known boolean, p_at timestamp)",
        "integer",
        "DECLARE n integer; w integer; waited integer := 0;\nBEGIN"
        + _fail_one("'source:' || p_source", SOURCE_LIMIT)
        + "\n    IF NOT p_known THEN"
        + _fail_one("'account:' || lower(p_email)", ACCOUNT_LIMIT)
        + "\n    END IF;\n    RETURN waited;\nEND",
    ),
    (
        "ajar_sign_in_succeeded(p_email text)",
        "void",
        "BEGIN\n    DELETE FROM sign_in_backoff WHERE key = 'account:' || lower(p_email);\nEND",
    ),
    (
        "ajar_link(p_token_hash text, p_at timestamp)",
        "TABLE(user_id integer, email text, purpose text)",
        """BEGIN
    RETURN QUERY SELECT l.user_id, u.email::text, l.purpose::text
        FROM account_links l JOIN users u ON u.id = l.user_id
        WHERE l.token_hash = p_token_hash AND l.used_at IS NULL AND l.expires_at > p_at;
END""",
    ),
    (
        "ajar_set_password(p_token_hash text, p_hash text, p_at timestamp)",
        "integer",
        """DECLARE who integer; address text;
BEGIN
    IF p_hash NOT LIKE '$argon2id$%' THEN
        RAISE EXCEPTION 'not an argon2id hash';
    END IF;
    UPDATE account_links l SET used_at = p_at
        WHERE l.token_hash = p_token_hash AND l.used_at IS NULL AND l.expires_at > p_at
        RETURNING l.user_id INTO who;
    IF who IS NULL THEN
        RETURN NULL;
    END IF;
    UPDATE account_links l SET used_at = p_at WHERE l.user_id = who AND l.used_at IS NULL;
    INSERT INTO credentials (user_id, password_hash, changed_at) VALUES (who, p_hash, p_at)
        ON CONFLICT (user_id) DO UPDATE
        SET password_hash = EXCLUDED.password_hash, changed_at = EXCLUDED.changed_at;
    SELECT u.email INTO address FROM users u WHERE u.id = who;
    DELETE FROM sign_in_backoff WHERE key = 'account:' || lower(address);
    RETURN who;
END""",
    ),
)


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    op.create_table(
        "credentials",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_credentials_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_credentials")),
    )
    op.execute(
        "INSERT INTO credentials (user_id, password_hash, changed_at) "
        "SELECT id, password_hash, created_at FROM users WHERE password_hash IS NOT NULL"
    )
    if sqlite:
        with op.batch_alter_table("users", table_kwargs={"sqlite_autoincrement": True}) as batch:
            batch.drop_column("password_hash")
    else:
        op.drop_column("users", "password_hash")
    op.create_table(
        "account_links",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_account_links_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_account_links")),
    )
    op.create_index(op.f("ix_account_links_user_id"), "account_links", ["user_id"])
    op.create_table(
        "sign_in_backoff",
        sa.Column("key", sa.String(length=400), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", sa.DateTime(), nullable=False),
        sa.Column("blocked_until", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sign_in_backoff")),
    )
    owner_default = "1" if sqlite else f"COALESCE({ACTING}, 1)"
    op.create_table(
        "web_sessions",
        sa.Column("owner_id", sa.Integer(), server_default=sa.text(owner_default), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("owner_id", "token_hash", name=op.f("pk_web_sessions")),
    )
    if sqlite:
        return
    op.execute('ALTER TABLE "web_sessions" ENABLE ROW LEVEL SECURITY')
    op.execute('ALTER TABLE "web_sessions" FORCE ROW LEVEL SECURITY')
    op.execute(
        f'CREATE POLICY owner_only ON "web_sessions" USING (owner_id = {ACTING}) '
        f"WITH CHECK (owner_id = {ACTING})"
    )
    schema = str(bind.exec_driver_sql("SELECT current_schema()").scalar())
    pinned = f'SET search_path = "{schema}", pg_temp'
    for signature, returns, body in FUNCTIONS:
        op.execute(
            f"CREATE FUNCTION {signature} RETURNS {returns} LANGUAGE plpgsql "
            f"SECURITY DEFINER {pinned} AS $fn$\n#variable_conflict use_column\n{body}\n$fn$"
        )
        op.execute(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")


def downgrade() -> None:
    raise NotImplementedError("doorajar migrates forwards only")
