"""codediff: before/after code as a diff that keeps its highlighting."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pygments.lexers import RustLexer

from perfblog.blocks import BlockContext, PerfblogError
from perfblog.blocks.dispatch import run
from perfblog.blocks.kinds import load_kinds
from perfblog.blocks.syntax import parse_block
from perfblog.blocks.templates import block_template_renderer
from perfblog.code.diff import highlighted_lines, pairs, rows
from sitebuild import ROOT, build_site

KIND = load_kinds(["perfblog.code.render"])["codediff"]
BEFORE = 'fn count(words: &[&str]) -> usize {\n    let s = "a\nb";\n    words.iter().count()\n}\n'
AFTER = 'fn count(words: &[&str]) -> usize {\n    let s = "a\nb";\n    words.len()\n}\n'


def render(body: str, root=ROOT / "content" / "posts" / "2026-11-27-word-count"):
    ctx = BlockContext(root / "index.md", ROOT / "content", "d1", {}, {},
                       block_template_renderer({"THEME": str(ROOT / "theme")}))
    html = run(KIND, parse_block("codediff", 10, body.splitlines()), ctx).html
    return BeautifulSoup(html, "html.parser"), ctx


def test_a_string_spanning_lines_stays_a_string_on_both_lines():
    lines = highlighted_lines(BEFORE, RustLexer(stripnl=False, ensurenl=False))
    assert len(lines) == 5
    assert '<span class="s">a</span>' in lines[1] and lines[2].startswith('<span class="s">b</span>')


def test_rows_fold_long_unchanged_runs_and_pair_changes_side_by_side():
    before = "".join(f"line {i}\n" for i in range(20))
    after = before.replace("line 10\n", "line ten\n")
    unified = rows(before, after, RustLexer(), context=2)
    kinds = [r.kind for r in unified]
    assert kinds == ["skip", "same", "same", "del", "add", "same", "same", "skip"]
    assert (unified[0].skipped, unified[-1].skipped) == (8, 7)
    assert [p.kind for p in pairs(unified)] == ["skip", "same", "same", "change", "same", "same", "skip"]


def test_inline_versions_render_unified_and_split_with_highlighting():
    body = f"language: rust\ncaption: count() is O(1) on a slice\n\n<<<<<<< before\n{BEFORE}=======\n{AFTER}>>>>>>> after"
    soup, ctx = render(body)
    unified = soup.find(class_="pb-diff-unified")
    removed = unified.find("tr", class_="pb-diff-del")
    assert removed.find(class_="pb-diff-m").get_text() == "−" and "iter" in removed.get_text()
    assert unified.find("tr", class_="pb-diff-add").find("span", class_="n")  # Pygments classes kept
    assert soup.find(class_="pb-diff-split")["aria-hidden"] == "true"  # one copy for assistive tech
    assert "1 line removed, 1 added." in soup.find("figcaption").get_text()
    assert ctx.assets == {"codediff.css"}


def test_files_are_read_through_the_sandbox_and_the_language_comes_from_the_name():
    soup, _ = render("before: bench/src/corpus.rs\nafter: bench/src/lib.rs")
    assert soup.select_one("tr.pb-diff-add span.k")  # Rust keywords: the language came from '.rs'
    with pytest.raises(PerfblogError, match="outside the content folder"):
        render("before: ../../../pelicanconf.py\nafter: bench/src/lib.rs")


def test_inline_data_without_markers_says_how_to_write_it():
    with pytest.raises(PerfblogError, match="<<<<<<< before"):
        render("language: rust\n\nlet a = 1;")


@pytest.mark.browser
def test_unified_on_a_phone_side_by_side_on_a_wide_screen(tmp_path, browser):
    from browser import serve
    from sitebuild import build_site

    post = tmp_path / "content" / "posts" / "change" / "index.md"
    post.parent.mkdir(parents=True)
    (tmp_path / "content" / "pages").mkdir()
    fence = f"```codediff\nlanguage: rust\n\n<<<<<<< before\n{BEFORE}=======\n{AFTER}>>>>>>> after\n```\n"
    post.write_text(f"Title: Change\nDate: 2026-11-01\nSlug: change\n\n{fence}")
    site = build_site(ROOT / "pelicanconf.py", tmp_path / "out", overrides={"PATH": str(tmp_path / "content")})
    assert site.error is None, site.problems()
    with serve(tmp_path / "out") as base:
        for width, shown, hidden in ((390, ".pb-diff-unified", ".pb-diff-split"), (1280, ".pb-diff-split", ".pb-diff-unified")):
            page = browser.new_page(viewport={"width": width, "height": 800})
            page.goto(f"{base}posts/change/")
            assert page.locator(shown).is_visible() and not page.locator(hidden).is_visible()
            overflow = page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
            assert not overflow, f"the page scrolls sideways at {width} px"
            page.close()


# --- from a git commit range ------------------------------------------------------

V1 = "#include <string.h>\n\nsize_t count(const char *s) {\n    return strlen(s);\n}\n"
V2 = "#include <string.h>\n\nsize_t count(const char *s, size_t n) {\n    return strnlen(s, n);\n}\n"
V3 = "#include <string.h>\n\nsize_t count(const char *s, size_t n) {\n    return n ? strnlen(s, n) : 0;\n}\n"


def commit(repo: Path, files: dict[str, str], message: str) -> str:
    """Write ``files`` and commit them; the new commit's id."""
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    env = {"PATH": os.environ["PATH"], "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}
    if not (repo / ".git").exists():
        subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True, env=env)
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", str(repo), "commit", "-q", "-m", message], check=True, env=env)
    return subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], check=True, env=env,
                          capture_output=True, text=True).stdout.strip()


