"""Parley: running human-rights policy dialogues."""

from core.app import create_app

__all__ = ["create_app"]
