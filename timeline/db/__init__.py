"""The database: typed models, opening and migrating it, writes and queries."""
