"""The ``codediff`` kind: before/after code from two files, two commits or written inline, as a highlighted diff.

From a git repository inside ``content/`` (read by ``git``, see ``code.git``)::

    ```codediff
    repo: bench/
    commits: 3f2a9c1..main
    path: src/lib.rs
    ```

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
from . import git
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
        name = block.option("path") or block.option("after") or block.option("before") or "x.txt"
        return get_lexer_for_filename(name, stripnl=False, ensurenl=False)
    except ClassNotFound:
        if language:
            raise block.error(f"Pygments knows no language '{language}'", key="language") from None
        return find_lexer_class_by_name("text")(stripnl=False, ensurenl=False)


def label(block: Block, key: str, default: str) -> str:
    """The author's label, else ``default`` (for commits: the revision as written)."""
    return block.option(key) if key in block.options else default


def render_codediff(block: Block, ctx: BlockContext) -> str:
    labels, origin = (block.option("before-label"), block.option("after-label")), None
    if block.option("commits") or block.option("repo"):
        if block.option("before") or block.option("after") or block.data:
            raise block.error("give the code one way: 'repo:' and 'commits:', or 'before:' and 'after:', "
                              "or both versions inline", key="commits" if block.option("commits") else "repo")
        old, new = git.versions(block, ctx)
        before, after = old.text, new.text
        labels = (label(block, "before-label", old.revision), label(block, "after-label", new.revision))
        origin = dict(repo=git.repo_name(block), path=git.file_path(block),
                      commits=(old.commit[:12], new.commit[:12]))
    elif block.option("before") or block.option("after"):
        before, after = read(block, ctx, "before"), read(block, ctx, "after")
    else:
        before, after = inline_versions(block)
    unified = rows(before, after, lexer_for(block), block.option("context"))
    ctx.need("codediff.css")
    return ctx.render_template(
        "code/diff.html", id=ctx.block_id, rows=unified, pairs=pairs(unified),
        added=sum(r.kind == "add" for r in unified), removed=sum(r.kind == "del" for r in unified),
        labels=labels, origin=origin, title=block.option("title"), caption=block.option("caption"),
    )


KINDS = (
    BlockKind(
        "codediff", render_codediff,
        (
            Option("before", TEXT, help="the code before, a file relative to the post (or write both inline)"),
            Option("after", TEXT, help="the code after"),
            Option("repo", TEXT, help="a git repository inside content/, relative to the post (with commits:)"),
            Option("commits", TEXT, help="'from..to': two revisions of repo: (one commit: its parent..it)"),
            Option("path", TEXT, help="the file compared at the two commits, relative to the repository's top"),
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
