"""The ``environment`` block: what the data files record about the machine, plus the author's word."""

from __future__ import annotations

from ..blocks import TEXT, Block, BlockContext, BlockKind, Option, PerfblogError, split_list
from .adapters import environment as env_facts
from .sources import BlockData

AUTHOR = "stated by the author"


def render_environment(block: Block, ctx: BlockContext) -> str:
    data = BlockData(block, ctx)
    facts: list[tuple[str, str, str]] = [(k, v, AUTHOR) for k, v in _stated(block, ctx)]
    for path in split_list(block.option("file") or ""):
        src = data.source(path, "file")
        facts.extend((k, v, path) for k, v in env_facts(src, data.fmt))
    if not facts:
        raise block.error("no environment facts: name files that record them (Google Benchmark, "
                          "pytest-benchmark, pyperf, go) or write 'Key: value' lines after a blank line")
    merged: dict[tuple[str, str], list[str]] = {}
    for key, value, origin in facts:
        merged.setdefault((key, value), []).append(origin)
    ctx.need("bench.css")
    return ctx.render_template(
        "bench/environment.html",
        id=ctx.block_id,
        caption=block.option("caption") or "Test environment",
        rows=[dict(key=k, value=v, source=", ".join(o)) for (k, v), o in merged.items()],
    )


def _stated(block: Block, ctx: BlockContext) -> list[tuple[str, str]]:
    """'Key: value' lines from the block's data and the post's ``environment`` metadata."""
    stated = []
    meta = ctx.metadata.get("environment")
    for item in (meta.split(";") if isinstance(meta, str) else []):
        key, sep, value = item.partition(":")
        if sep and key.strip() and value.strip():
            stated.append((key.strip(), value.strip()))
    for offset, text in enumerate(block.data.splitlines()):
        if not text.strip():
            continue
        key, sep, value = text.partition(":")
        if not sep or not key.strip() or not value.strip():
            raise PerfblogError("expected 'Key: value' (an environment fact)", line=(block.data_line or 0) + offset)
        stated.append((key.strip(), value.strip()))
    return stated


ENVIRONMENT = BlockKind(
    "environment", render_environment,
    (
        Option("file", TEXT, help="files that record the machine (comma-separated)"),
        Option("format", TEXT, help="the files' format, when detection cannot tell"),
        Option("caption", TEXT, help="the table's caption (default: Test environment)"),
    ),
    "the machine and software a measurement ran on, from the data files and 'Key: value' lines",
)
