"""HTML rendering of archive nodes and tables, shared by the reader and the printed
extract (no Qt: strings in, strings out)."""
