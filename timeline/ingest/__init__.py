"""Ingest: files and folders in, stored articles out (read → analyze → store)."""
