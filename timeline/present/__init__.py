"""Presenting rows: tables, exports, chronologies and charts."""
