"""Recorded schema migrations (Alembic). ``newsarchive db upgrade`` applies them; crawls do too."""
