"""A block kind for testing the plugin's glue on its own: it echoes its options.

Real block kinds (bench, flamegraph, ...) have their own tests; this one lets
the glue tests control exactly what a renderer does, including failing, warning
and crashing.
"""

from markupsafe import escape

from perfblog.blocks import TEXT, BlockKind, Option


def render_echo(block, ctx):
    if block.option("fail"):
        raise block.error(block.option("fail"), key="fail")
    if block.option("crash"):
        raise ZeroDivisionError("division by zero")
    if block.option("warn"):
        ctx.warn("echo-warning", block.option("warn"), key="warn")
    if block.option("file"):
        text = ctx.resolve(block.option("file"), "file", block).read_text()
        return f'<p class="echo" id="{ctx.block_id}">{escape(text.strip())}</p>'
    if block.option("image"):
        ctx.need("echo.css")
        return f'<img src="{{attach}}{escape(block.option("image"))}" alt="test image">'
    return f'<p class="echo" id="{ctx.block_id}">{escape(block.option("say") or "")}</p>'


KINDS = (
    BlockKind("echo", render_echo, tuple(Option(name, TEXT) for name in ("say", "file", "image", "fail", "crash", "warn"))),
)
