"""The archive's schema version, in a module of its own so that checking an archive
(:mod:`wuwei_desktop.db.status`) does not import SQLAlchemy."""

SCHEMA_VERSION = 2
"""Raise when the tables change: older archives are then rebuilt, not misread."""
