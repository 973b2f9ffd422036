"""A block kind for testing the plugin's glue on its own: it echoes its options.

Real block kinds (bench, flamegraph, ...) have their own tests; this one lets
the glue tests control exactly what a renderer does, including failing.
"""

from markupsafe import escape


def render_echo(block, ctx):
    block.check_keys({"say", "file", "image", "fail"})
    if "fail" in block.options:
        raise block.error(block.options["fail"], key="fail")
    if "file" in block.options:
        text = ctx.resolve(block.options["file"], "file", block).read_text()
        return f'<p class="echo" id="{ctx.block_id}">{escape(text.strip())}</p>'
    if "image" in block.options:
        ctx.need("echo.css")
        return f'<img src="{{attach}}{escape(block.options["image"])}" alt="test image">'
    return f'<p class="echo" id="{ctx.block_id}">{escape(block.options.get("say", ""))}</p>'


RENDERERS = {"echo": render_echo}
