"""codediff: before/after code as a diff that keeps its highlighting."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from pygments.lexers import RustLexer

from perfblog.blocks import BlockContext, PerfblogError
from perfblog.blocks.dispatch import run
from perfblog.blocks.kinds import load_kinds
from perfblog.blocks.syntax import parse_block
from perfblog.blocks.templates import block_template_renderer
from perfblog.code.diff import highlighted_lines, pairs, rows
from sitebuild import ROOT

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
