"""timeline: dated, sourced chronologies from news articles."""

__version__ = "0.1.0"
