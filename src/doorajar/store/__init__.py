"""Storage: SQLAlchemy tables, Alembic migrations and repository functions."""
