"""Extraction of facts from article text: places, and what later stages add."""
