"""One file at two commits of a git repository inside ``content/``, read with ``git`` itself.

git runs as a subprocess, never through a shell, with a timeout, no pager, no
system or global configuration, no external diff or textconv driver, and its
repository named by ``GIT_DIR`` (so git never walks up to the blog's own
repository). A revision is resolved to its commit id first, so nothing the author
writes reaches git as an option. The repository's ``HEAD`` and refs are read
through ``ctx.resolve``: they are the block's inputs, so a new commit on a
branch the block names renders it again, and the sandbox keeps the repository
inside ``content/``.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..blocks import Block, BlockContext

TIMEOUT_SECONDS = 20
#: What a revision may look like: names, ids, ``~``/``^`` suffixes; never an option or a range.
REVISION = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./~^@{}+-]*")
#: Files of the repository that say what names mean: the cache's inputs (commits never change).
REF_FILES = ("HEAD", "refs", "packed-refs", "reftable", "shallow")


@dataclass(frozen=True)
class Side:
    """One version of the file: the revision as written, its commit id and the file's text."""

    revision: str
    commit: str
    text: str


def revisions(block: Block) -> tuple[str, str]:
    """``commits: A..B`` (or one commit ``C``, meaning ``C^..C``), each checked before git sees it."""
    value = block.require("commits").strip()
    before, dots, after = value.partition("..")
    if not dots:
        before, after = f"{value}^", value
    for revision in (before, after):
        if not REVISION.fullmatch(revision) or ".." in revision:
            raise block.error(f"'{revision}' is not a revision: write 'commits: <from>..<to>' with commit ids, "
                              "branch or tag names", key="commits")
    return before, after


def repo_name(block: Block) -> str:
    """``repo:`` as the author wrote it, without a trailing slash."""
    return block.require("repo").strip().rstrip("/") or "."


def git_dir(block: Block, ctx: BlockContext, repo: str) -> Path:
    """The repository's ``.git`` folder, inside ``content/``; its refs recorded as inputs."""
    dot_git = ctx.post_path.parent / repo / ".git"
    if dot_git.is_file():
        raise block.error(f"{repo}/ is a submodule or a worktree: its history is kept outside it; "
                          "name a repository with its own .git folder", key="repo")
    if not (dot_git / "HEAD").is_file():
        raise block.error(f"{repo}/ is not a git repository (it has no .git folder)", key="repo")
    for name in REF_FILES:
        if name == "HEAD" or (dot_git / name).exists():
            ctx.resolve(f"{repo}/.git/{name}", "repo", block)
    found = (dot_git / "HEAD").resolve().parent
    if (found / "objects" / "info" / "alternates").exists() or (found / "commondir").exists():
        raise block.error(f"{repo}/ borrows objects from another repository (alternates): "
                          "its history is not all inside content/", key="repo")
    return found


def file_path(block: Block) -> str:
    """``path:`` as git names it: relative to the repository's top, never leaving it."""
    value = block.require("path").strip()
    parts = PurePosixPath(value).parts
    if value.startswith("/") or ".." in parts or not parts:
        raise block.error(f"'{value}' should be a file's path relative to the top of the repository",
                          key="path")
    return PurePosixPath(*parts).as_posix()


def git(block: Block, gitdir: Path, key: str, *args: str) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ.get("PATH", os.defpath), "GIT_DIR": str(gitdir), "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0",
        "GIT_NO_LAZY_FETCH": "1", "GIT_NO_REPLACE_OBJECTS": "1", "LC_ALL": "C",
    }
    command = ["git", "--no-pager", "-c", "core.fsmonitor=false", *args]
    try:
        return subprocess.run(command, cwd=gitdir, env=env, capture_output=True, timeout=TIMEOUT_SECONDS,
                              stdin=subprocess.DEVNULL, check=False)
    except FileNotFoundError:
        raise block.error("git is not installed (no 'git' on PATH): the codediff block needs it to read commits",
                          key=key) from None
    except subprocess.TimeoutExpired:
        raise block.error(f"git took longer than {TIMEOUT_SECONDS} s to answer", key=key) from None


def commit_id(block: Block, gitdir: Path, repo: str, revision: str) -> str:
    found = git(block, gitdir, "commits", "rev-parse", "--verify", "--quiet", "--end-of-options",
                f"{revision}^{{commit}}")
    if found.returncode != 0:
        message = found.stderr.decode("utf-8", "replace").strip().splitlines()
        why = f" (git: {message[-1]})" if message else ""
        raise block.error(f"{repo}/ has no commit '{revision}'{why}", key="commits")
    return found.stdout.decode("ascii").strip()


def read_side(block: Block, gitdir: Path, repo: str, revision: str, path: str) -> Side:
    commit = commit_id(block, gitdir, repo, revision)
    spec = f"{commit}:{path}"
    kind = git(block, gitdir, "path", "cat-file", "-t", spec)
    if kind.stdout.strip() != b"blob":
        what = "is a folder" if kind.stdout.strip() == b"tree" else "does not exist"
        raise block.error(f"{path} {what} at {revision} ({commit[:12]}) in {repo}/", key="path")
    shown = git(block, gitdir, "path", "show", "--no-ext-diff", "--no-textconv", spec)
    try:
        return Side(revision, commit, shown.stdout.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise block.error(f"{path} at {revision} is not UTF-8 text (byte {error.start})", key="path") from None


def versions(block: Block, ctx: BlockContext) -> tuple[Side, Side]:
    """The file before and after, as git stores it at the two commits."""
    before, after = revisions(block)
    path, repo = file_path(block), repo_name(block)
    gitdir = git_dir(block, ctx, repo)
    return read_side(block, gitdir, repo, before, path), read_side(block, gitdir, repo, after, path)
