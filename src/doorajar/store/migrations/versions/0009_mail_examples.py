"""mail examples

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 10:00:00

The messages the user corrected, kept as labelled examples (`mail_examples`): the
classifier's answer for a message of the same template follows them. Not exported. The
operation log's triggers are installed on it after the upgrade, like on every table.
Each scanned message also notes the application and the contact its filing added
(`mail_messages.created_application_id`, `created_contact_id`), so fixing the message
can take them back.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mail_examples",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(length=998), nullable=True),
        sa.Column("sender", sa.String(length=320), nullable=False),
        sa.Column("template", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=30), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=True),
        sa.Column("stage", sa.String(length=30), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_examples")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_mail_examples_sender"), "mail_examples", ["sender"], unique=False)
    op.add_column("mail_messages", sa.Column("created_application_id", sa.Integer(), nullable=True))
    op.add_column("mail_messages", sa.Column("created_contact_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("mail_messages") as batch:
        batch.drop_column("created_contact_id")
        batch.drop_column("created_application_id")
    op.drop_index(op.f("ix_mail_examples_sender"), table_name="mail_examples")
    op.drop_table("mail_examples")
