"""Server mode: one PostgreSQL serving a career centre's many job seekers, each sealed
off by the database's row-level security (docs/server.md)."""
