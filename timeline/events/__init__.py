"""Events: the mentions of one happening across articles, merged (between the database and
what presents it)."""
