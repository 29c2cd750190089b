"""owners of rows, and row-level security

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 07:00:00

Every table that holds a seeker's data gets `owner_id`, the user it belongs to (`users`,
new here, with the local owner as user 1). Existing rows are one person's and go to user 1.
Unique keys become unique per owner (two seekers may both have an action `silence:3`, a
setting `timezone`, an account named `work`).

On PostgreSQL the column's default becomes the user the transaction acts for (the setting
`doorajar.user`, which `Store.transaction` sets with SET LOCAL), and ROW LEVEL SECURITY is
enabled and forced on each of these tables with one default-deny policy: a row is seen,
changed or written only when its owner is the acting user. A transaction that sets no
user sees nothing and can write nothing (superusers and roles with BYPASSRLS excepted).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# the owned tables as of this revision, parents first
OWNED = (
    "applications",
    "contacts",
    "goals",
    "mail_accounts",
    "mail_examples",
    "mail_sender_rules",
    "mail_sources",
    "operations",
    "operation_current",
    "settings",
    "actions",
    "application_contacts",
    "doors",
    "drafts",
    "goal_progress",
    "mail_messages",
    "mail_moves",
    "notes",
    "operation_changes",
    "rejections",
    "stage_changes",
    "touches",
    "watch_boards",
    "feedback",
    "watch_openings",
)
# unique keys that become per owner: table -> (old constraint, its columns)
UNIQUE = {
    "actions": ("uq_actions_key", ["key"]),
    "mail_accounts": ("uq_mail_accounts_name", ["name"]),
    "mail_messages": ("uq_mail_messages_message_id", ["message_id"]),
    "mail_sender_rules": ("uq_mail_sender_rules_sender", ["sender"]),
    "mail_sources": ("uq_mail_sources_uri", ["uri"]),
    "watch_boards": ("uq_watch_boards_company_key", ["company_key"]),
    "watch_openings": ("uq_watch_openings_board_id_external_id", ["board_id", "external_id"]),
}
ACTING = "NULLIF(current_setting('doorajar.user', true), '')::integer"
LOCAL_OWNER = 1


def _owner(default: str = str(LOCAL_OWNER)) -> sa.Column[int]:
    return sa.Column("owner_id", sa.Integer(), server_default=sa.text(default), nullable=False)


def _unique_name(table: str, cols: list[str]) -> str:
    return f"uq_{table}_{'_'.join(['owner_id', *cols])}"


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    users = op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
        sqlite_autoincrement=True,
    )
    now = datetime.now(UTC).replace(tzinfo=None)
    op.bulk_insert(
        users, [{"id": LOCAL_OWNER, "email": "local", "role": "seeker", "created_at": now}]
    )
    if not sqlite:
        op.execute("SELECT setval(pg_get_serial_sequence('users', 'id'), 1)")
    for table in OWNED:
        if sqlite:
            _sqlite_owner(table)
        else:
            _pg_owner(table)


def _sqlite_owner(table: str) -> None:
    if table not in UNIQUE and table != "settings":  # a column added in place
        op.add_column(table, _owner())
        op.create_index(f"ix_{table}_owner_id", table, ["owner_id"])
        return
    # a new key means the table is built again; AUTOINCREMENT kept (see 0008)
    kwargs = {"sqlite_autoincrement": True} if table != "settings" else {}
    with op.batch_alter_table(table, recreate="always", table_kwargs=kwargs) as batch:
        batch.add_column(_owner())
        if table == "settings":
            batch.drop_constraint("pk_settings", type_="primary")
            batch.create_primary_key("pk_settings", ["owner_id", "key"])
        else:
            old, cols = UNIQUE[table]
            batch.drop_constraint(old, type_="unique")
            batch.create_unique_constraint(_unique_name(table, cols), ["owner_id", *cols])
            batch.create_index(f"ix_{table}_owner_id", ["owner_id"])


def _pg_owner(table: str) -> None:
    op.add_column(table, _owner())  # every existing row is the local owner's
    op.alter_column(table, "owner_id", server_default=sa.text(f"COALESCE({ACTING}, {LOCAL_OWNER})"))
    if table == "settings":
        op.drop_constraint("pk_settings", "settings", type_="primary")
        op.create_primary_key("pk_settings", "settings", ["owner_id", "key"])
    else:
        op.create_index(f"ix_{table}_owner_id", table, ["owner_id"])
    if table in UNIQUE:
        old, cols = UNIQUE[table]
        op.drop_constraint(old, table, type_="unique")
        op.create_unique_constraint(_unique_name(table, cols), table, ["owner_id", *cols])
    op.execute(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
    op.execute(f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY')
    op.execute(
        f'CREATE POLICY owner_only ON "{table}" USING (owner_id = {ACTING}) '
        f"WITH CHECK (owner_id = {ACTING})"
    )


def downgrade() -> None:
    raise NotImplementedError("doorajar migrates forwards only")
