"""Quality gates on the generated files: links, valid HTML, third-party references, CSS+JS budget."""

from __future__ import annotations

import re

from gates import (GATE_POSTS, GITHUB_SITE_URL, PAGE_KINDS, THEME_ASSETS_BUDGET, check_links, check_theme_budget, run_vnu,
                   theme_assets, third_party_references)
from perfblog.blocks.kinds import load_kinds
from perfblog.glue.plugin import DEFAULTS


def test_links_resolve_in_the_root_build(root_site):
    """Every local href/src/srcset/data/url() and #fragment of the root build resolves."""
    problems = check_links(root_site.output)
    assert not problems, "\n".join(problems)


def test_links_resolve_and_stay_under_the_subpath(subpath_site, github_site):
    """The publish build under /repo/ (as https://user.github.io/repo, and as served to the
    browser tests): absolute URLs to its own origin are local, must resolve, and must not
    leave /repo/ (a link to /x/ would 404 on a project page)."""
    problems = check_links(github_site.output, GITHUB_SITE_URL)
    problems += check_links(subpath_site.site.output, subpath_site.site_url)
    assert not problems, "\n".join(problems)


def test_html_is_valid(root_site, subpath_site, quality_tools):
    """The Nu HTML Checker reports zero errors on every generated page of both builds."""
    report = run_vnu(quality_tools.vnu_jar, root_site.output, subpath_site.site.output)
    for warning in report.warnings:
        print("vnu warning:", warning)
    assert not report.errors, "\n".join(report.errors)


def test_nothing_is_fetched_from_a_third_party(root_site, subpath_site, github_site):
    """Statically: no link/script/img/iframe/source/object/... and no CSS url() or
    @import with an http(s):// or protocol-relative URL to another site."""
    problems = third_party_references(root_site.output)
    assert not problems, "\n".join(problems)
    problems = third_party_references(subpath_site.site.output, subpath_site.site_url)
    problems += third_party_references(github_site.output, GITHUB_SITE_URL)
    assert not problems, "\n".join(problems)


def test_theme_css_and_js_fit_the_budget(root_site):
    """All of theme/static plus the plugin's CSS/JS that pages use: <= 20 KB gzip."""
    sizes = theme_assets(root_site.output)
    print(f"theme CSS+JS: {sum(sizes.values()):,} B gzip of {THEME_ASSETS_BUDGET:,} B: {sizes}")
    assert sizes, "no theme CSS found: did the theme's static files move?"
    problems = check_theme_budget(root_site.output)
    assert not problems, "\n".join(problems)


def test_every_page_kind_is_built_and_checked(root_build, subpath_site):
    """Every page of both builds comes from a template that a page kind (gates.PAGE_KINDS,
    what the browser gates open) covers, and every kind has a page."""
    problems = root_build.check_page_kinds() + subpath_site.build.check_page_kinds()
    assert not problems, "\n".join(problems)


def test_the_gates_page_has_every_block_kind(root_site):
    """The "every block" page holds a block of each kind the plugin loads, all rendered."""
    kinds = set(load_kinds(DEFAULTS["PERFBLOG_FEATURES"]))
    source = (GATE_POSTS / "2026-11-29-every-block" / "index.md").read_text(encoding="utf-8")
    assert kinds - set(re.findall(r"^```([\w-]+)", source, re.MULTILINE)) == set()
    page = root_site.html(PAGE_KINDS["every block"][1])
    assert page.select(".pb-error") == [] and len(page.select("figure.pb-figure")) >= len(kinds)
