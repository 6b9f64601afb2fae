"""The serve stage: a local web app and REST API over a storyline database."""

from __future__ import annotations

from storyline.serve.app import create_app

__all__ = ["create_app"]
