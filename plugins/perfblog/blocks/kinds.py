"""What a block kind is, what its renderer returns, and where kinds come from.

A feature module (``perfblog.benchdata.render``, ``perfblog.flame.render``, ...)
lists its kinds in ``KINDS``; ``PERFBLOG_FEATURES`` names those modules. A
renderer gets the block, its options already typed, and a ``BlockContext``,
and returns HTML, or a ``Rendered`` when it has facts for the glue (a headline).
Warnings and assets go through the context and travel back inside the
``Rendered`` the dispatcher makes, so the glue never reads them out of HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Callable

from .options import Option

if TYPE_CHECKING:
    from .context import BlockContext
    from .syntax import Block


@dataclass(frozen=True)
class Notice:
    """A warning from a renderer: ``name`` is what an author lists in ``allow:`` to accept it."""

    name: str
    message: str
    key: str | None = None  # the option it is about, for its line


@dataclass(frozen=True)
class Result:
    """The numbers behind a headline, for the results index: what got how much better."""

    benchmark: str
    metric: str
    factor: float  # > 1: how many times better
    change: float  # relative change of the value, e.g. -0.88
    word: str  # "faster", "smaller", ...
    tool: str = ""  # the data's format, e.g. "hyperfine"


@dataclass(frozen=True)
class Rendered:
    """A rendered block: its HTML and the facts the glue needs, as data."""

    html: str
    headline: str | None = None  # None: this block says nothing about the post's headline
    assets: frozenset[str] = frozenset()
    notices: tuple[Notice, ...] = ()
    result: Result | None = None  # the numbers of ``headline``, when it has some
    files: tuple[tuple[str, "bytes | Path"], ...] = ()  # published beside the page: a CSV, or a copy of a data file


@dataclass(frozen=True)
class BlockKind:
    """One kind of block: its info word, its declared options, and its renderer."""

    name: str
    render: Callable[["Block", "BlockContext"], "str | Rendered"]
    options: tuple[Option, ...] = ()
    help: str = ""


def load_kinds(feature_modules) -> dict[str, BlockKind]:
    """Every kind of the named feature modules, by info word; a name given twice is a setup error."""
    kinds: dict[str, BlockKind] = {}
    for module in feature_modules:
        for kind in import_module(module).KINDS:
            if kind.name in kinds:
                raise ValueError(f"block kind {kind.name!r} is defined twice (in {module})")
            kinds[kind.name] = kind
    return kinds
