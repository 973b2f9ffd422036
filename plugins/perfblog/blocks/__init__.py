"""The block framework: syntax, typed options, the sandbox, dispatch, errors and the cache.

Features (``perfblog.benchdata``, ``perfblog.flame``, ``perfblog.media``) sit
on top of it and only declare ``KINDS``; the Pelican glue (``perfblog.glue``)
and the CLI sit on top of everything.

* ``syntax`` — the Markdown extension: fenced blocks become inert placeholders;
* ``options`` — each kind's declared options, typed, with one wording for mistakes;
* ``kinds`` — ``BlockKind``, ``Rendered`` (HTML plus facts), ``load_kinds``;
* ``context`` — what a renderer may use; ``resolve`` is the sandbox for data paths;
* ``dispatch`` — placeholders to HTML, every exception to a located ``Problem``;
* ``cache`` — rendered blocks reused while nothing they read changed;
* ``errors`` — ``PerfblogError`` and ``Problem``; ``templates`` — the Jinja environment.
"""

from .context import BlockContext
from .errors import PerfblogError, Problem, close_names_hint
from .kinds import BlockKind, Notice, Rendered, Result
from .options import FLAG, FRACTION, NAMES, PAIRS, SHARE, TEXT, Option, choice, split_list, whole
from .syntax import Block

__all__ = [
    "FLAG", "FRACTION", "NAMES", "PAIRS", "SHARE", "TEXT", "Block", "BlockContext", "BlockKind", "Notice",
    "Option", "PerfblogError", "Problem", "Rendered", "Result", "choice", "close_names_hint", "split_list", "whole",
]
