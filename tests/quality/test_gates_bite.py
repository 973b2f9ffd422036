"""The gates bite: a copy of the real content plus one deliberately broken post per gate.

Each test runs the very check function that guards the real site (tests/quality/gates.py)
and shows that it reports the broken thing, naming the broken post.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser import serve
from gates import (ROOT, QualityBuild, broken_images, check_links, check_page_weight, check_skip_link,
                   check_tab_order, check_theme_budget, format_violations, horizontal_overflow, missing_scroll_cues,
                   open_page, quality_content, run_axe, run_vnu, small_text, table_problems, third_party_references)
from sitebuild import BuiltSite, build_site

BAD_POSTS = {
    "bad-alt": "An image without alt text:\n\n"
               '<img src="{static}/extra/favicon.svg" width="24" height="24">\n',
    "bad-link": "A [link to a page that does not exist](../no-such-post/) and a\n"
                "[link to a missing section](#no-such-section).\n",
    "bad-contrast": '<p style="color:#aaaaaa;background:#ffffff">This sentence is too pale to read.</p>\n',
    "bad-script": '<script src="https://cdn.example.com/x.js"></script>\n\nA post that loads a third-party script.\n',
}


@pytest.fixture(scope="module")
def bad_site(tmp_path_factory):
    """The gates' content plus the four bad posts, built with pelicanconf.py."""
    tmp = tmp_path_factory.mktemp("bad-site")
    content = quality_content(tmp / "content")
    for slug, body in BAD_POSTS.items():
        folder = content / "posts" / f"2026-11-20-{slug}"
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(
            f"Title: Broken on purpose: {slug}\nDate: 2026-11-20 10:00\nSlug: {slug}\n"
            f"Summary: A post that breaks one quality gate on purpose.\n\n{body}",
            encoding="utf-8",
        )
    site = build_site(ROOT / "pelicanconf.py", tmp / "out", overrides={"PATH": str(content)})
    assert site.error is None, site.problems()
    for slug in BAD_POSTS:
        assert (site.output / "posts" / slug / "index.html").is_file()
    return site


@pytest.fixture(scope="module")
def bad_url(bad_site):
    with serve(bad_site.output) as url:
        yield url


def only(problems: list[str], needle: str) -> list[str]:
    return [p for p in problems if needle in p]


@pytest.mark.browser
def test_image_without_alt_fails_axe_and_vnu(bad_site, bad_url, new_context, quality_tools):
    visit = open_page(new_context(1280, "light"), bad_url + "posts/bad-alt/")
    violations = run_axe(visit.page, quality_tools.axe_js)
    assert "image-alt" in [v["id"] for v in violations], format_violations(violations)
    errors = run_vnu(quality_tools.vnu_jar, bad_site.output / "posts" / "bad-alt" / "index.html").errors
    assert any("alt" in e for e in errors), errors


def test_link_to_a_missing_page_fails_the_link_check(bad_site):
    problems = check_links(bad_site.output)
    assert only(problems, "posts/bad-link/index.html: <a href> '../no-such-post/' -> missing posts/no-such-post/index.html")
    assert only(problems, "posts/bad-link/index.html: <a href> '#no-such-section' -> no id 'no-such-section'")
    assert [p for p in problems if "bad-link" not in p] == [], "only the bad post is reported"


@pytest.mark.browser
def test_low_contrast_fails_axe(bad_url, new_context, quality_tools):
    visit = open_page(new_context(1280, "light"), bad_url + "posts/bad-contrast/")
    violations = [v for v in run_axe(visit.page, quality_tools.axe_js) if v["id"] == "color-contrast"]
    assert violations, "axe did not report the #aaa on #fff paragraph"
    assert "too pale" in violations[0]["nodes"][0]["html"]


@pytest.mark.browser
def test_third_party_script_fails_the_budget(bad_site, bad_url, new_context):
    static = third_party_references(bad_site.output)
    assert static == ["posts/bad-script/index.html: <script src='https://cdn.example.com/x.js'> fetches from a third party"]
    visit = open_page(new_context(390, "light"), bad_url + "posts/bad-script/")
    assert visit.third_party == ["https://cdn.example.com/x.js"]
    assert only(visit.problems(), "third-party request: https://cdn.example.com/x.js")


