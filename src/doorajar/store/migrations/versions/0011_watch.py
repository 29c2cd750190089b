"""job-board watch

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 04:00:00

The companies whose public job boards the watch reads (`watch_boards`, one per company,
with how the last check went) and the openings seen on them (`watch_openings`, with their
fit and when each was first and last listed). The operation log's triggers are installed
on both after the upgrade, like on every table.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "watch_boards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company", sa.String(length=200), nullable=False),
        sa.Column("company_key", sa.String(length=200), nullable=False),
        sa.Column("vendor", sa.String(length=20), nullable=True),
        sa.Column("token", sa.String(length=200), nullable=True),
        sa.Column("origin", sa.String(length=20), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=True),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("checked_at", sa.DateTime(), nullable=True),
        sa.Column("etag", sa.String(length=500), nullable=True),
        sa.Column("last_modified", sa.String(length=100), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("error_at", sa.DateTime(), nullable=True),
        sa.Column("gone", sa.Boolean(), nullable=False),
        sa.Column("requests", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_watch_boards_application_id_applications"),
            ondelete="SET NULL",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watch_boards")),
        sa.UniqueConstraint("company_key", name=op.f("uq_watch_boards_company_key")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "watch_openings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("board_id", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("location", sa.String(length=300), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("department", sa.String(length=200), nullable=True),
        sa.Column("remote", sa.Boolean(), nullable=True),
        sa.Column("posted_at", sa.DateTime(), nullable=True),
        sa.Column("first_seen_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("removed_at", sa.DateTime(), nullable=True),
        sa.Column("repost_of", sa.Integer(), nullable=True),
        sa.Column("fit", sa.Integer(), nullable=False),
        sa.Column("fit_reason", sa.Text(), nullable=False),
        sa.Column("notified", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["board_id"],
            ["watch_boards.id"],
            name=op.f("fk_watch_openings_board_id_watch_boards"),
            ondelete="CASCADE",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watch_openings")),
        sa.UniqueConstraint(
            "board_id", "external_id", name=op.f("uq_watch_openings_board_id_external_id")
        ),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_watch_openings_board_id"), "watch_openings", ["board_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_watch_openings_board_id"), table_name="watch_openings")
    op.drop_table("watch_openings")
    op.drop_table("watch_boards")
