"""One broken post beside the bundled example post, through both production commands:
the example is still written, and the broken post is told once, located, without a traceback."""

from __future__ import annotations

import shutil

import pytest

from badinput_cases import CASES
from badinput_site import ROOT, assert_told_once, assert_written, make_publish, pelican_fatal, scratch_site

BROKEN = next(case for case in CASES if case.name == "bad-boolean")
EXAMPLE = "2026-11-27-word-count"


@pytest.fixture(scope="module")
def example_site(tmp_path_factory):
    """The project's own content (copied: the other tests and editors keep theirs) plus BROKEN."""
    site = scratch_site(tmp_path_factory.mktemp("badinput-example"))
    shutil.copytree(ROOT / "content", site / "content", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("target", "__pycache__"))
    BROKEN.write(site / "content" / "posts")
    return site


@pytest.mark.parametrize("command", [make_publish, pelican_fatal], ids=["make-publish", "pelican-fatal-warnings"])
def test_a_broken_post_beside_the_example_fails_only_itself(example_site, command):
    build = command(example_site)
    assert_told_once(build, BROKEN.name, BROKEN.line, BROKEN.says, BROKEN.level)
    assert_written(build, "posts/counting-words-faster/index.html", "figure.pb-bench table", "figure.pb-flame svg")
    assert not build.mentioning(EXAMPLE), "the example post has problems of its own"
