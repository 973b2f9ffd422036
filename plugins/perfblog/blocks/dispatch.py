"""Replace block placeholders in rendered HTML with the blocks' real output.

The one place every block goes through: options are checked against the kind's
declaration, the renderer runs (or the cache answers), and *every* exception
becomes a located ``Problem`` and an error box: a ``PerfblogError`` as its
message, anything else as "internal error in the <kind> block". Errors raised
inside a data file are told at the option that named the file:
``post.md:LINE: [key] data/file:LINE: message``.

Pure function of (html, post, kinds): no Pelican objects, so ``perfblog check``
calls it as the build does.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from markupsafe import escape

from .cache import BlockCache
from .context import BlockContext
from .errors import PerfblogError, Problem
from .kinds import BlockKind, Rendered, Result
from .options import OptionError, read_options
from .syntax import ERROR, PLACEHOLDER, WARNING, Block

log = logging.getLogger("perfblog")


@dataclass
class Substitution:
    html: str
    problems: list[Problem] = field(default_factory=list)
    assets: set[str] = field(default_factory=set)
    headline: str | None = None  # what the first block with an opinion says
    result: Result | None = None  # and its numbers
    files: list[tuple[str, "bytes | Path"]] = field(default_factory=list)  # to publish beside the page

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]


def error_box(problem: Problem) -> str:
    """What a reader of the preview sees where a block failed."""
    return (
        '<div class="pb-error" role="alert"><p><strong>perfblog could not render this block'
        f"</strong></p><pre>{escape(str(problem))}</pre></div>"
    )


def render(kind: BlockKind, block: Block, ctx: BlockContext) -> Rendered:
    """Run one renderer and pack what it told the context into its result (less the warnings
    the author accepted with ``allow:``)."""
    output = kind.render(block, ctx)
    rendered = output if isinstance(output, Rendered) else Rendered(output)
    allowed = set(block.option("allow"))
    notices = tuple(n for n in (*rendered.notices, *ctx.notices) if n.name not in allowed)
    return dataclasses.replace(rendered, assets=rendered.assets | frozenset(ctx.assets), notices=notices,
                               files=rendered.files + tuple(ctx.files))


def typed(block: Block, kind: BlockKind) -> Block:
    """The block with its options read by the kind's declaration."""
    try:
        values = read_options(kind.name, kind.options, block.options)
    except OptionError as error:
        raise block.error(error.message, key=error.key) from None
    return dataclasses.replace(block, values=values)


def run(kind: BlockKind, block: Block, ctx: BlockContext, cache: BlockCache | None = None) -> Rendered:
    """Check the block's options, render it (or take it from the cache); errors come out located.

    A ``PerfblogError`` leaves with the post's line, the option's key, and the
    data file's own place in its message.
    """
    try:
        block = typed(block, kind)
        return cache.memo("html", block, ctx, kind) if cache else render(kind, block, ctx)
    except PerfblogError as error:
        problem = locate(error, block, ctx, str(ctx.post_path))
        raise PerfblogError(problem.message, path=problem.path, line=problem.line, key=problem.key) from None


def locate(error: PerfblogError, block: Block, ctx: BlockContext, post: str) -> Problem:
    """The error as the author reads it, at a line of the post."""
    if error.path is None:  # about the post itself (options, inline data)
        line = error.line or block.option_lines.get(error.key or "", block.line)
        return Problem(post, line, "error", error.message, error.key)
    data = Path(error.path) if os.path.isabs(error.path) else ctx.post_path.parent / error.path
    key = ctx.option_for(str(data.resolve()))
    shown = Path(os.path.relpath(data, ctx.post_path.parent)).as_posix()
    where = shown + (f":{error.line}" if error.line is not None else "") + (f" [{error.key}]" if error.key else "")
    return Problem(post, block.option_lines.get(key or "", block.line), "error", f"{where}: {error.message}", key)


def substitute_blocks(
    html: str,
    *,
    post_path: Path,
    content_root: Path,
    kinds: Mapping[str, BlockKind],
    render_template: Callable[..., str],
    settings: Mapping[str, Any],
    metadata: Mapping[str, Any],
    id_prefix: str,
    cache: BlockCache | None = None,
    shown_path: str | None = None,
) -> Substitution:
    """Render every placeholder in ``html``; a failed block becomes an error box.

    With a ``cache``, a block whose inputs are unchanged since it was last
    rendered is taken from it (see ``cache``); failures never are.
    ``shown_path`` is how problems name the post (default: ``post_path``).
    """
    result = Substitution(html)
    post = shown_path or str(post_path)
    counter = 0

    def render_one(match: re.Match) -> str:
        nonlocal counter
        counter += 1
        block = Block.from_payload(match["payload"])
        if block.kind == WARNING:
            result.problems.append(Problem(post, block.line, "warning", block.options["message"]))
            return ""
        ctx = BlockContext(
            post_path=post_path,
            content_root=content_root,
            block_id=f"{id_prefix}-b{counter}",
            settings=settings,
            metadata=metadata,
            render_template=render_template,
        )
        try:
            if block.kind == ERROR:
                raise block.error(block.options["message"])
            rendered = run(kinds[block.kind], block, ctx, cache)
        except PerfblogError as error:
            problem = Problem(post, error.line or block.line, "error", error.message, error.key)
        except Exception as crash:  # noqa: BLE001 - a renderer bug must cost one block, never the build
            problem = Problem(post, block.line, "error",
                              f"internal error in the {block.kind} block ({type(crash).__name__}: {crash}); "
                              "please report it with this block")
            log.debug("perfblog: %s", problem, exc_info=True)
        else:
            for notice in rendered.notices:
                line = block.option_lines.get(notice.key or "", block.line)
                message = f"{notice.message} (accept it with 'allow: {notice.name}')"
                result.problems.append(Problem(post, line, "warning", message, notice.key))
            result.assets |= rendered.assets
            result.files += rendered.files
            if result.headline is None and rendered.headline is not None:
                result.headline, result.result = rendered.headline, rendered.result
            return rendered.html
        result.problems.append(problem)
        return error_box(problem)

    result.html = PLACEHOLDER.sub(render_one, html)
    return result
