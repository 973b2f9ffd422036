"""perfblog: a Pelican plugin for performance-engineering posts."""

from .plugin import register

__all__ = ["register"]
