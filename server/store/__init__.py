"""Persistence: SQLAlchemy tables, migrations, and the single-writer store."""
