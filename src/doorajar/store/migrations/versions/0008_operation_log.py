"""operation log

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 01:30:00

The log of operations (`operations`, `operation_changes`, `operation_current`). On
SQLite, row ids are made never to be used twice (AUTOINCREMENT), as PostgreSQL's sequences
already are, so a row restored from the trash gets its own id back. On PostgreSQL, foreign
keys become DEFERRABLE, so a change taken back can put rows back in any order within its
transaction (SQLite defers them with a pragma).
The triggers that fill the log are installed by doorajar after every upgrade
(`doorajar.store.journal.install`), from the schema as it then is.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        inspector = sa.inspect(bind)
        for name in inspector.get_table_names():
            if name == "alembic_version":
                continue
            pk = inspector.get_pk_constraint(name)["constrained_columns"]
            kwargs = {"sqlite_autoincrement": True} if pk == ["id"] else {}
            with op.batch_alter_table(name, recreate="always", table_kwargs=kwargs) as batch:
                for fk in inspector.get_foreign_keys(name):
                    assert fk["name"], "every foreign key is named by the naming convention"
                    batch.drop_constraint(fk["name"], type_="foreignkey")
                    batch.create_foreign_key(
                        fk["name"],
                        fk["referred_table"],
                        fk["constrained_columns"],
                        fk["referred_columns"],
                        ondelete=fk["options"].get("ondelete"),
                        deferrable=True,
                    )
    op.create_table(
        "operations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("command", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("automatic", sa.Boolean(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("restores", sa.Integer(), nullable=True),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.Column("emptied_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_operations")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_operations_group_id"), "operations", ["group_id"], unique=False)
    op.create_table(
        "operation_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("op_id", sa.Integer(), nullable=False),
        sa.Column("tbl", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=1), nullable=False),
        sa.Column("pk", sa.Text(), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["op_id"],
            ["operations.id"],
            name=op.f("fk_operation_changes_op_id_operations"),
            ondelete="CASCADE",
            deferrable=True,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_operation_changes")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_operation_changes_op_id"), "operation_changes", ["op_id"], unique=False
    )
    op.create_table(
        "operation_current",
        sa.Column("op_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("op_id", name=op.f("pk_operation_current")),
    )
    if bind.dialect.name == "postgresql":
        rows = bind.exec_driver_sql(
            "SELECT conrelid::regclass::text, conname FROM pg_constraint "
            "WHERE contype = 'f' AND connamespace = current_schema()::regnamespace"
        ).all()
        for table, name in rows:
            op.execute(f'ALTER TABLE {table} ALTER CONSTRAINT "{name}" DEFERRABLE')


def downgrade() -> None:
    op.drop_table("operation_current")
    op.drop_index(op.f("ix_operation_changes_op_id"), table_name="operation_changes")
    op.drop_table("operation_changes")
    op.drop_index(op.f("ix_operations_group_id"), table_name="operations")
    op.drop_table("operations")
