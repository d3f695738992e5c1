"""Storage: SQLAlchemy 2 Core (async) on SQLite or PostgreSQL; SQL lives in one module per aggregate."""