@pytest.fixture
def git_post(tmp_path):
    """content/posts/change/ with a repository bench/ holding src/count.c in two commits."""
    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    post = content / "posts" / "change"
    first = commit(post / "bench", {"src/count.c": V1}, "strlen")
    second = commit(post / "bench", {"src/count.c": V2, "README": "x\n"}, "strnlen")
    return post, first, second


def code(row) -> str:
    """A diff row's code as read (html.parser keeps one space of an all-space string: compare words)."""
    return " ".join(row.find(class_="pb-diff-code").get_text().split())


def build_post(post: Path, fence: str, out: Path):
    (post / "index.md").write_text(f"Title: Change\nDate: 2026-11-01\nSlug: change\n\nText.\n\n{fence}")
    return build_site(ROOT / "pelicanconf.py", out, overrides={
        "PATH": str(post.parents[1]), "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True})


def test_a_commit_range_of_a_repository_in_the_post_is_shown_as_a_highlighted_diff(git_post, tmp_path):
    post, first, second = git_post
    fence = f"```codediff\nrepo: bench/\ncommits: {first[:9]}..main\npath: src/count.c\n```\n"
    site = build_post(post, fence, tmp_path / "out")
    assert site.error is None, site.problems()
    figure = site.html("posts/change/index.html").find("figure", class_="pb-diff")
    unified = figure.find(class_="pb-diff-unified")
    assert [th.get_text() for th in unified.thead.find_all("th")][:2] == [first[:9], "main"]
    removed, added = unified.find_all("tr", class_="pb-diff-del"), unified.find_all("tr", class_="pb-diff-add")
    assert [code(r) for r in removed] == ["size_t count(const char *s) {", "return strlen(s);"]
    assert code(added[1]) == "return strnlen(s, n);"
    assert added[1].find("span", class_="k").get_text() == "return"  # C highlighting, from the file name
    caption = figure.find("figcaption").get_text(" ", strip=True)
    assert "2 lines removed, 2 added." in caption and f"{first[:12]} → {second[:12]}" in caption
    assert not (tmp_path / "out" / "posts" / "change" / "bench").exists()  # the repository is not published


def test_a_new_commit_on_the_branch_is_noticed_by_the_block_cache(git_post, tmp_path):
    post, first, _ = git_post
    fence = "```codediff\nrepo: bench\ncommits: main~1..main\npath: src/count.c\n```\n"
    site = build_post(post, fence, tmp_path / "out")
    assert site.error is None, site.problems()
    assert (tmp_path / "out-cache" / "perfblog-blocks.pickle").exists()  # the second build starts from it
    third = commit(post / "bench", {"src/count.c": V3}, "empty input")
    site = build_post(post, fence, tmp_path / "out")
    assert site.error is None, site.problems()
    figure = site.html("posts/change/index.html").find("figure", class_="pb-diff")
    added = [code(r) for r in figure.select(".pb-diff-unified tr.pb-diff-add")]
    assert added == ["return n ? strnlen(s, n) : 0;"] and third[:12] in figure.find("figcaption").get_text()


def git_error(post: Path, body: str) -> PerfblogError:
    ctx = BlockContext(post / "index.md", post.parents[1], "d1", {}, {},
                       block_template_renderer({"THEME": str(ROOT / "theme")}))
    with pytest.raises(PerfblogError) as caught:
        run(KIND, parse_block("codediff", 10, body.splitlines()), ctx)
    return caught.value


@pytest.mark.parametrize("body, line, key, message", [
    ("repo: src\ncommits: a..b\npath: x.c", 11, "repo", "src/ is not a git repository"),
    ("repo: bench\ncommits: main..nope\npath: src/count.c", 12, "commits", "bench/ has no commit 'nope'"),
    ("repo: bench\ncommits: --output=/tmp/x..main\npath: src/count.c", 12, "commits",
     "'--output=/tmp/x' is not a revision"),
    ("repo: bench\ncommits: main~1..main\npath: src/gone.c", 13, "path",
     "src/gone.c does not exist at main~1 ("),
    ("repo: bench\ncommits: main~1..main\npath: src", 13, "path", "src is a folder at main~1"),
    ("repo: bench\ncommits: main~1..main\npath: ../../x", 13, "path", "relative to the top of the repository"),
    ("repo: ../../../..\ncommits: main~1..main\npath: x", 11, "repo", "not a git repository"),
    ("repo: bench\ncommits: main\n\n<<<<<<< before\na\n=======\nb\n>>>>>>> after", 12, "commits",
     "give the code one way"),
])
def test_git_mistakes_are_told_at_the_option_of_the_post(git_post, body, line, key, message):
    post, *_ = git_post
    (post / "src").mkdir()
    error = git_error(post, body)
    assert message in error.message
    assert (error.path, error.line, error.key) == (str(post / "index.md"), line, key)


def test_a_repository_outside_the_content_folder_is_refused(git_post, tmp_path):
    post, *_ = git_post
    commit(tmp_path / "outside", {"x.c": V1}, "one")
    (post / "linked").symlink_to(tmp_path / "outside")
    assert "outside the content folder" in git_error(post, "repo: linked\ncommits: main\npath: x.c").message


def test_without_git_installed_the_block_says_so(git_post, monkeypatch):
    post, *_ = git_post
    monkeypatch.setenv("PATH", str(post))  # no git there
    error = git_error(post, "repo: bench\ncommits: main~1..main\npath: src/count.c")
    assert "git is not installed" in error.message and error.key == "commits"
