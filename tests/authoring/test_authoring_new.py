"""``perfblog new``: a post folder from the shipped template, metadata filled, never overwriting."""

from __future__ import annotations

import datetime as dt
import re

from perfblog.authoring.template import TEMPLATE

# The optimization-journey structure, in order.
SECTIONS = [
    "TL;DR", "The Challenge", "What We Were Optimizing", "Why It Mattered", "Initial Baseline",
    "The Investigation", "Profiling Setup", "Key Findings", "Bottleneck Analysis",
    "The Optimization Journey", "Attempt 1: [Approach Name]", "Attempt 2: [Approach Name]",
    "Attempt 3: [Approach Name] (Dead End)", "Final Results", "Performance Comparison",
    "Flamegraph Comparison", "Memory Usage", "Key Takeaways", "What Worked", "What Didn't Work",
    "Lessons Learned", "Recommendations", "Code References", "Appendix", "Full Benchmark Output",
    "Environment",
]


def headings(text: str) -> list[str]:
    return re.findall(r"^#{2,3} (.+)$", text, flags=re.MULTILINE)


def test_template_ships_in_the_package_with_every_section():
    assert headings(TEMPLATE.read_text(encoding="utf-8")) == SECTIONS


def test_new_creates_the_post_folder_with_metadata_filled_in(site):
    result = site.run("new", "Counting words 5× faster: allocation & hashing", "--date", "2026-11-27")
    assert result.code == 0, result.err
    path = site.content / "posts" / "2026-11-27-counting-words-5x-faster-allocation-hashing" / "index.md"
    assert result.out.strip() == str(path.relative_to(site.root))
    text = path.read_text(encoding="utf-8")
    assert text.startswith(
        "Title: Counting words 5× faster: allocation & hashing\n"
        "Date: 2026-11-27\n"
        "Author: perfblog team\n"  # AUTHOR from the settings
        "Tags: [tag1], [tag2]\n"
        "Slug: counting-words-5x-faster-allocation-hashing\n"
    )
    assert "\nStatus: draft\n" in text
    assert headings(text) == SECTIONS
    assert "[COMPONENT_NAME]" not in text.split("\n\n")[0]  # the header's own placeholders are filled
    readme = path.parent / "data" / "README.md"
    assert "tool and its version" in readme.read_text(encoding="utf-8")


def test_new_takes_the_author_and_defaults_to_today(site):
    result = site.run("new", "Fast paths", "--author", "Ada")
    assert result.code == 0
    today = dt.date.today().isoformat()
    text = (site.content / "posts" / f"{today}-fast-paths" / "index.md").read_text(encoding="utf-8")
    assert f"Date: {today}\n" in text and "Author: Ada\n" in text


def test_new_refuses_to_overwrite_an_existing_post(site):
    assert site.run("new", "Fast paths", "--date", "2026-11-27").code == 0
    post = site.content / "posts" / "2026-11-27-fast-paths" / "index.md"
    post.write_text("Title: mine\n\nMy words.\n", encoding="utf-8")
    result = site.run("new", "Fast paths", "--date", "2026-11-27")
    assert result.code == 1
    assert result.err.strip() == ("perfblog new: content/posts/2026-11-27-fast-paths: "
                                  "a post already exists here; pick another title or --date")
    assert post.read_text(encoding="utf-8") == "Title: mine\n\nMy words.\n"


def test_new_refuses_a_slug_another_post_already_has(site):
    site.post("older", slug="fast-paths")
    result = site.run("new", "Fast paths", "--date", "2026-11-27")
    assert result.code == 1
    assert "content/posts/older/index.md: the slug 'fast-paths' is already used" in result.err
    assert not (site.content / "posts" / "2026-11-27-fast-paths").exists()


def test_new_explains_bad_input_without_a_traceback(site):
    bad_date = site.run("new", "Title", "--date", "27/11/2026")
    assert (bad_date.code, bad_date.err.strip()) == (1, "perfblog new: --date must be YYYY-MM-DD, not '27/11/2026'")
    no_slug = site.run("new", "!!!")
    assert no_slug.code == 1 and "cannot make a URL slug" in no_slug.err
    no_settings = site.run("new", "Title", "--settings", "missing.py")
    assert no_settings.code == 1 and "no settings file missing.py" in no_settings.err
    assert "Traceback" not in bad_date.err + no_slug.err + no_settings.err