def _site(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_link_check_catches_what_a_subpath_breaks(tmp_path):
    """Under https://user.github.io/repo a root-relative /x/ leaves the site; assets in
    srcset and CSS url() must exist too."""
    output = _site(tmp_path, {
        "index.html": '<link rel="stylesheet" href="/repo/s.css"><a href="/elsewhere/">x</a>'
                      '<a href="https://user.github.io/repo/">home</a><a href="https://user.github.io/other/">out</a>'
                      '<img alt="" src="a.png" srcset="a.png 1x, missing@2x.png 2x">',
        "s.css": "body { background: url('gone.png') } @import 'also-gone.css';",
        "a.png": "",
    })
    problems = check_links(output, "https://user.github.io/repo")
    assert sorted(problems) == sorted([
        "index.html: <a href> '/elsewhere/' leaves the site's path /repo/ (/elsewhere/)",
        "index.html: <a href> 'https://user.github.io/other/' leaves the site's path /repo/ (/other/)",
        "index.html: <img srcset> 'missing@2x.png' -> missing missing@2x.png",
        "s.css: url() 'gone.png' -> missing gone.png",
        "s.css: url() 'also-gone.css' -> missing also-gone.css",
    ])


@pytest.mark.browser
def test_browser_checks_catch_layout_focus_and_loading_faults(tmp_path, new_context):
    """Hand-written page: no skip link, a link without focus style, a too-wide block,
    a missing image and a script error."""
    _site(tmp_path, {"index.html": """<!doctype html><html lang="en"><head><title>t</title>
<style>.plain:focus-visible { outline: none }</style></head><body>
<header><a class="plain" href="#x">no focus ring</a></header>
<main id="main" tabindex="-1"><h1 id="x">t</h1><div style="width: 2000px">wide</div>
<img src="missing.png" alt="missing"><script>throw new Error("boom")</script></main></body></html>"""})
    with serve(tmp_path) as url:
        visit = open_page(new_context(390, "light"), url)
        assert check_skip_link(visit.page) == ['first Tab stop is a.plain[href="#x"] "no focus ring", not a skip link to <main>']
        assert check_tab_order(visit.page) == ['no visible focus indicator on a.plain[href="#x"] "no focus ring"']
        overflow = horizontal_overflow(visit.page)
        assert len(overflow) == 1 and overflow[0].startswith("page scrolls sideways: scrollWidth 2") \
            and 'div "wide" reaches 2' in overflow[0]
        assert broken_images(visit.page) == [f"image not loaded: img src={url}missing.png"]
        problems = visit.problems()
        assert only(problems, "console error: uncaught boom"), problems
        assert only(problems, "missing.png: HTTP 404"), problems


@pytest.mark.browser
def test_budgets_bite(bad_site, bad_url, new_context):
    """The same budget checks, with budgets a real page cannot meet."""
    [theme] = check_theme_budget(bad_site.output, budget=1000)
    assert theme.startswith("theme CSS+JS is ") and "theme/css/site.css" in theme
    visit = open_page(new_context(1280, "light"), bad_url + "posts/bad-alt/")
    broken_images(visit.page)
    [weight] = check_page_weight(visit.responses, budget=1000)
    assert "posts/bad-alt/" in weight and "favicon.svg" in weight


def test_a_page_of_a_template_no_kind_covers_fails(tmp_path):
    """A new template's page, and a kind whose page is gone, are both reported."""
    _site(tmp_path, {"index.html": "", "new/index.html": ""})
    build = QualityBuild(BuiltSite(tmp_path), {"index.html": "index.html", "new/index.html": "new.html"})
    problems = build.check_page_kinds()
    assert problems[0] == "new/index.html: no page kind covers its template 'new.html' (add one to PAGE_KINDS)"
    assert "no article page (article.html at posts/counting-words-faster/index.html)" in problems


READING_FAULTS = """<!doctype html><html lang="en"><head><title>t</title>
<link rel="stylesheet" href="theme/css/site.css"><style>.plain { overflow-x: auto; background: none }</style></head>
<body><main id="main">
<svg viewBox="0 0 1000 100" width="1000" height="100" style="width: 100%"><text x="0" y="20" font-size="12">tiny label</text></svg>
<p style="font-size: 9px">fine print</p>
<table style="width: 100%"><tr><th>stretched</th><td>1 ms</td></tr></table>
<div style="overflow: hidden; width: 200px"><figure><figcaption style="white-space: nowrap">a caption far too long for its box</figcaption></figure></div>
<div class="plain"><table><tr><td style="white-space: nowrap">a table wider than a phone, in a box without a scroll cue</td></tr></table></div>
<div class="pb-scroll"><table><caption>The theme's box: as wide as the content, cued, its caption whole</caption>
<tr><td style="white-space: nowrap">a table wider than a phone, in the theme's scroll box</td></tr></table></div>
</main></body></html>"""


@pytest.mark.browser
def test_reading_checks_catch_small_text_stretched_tables_clipped_captions_and_no_cue(tmp_path, new_context):
    """Hand-written page at 390 px: each fault is reported, and the table in the theme's
    .pb-scroll box (site.css) passes every check."""
    _site(tmp_path, {"index.html": READING_FAULTS,
                     "theme/css/site.css": (ROOT / "theme" / "static" / "css" / "site.css").read_text(encoding="utf-8")})
    with serve(tmp_path) as url:
        visit = open_page(new_context(390, "light"), url)
        small = small_text(visit.page)
        assert [p.split(":")[0] for p in small] == ["smaller than 11px", "smaller than 11px"]
        assert 'p "fine print": 9.0px' in small[0] and 'SVG text text "tiny label": 4.7px' in small[1], small
        tables = table_problems(visit.page)
        assert len(tables) == 2, tables
        assert tables[0].startswith('table "stretched1 ms" is 390px wide, its content ')
        assert tables[1].startswith('caption clipped: figcaption "a caption far too long for its box" spans ')
        assert missing_scroll_cues(visit.page) == [
            'no visible scroll cue on div.plain "a table wider than a phone, in a box wit": its right edge changes by 0 of 255']
