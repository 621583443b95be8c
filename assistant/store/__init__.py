"""Persistence: SQLAlchemy models, engine and the repositories the services use."""
