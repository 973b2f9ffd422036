"""perfblog: a Pelican plugin for performance-engineering posts.

Layers, bottom up: ``blocks`` (the block framework), the features beside each
other on top of it (``benchdata``, ``flame``, ``media``), then ``glue`` (Pelican
signals) and ``cli``/``authoring`` (the ``perfblog`` command).
"""

import importlib.util
from pathlib import Path

__all__ = ["register", "theme_path"]


def register() -> None:
    """Connect perfblog to Pelican's signals. The glue (and Pelican) is imported only here,
    so a tool that renders one block (``perfblog.flame``) does not pay for it."""
    from .glue.plugin import register as connect

    connect()


def theme_path() -> str:
    """The perfblog site theme, for ``THEME = perfblog.theme_path()``: the copy the wheel
    installs as ``perfblog.theme``, or this checkout's ``theme/``."""
    spec = importlib.util.find_spec("perfblog.theme")
    if spec is not None and spec.submodule_search_locations:
        return str(Path(next(iter(spec.submodule_search_locations))))
    return str(Path(__file__).resolve().parents[2] / "theme")
