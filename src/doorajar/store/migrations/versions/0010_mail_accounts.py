"""mail accounts

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 04:00:00

The connected mail accounts (`mail_accounts`: server, user, folders, never a secret), the
messages `ajar accounts tidy` moved on a server (`mail_moves`, so `--undo` can put them
back), and each IMAP folder's HIGHESTMODSEQ (`mail_sources.highestmodseq`), so a sync of a
CONDSTORE server skips a folder where nothing changed.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mail_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("provider", sa.String(length=30), nullable=False),
        sa.Column("user", sa.String(length=320), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("port", sa.Integer(), nullable=False),
        sa.Column("security", sa.String(length=10), nullable=False),
        sa.Column("auth", sa.String(length=20), nullable=False),
        sa.Column("folders", sa.JSON(), nullable=False),
        sa.Column("sent_folder", sa.String(length=500), nullable=True),
        sa.Column("read_sent", sa.Boolean(), nullable=False),
        sa.Column("last_sync", sa.DateTime(), nullable=True),
        sa.Column("last_result", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_accounts")),
        sa.UniqueConstraint("name", name=op.f("uq_mail_accounts_name")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "mail_moves",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(length=998), nullable=False),
        sa.Column("from_folder", sa.String(length=500), nullable=False),
        sa.Column("to_folder", sa.String(length=500), nullable=False),
        sa.Column("moved_at", sa.DateTime(), nullable=False),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["mail_accounts.id"],
            name=op.f("fk_mail_moves_account_id_mail_accounts"),
            ondelete="CASCADE",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_moves")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_mail_moves_account_id"), "mail_moves", ["account_id"], unique=False)
    op.add_column("mail_sources", sa.Column("highestmodseq", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("mail_sources") as batch:
        batch.drop_column("highestmodseq")
    op.drop_index(op.f("ix_mail_moves_account_id"), table_name="mail_moves")
    op.drop_table("mail_moves")
    op.drop_table("mail_accounts")
