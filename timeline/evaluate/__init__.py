"""Scoring the tagger against annotated corpora (TempEval-3 style)."""
