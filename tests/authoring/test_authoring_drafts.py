"""Drafts (``Status: draft``): seen in preview at drafts/<slug>/, never in the production output."""

from __future__ import annotations

import pytest
from conftest import ROOT
from sitebuild import build_site

DRAFT = """\
Title: Half-written secret
Date: 2026-11-20
Slug: secret-draft
Status: draft

See [the numbers]({attach}data/numbers.txt).

```echo
fail: not measured yet
```
"""
PUBLISHED = "Title: Out there\nDate: 2026-11-01\nSlug: out-there\n\nPublished prose.\n"


@pytest.fixture
def content(tmp_path):
    root = tmp_path / "content"
    (root / "pages").mkdir(parents=True)
    for slug, text in (("draft", DRAFT), ("published", PUBLISHED)):
        (root / "posts" / slug).mkdir(parents=True)
        (root / "posts" / slug / "index.md").write_text(text)
    (root / "posts" / "draft" / "data").mkdir()
    (root / "posts" / "draft" / "data" / "numbers.txt").write_text("draft-only numbers")
    return root


def build(tmp_path, content, settings_file):
    overrides = {"PATH": str(content), "PERFBLOG_FEATURES": ["features_for_tests"]}
    return build_site(ROOT / settings_file, tmp_path / "out", overrides=overrides,
                      env={"SITEURL": "https://perf.example.org"})


def test_a_draft_is_previewed_at_drafts_slug_and_not_listed(tmp_path, content):
    site = build(tmp_path, content, "pelicanconf.py")
    page = site.html("drafts/secret-draft/index.html")
    assert "Half-written secret" in page.get_text()
    assert page.find(class_="pb-error") is not None  # the author sees what is missing
    assert "Half-written secret" not in site.html("index.html").get_text()
    assert "Half-written secret" not in site.html("archives/index.html").get_text()




def test_the_production_build_holds_no_trace_of_a_draft(tmp_path, content):
    """Not its page, and not the files it links with {attach} either."""
    (content / "posts" / "draft" / "index.md").write_text(DRAFT.split("```")[0])  # no broken block
    site = build(tmp_path, content, "publishconf.py")
    assert site.error is None, site.problems()
    assert (site.output / "posts/out-there/index.html").exists()
    leaked = [path.relative_to(site.output).as_posix() for path in site.output.rglob("*")
              if "draft" in path.as_posix() or (path.is_file() and path.suffix in (".html", ".xml", ".txt")
                                                and any(word in path.read_text(errors="replace")
                                                        for word in ("secret-draft", "Half-written", "draft-only")))]
    assert leaked == []


def test_a_broken_draft_does_not_stop_publishing(tmp_path, content):
    site = build(tmp_path, content, "publishconf.py")
    assert site.error is None, site.problems()
