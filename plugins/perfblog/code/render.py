"""The ``codediff`` kind: before/after code from two files or written inline, as a highlighted diff.

Inline, the two versions are separated as in a merge conflict::

    ```codediff
    language: rust

    <<<<<<< before
    let n = words.iter().count();
    =======
    let n = words.len();
    >>>>>>> after
    ```
"""

from __future__ import annotations

from pygments.lexers import find_lexer_class_by_name, get_lexer_for_filename
from pygments.util import ClassNotFound

from ..blocks import TEXT, Block, BlockContext, BlockKind, Option, whole
from .diff import pairs, rows

BEFORE, MIDDLE, AFTER = "<<<<<<<", "=======", ">>>>>>>"


def inline_versions(block: Block) -> tuple[str, str]:
    """The two versions of the block's inline data, between conflict markers."""
    lines = block.data.splitlines()
    marks = [i for i, line in enumerate(lines) if line.startswith((BEFORE, MIDDLE, AFTER))]
    kinds = [lines[i][:7] for i in marks]
    if kinds != [BEFORE, MIDDLE, AFTER]:
        raise block.error("write the two versions between '<<<<<<< before', '=======' and '>>>>>>> after' "
                          "lines, or name them with 'before:' and 'after:'")
    start, middle, end = marks
    return "\n".join(lines[start + 1:middle]) + "\n", "\n".join(lines[middle + 1:end]) + "\n"


def read(block: Block, ctx: BlockContext, key: str) -> str:
    path = ctx.resolve(block.option(key), key, block)
    if path.is_dir():
        raise block.error(f"{block.option(key)} is a folder, not a source file", key=key)
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise block.error(f"{block.option(key)} is not UTF-8 text (byte {error.start})", key=key) from None


def lexer_for(block: Block):
    language = block.option("language")
    try:
        if language:
            return find_lexer_class_by_name(language)(stripnl=False, ensurenl=False)
        return get_lexer_for_filename(block.option("after") or block.option("before") or "x.txt",
                                      stripnl=False, ensurenl=False)
    except ClassNotFound:
        if language:
            raise block.error(f"Pygments knows no language '{language}'", key="language") from None
        return find_lexer_class_by_name("text")(stripnl=False, ensurenl=False)


def render_codediff(block: Block, ctx: BlockContext) -> str:
    if block.option("before") or block.option("after"):
        before, after = read(block, ctx, "before"), read(block, ctx, "after")
    else:
        before, after = inline_versions(block)
    unified = rows(before, after, lexer_for(block), block.option("context"))
    ctx.need("codediff.css")
    return ctx.render_template(
        "code/diff.html", id=ctx.block_id, rows=unified, pairs=pairs(unified),
        added=sum(r.kind == "add" for r in unified), removed=sum(r.kind == "del" for r in unified),
        labels=(block.option("before-label"), block.option("after-label")),
        title=block.option("title"), caption=block.option("caption"),
    )


KINDS = (
    BlockKind(
        "codediff", render_codediff,
        (
            Option("before", TEXT, help="the code before, a file relative to the post (or write both inline)"),
            Option("after", TEXT, help="the code after"),
            Option("language", TEXT, help="a Pygments language name (default: from the file name)"),
            Option("context", whole(0, 50), 3, "unchanged lines shown around each change"),
            Option("before-label", TEXT, "Before", "the label of the old version"),
            Option("after-label", TEXT, "After", "the label of the new version"),
            Option("title", TEXT, "", "a title above the caption"),
            Option("caption", TEXT, "", "what the change does"),
        ),
        "before/after code as a diff that keeps its highlighting: unified, and side by side on wide screens",
    ),
)
