"""武威档案 — an offline archive browser for the government documents of 武威市."""

__version__ = "0.1.0"
