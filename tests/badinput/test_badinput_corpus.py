"""Every case of the corpus through ``make publish``: told once, at its line, without a traceback,
and the healthy post beside it still written."""

from __future__ import annotations

import re

import pytest

from badinput_cases import CASES, EXPORT_MARKDOWN, HEALTHY, LIMITS
from badinput_site import Build, assert_no_traceback, assert_told_once, assert_written, make_publish, scratch_site, \
    squeezed

#: Settings of each build; the cases say which build they belong to.
BUILDS = {"shared": "", "fifo": "", "limits": LIMITS, "duplicate-slug": ""}
LOCATED = re.compile(r"content/posts/(?P<post>[^/\s]+)/index\.md:\d+: ")
SUMMARY = re.compile(r"perfblog: (?P<errors>\d+) errors?, (?P<warnings>\d+) warnings?")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """``built(name)``: that build's site made and published once, the healthy post beside its cases."""
    done: dict[str, Build] = {}

    def build(name: str) -> Build:
        if name not in done:
            site = scratch_site(tmp_path_factory.mktemp(f"badinput-{name}"), BUILDS[name])
            for case in (HEALTHY, *(c for c in CASES if c.build == name)):
                case.write(site / "content" / "posts")
            done[name] = make_publish(site)
        return done[name]

    return build


def assert_healthy(build: Build, slug: str = HEALTHY.name) -> None:
    """A post with HEALTHY's body was written with its table and its flame graph."""
    assert_written(build, f"posts/{slug}/index.html", "figure.pb-bench table", "figure.pb-flame svg")


@pytest.mark.parametrize("case", [case.param() for case in CASES])
def test_bad_input_is_told_once_at_its_line(built, case):
    build = built(case.build)
    assert_told_once(build, case.name, case.line, case.says, case.level)
    assert_healthy(build)


@pytest.mark.parametrize("name", BUILDS)
def test_only_the_cases_are_told_and_all_of_them_counted(built, name):
    build = built(name)
    told = [m["post"] for line in build.lines if (m := LOCATED.search(line))]
    cases = {c.name for c in CASES if c.build == name}
    assert set(told) <= cases, f"problems in posts that have none: {sorted(set(told) - cases)}"
    summaries = [m for line in build.lines if (m := SUMMARY.search(line))]
    assert len(summaries) == 1, squeezed(build.lines[-5:])
    assert int(summaries[0]["errors"]) + int(summaries[0]["warnings"]) == len(told)


def test_corpus_is_large_and_every_slug_unique():
    names = [case.name for case in CASES]
    assert len(names) >= 60 and len(set(names)) == len(names)


def test_a_tools_markdown_export_in_data_is_neither_an_article_nor_a_problem(tmp_path):
    site = scratch_site(tmp_path / "site")
    EXPORT_MARKDOWN.write(site / "content" / "posts")
    build = make_publish(site)
    assert build.code == 0, squeezed(build.lines)
    assert not build.mentioning(".md"), squeezed(build.mentioning(".md"))
    pages = sorted(p.relative_to(site / "output").as_posix() for p in (site / "output" / "posts").rglob("*.html"))
    assert pages == [f"posts/{EXPORT_MARKDOWN.name}/index.html"]  # the export is data, never a page of its own
    assert_healthy(build, EXPORT_MARKDOWN.name)
    assert_no_traceback(build)
