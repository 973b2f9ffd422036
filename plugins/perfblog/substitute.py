"""Replace block placeholders in rendered HTML with the blocks' real output.

Pure function of (html, post, renderers): no Pelican objects, so it is easy to
test and to call from ``perfblog check`` as well as from the Pelican glue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from markupsafe import escape

from .blockcache import BlockCache
from .blocks import PLACEHOLDER, Block, BlockContext, Renderer, close_names_hint
from .errors import PerfblogError


@dataclass
class Substitution:
    html: str
    errors: list[PerfblogError] = field(default_factory=list)
    assets: set[str] = field(default_factory=set)


def error_box(error: PerfblogError) -> str:
    """What a reader of the preview sees where a block failed."""
    return (
        '<div class="pb-error" role="alert"><p><strong>perfblog could not render this block'
        f"</strong></p><pre>{escape(str(error))}</pre></div>"
    )


def substitute_blocks(
    html: str,
    *,
    post_path: Path,
    content_root: Path,
    renderers: Mapping[str, Renderer],
    render_template: Callable[..., str],
    settings: Mapping[str, Any],
    metadata: Mapping[str, Any],
    id_prefix: str,
    cache: BlockCache | None = None,
    shown_path: str | None = None,
) -> Substitution:
    """Render every placeholder in ``html``; a failed block becomes an error box.

    With a ``cache``, a block whose inputs are unchanged since it was last
    rendered is taken from it (see ``blockcache``); failures never are.
    ``shown_path`` is how errors name the post (default: ``post_path``).
    """
    result = Substitution(html)
    counter = 0

    def render_one(match: re.Match) -> str:
        nonlocal counter
        counter += 1
        block = Block.from_payload(match["payload"])
        ctx = BlockContext(
            post_path=post_path,
            content_root=content_root,
            block_id=f"{id_prefix}-b{counter}",
            settings=settings,
            metadata=metadata,
            render_template=render_template,
        )
        try:
            if block.kind == "__error__":
                raise block.error(block.options["message"])
            renderer = renderers.get(block.kind)
            if renderer is None:
                raise block.error(
                    f"no renderer for '{block.kind}' blocks"
                    + close_names_hint(block.kind, renderers)
                )
            output = cache.memo("html", block, ctx, renderer) if cache else renderer(block, ctx)
        except PerfblogError as error:
            error.located(path=shown_path or str(post_path), line=block.line)
            result.errors.append(error)
            return error_box(error)
        result.assets |= ctx.assets
        return output

    result.html = PLACEHOLDER.sub(render_one, html)
    return result
