"""perfblog: a Pelican plugin for performance-engineering posts.

Layers, bottom up: ``blocks`` (the block framework), the features beside each
other on top of it (``benchdata``, ``flame``, ``media``), then ``glue`` (Pelican
signals) and ``cli``/``authoring`` (the ``perfblog`` command).
"""

from .glue.plugin import register

__all__ = ["register"]
