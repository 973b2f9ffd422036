"""The Pelican glue on tiny sites: blocks, errors, hidden files, cache freshness."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from sitebuild import ROOT, build_site

HEADER = "Title: {title}\nDate: 2026-11-01 10:00\nTags: test\nSlug: {slug}\nSummary: A test post.\n\n"


def write_post(content: Path, slug: str, body: str, title: str | None = None) -> Path:
    folder = content / "posts" / slug
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "index.md"
    path.write_text(HEADER.format(title=title or slug, slug=slug) + textwrap.dedent(body))
    return path


def build(tmp_path: Path, **overrides):
    settings = {"PATH": str(tmp_path / "content"), "PERFBLOG_FEATURES": ["features_for_tests"], **overrides}
    return build_site(ROOT / "pelicanconf.py", tmp_path / "out", overrides=settings)


@pytest.fixture
def content(tmp_path) -> Path:
    (tmp_path / "content" / "pages").mkdir(parents=True)
    return tmp_path / "content"


def test_blocks_render_in_place_with_unique_ids(tmp_path, content):
    write_post(content, "two-blocks", """\
        Before.

        ```echo
        say: first <b>bold</b>
        ```

        Between.

        ```echo
        say: second
        ```

        After.
        """)
    site = build(tmp_path)
    assert site.error is None and site.problems() == []
    soup = site.html("posts/two-blocks/index.html")
    echoes = soup.select("p.echo")
    assert [e.get_text() for e in echoes] == ["first <b>bold</b>", "second"]
    assert len({e["id"] for e in echoes}) == 2
    texts = [p.get_text() for p in soup.find("div", class_="prose").find_all("p")]
    assert texts.index("Before.") < texts.index("first <b>bold</b>") < texts.index("Between.")


def test_a_block_inside_an_ordinary_code_fence_is_left_as_code(tmp_path, content):
    write_post(content, "docs", """\
        ````markdown
        ```echo
        say: not rendered
        ```
        ````
        """)
    soup = build(tmp_path).html("posts/docs/index.html")
    assert not soup.select("p.echo")
    assert "say: not rendered" in soup.find("pre").get_text()


def test_a_failing_block_names_file_and_line_and_other_posts_are_written(tmp_path, content):
    bad = write_post(content, "bad", """\
        Intro.

        ```echo
        say: fine
        fail: this data is malformed
        ```
        """)
    write_post(content, "good", "Just prose.\n")
    site = build(tmp_path)
    assert site.error is not None and getattr(site.error, "exitcode", None) == 1
    errors = site.problems()
    line = HEADER.count("\n") + 5  # the 'fail:' line
    assert any(f"{bad.name}:{line}:" in e and "this data is malformed" in e for e in errors), errors
    assert (site.output / "posts/good/index.html").exists()
    page = site.html("posts/bad/index.html")  # the broken post still shows, with an error box
    box = page.find(class_="pb-error")
    assert box["role"] == "alert" and "this data is malformed" in box.get_text()
    assert "Intro." in page.get_text()


def test_unclosed_block_is_an_error_not_a_lost_post(tmp_path, content):
    write_post(content, "unclosed", "Text.\n\n```echo\nsay: never closed\n")
    site = build(tmp_path)
    assert site.error is not None
    assert any("never closed" in e and f"index.md:{HEADER.count(chr(10)) + 3}:" in e for e in site.problems())
    assert (site.output / "posts/unclosed/index.html").exists()


def test_unknown_option_names_its_line_and_suggests_the_right_key(tmp_path, content):
    write_post(content, "typo", "```echo\nsya: hi\n```\n")
    site = build(tmp_path)
    line = HEADER.count("\n") + 2
    assert any(f"index.md:{line}: [sya] unknown option 'sya'" in e and "did you mean 'say'" in e
               for e in site.problems()), site.problems()


def test_data_paths_may_not_leave_content(tmp_path, content):
    (tmp_path / "secret.txt").write_text("top secret")
    write_post(content, "escape", "```echo\nfile: ../../../secret.txt\n```\n")
    site = build(tmp_path)
    assert site.error is not None
    assert any("outside the content folder" in e for e in site.problems())
    assert "top secret" not in (site.output / "posts/escape/index.html").read_text()


def test_missing_data_file_is_reported(tmp_path, content):
    write_post(content, "missing", "```echo\nfile: data/nope.txt\n```\n")
    site = build(tmp_path)
    assert any("no such file: data/nope.txt" in e for e in site.problems())


def test_data_file_changes_show_up_even_with_the_content_cache(tmp_path, content, monkeypatch):
    """Pelican's cache keys on the .md file only; blocks must still re-read their data."""
    post = write_post(content, "cached", "```echo\nfile: data/value.txt\n```\n")
    data = post.parent / "data" / "value.txt"
    data.parent.mkdir()
    data.write_text("first value")
    cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CONTENT_CACHING_LAYER": "generator"}
    first = build(tmp_path, **cache)
    assert first.html("posts/cached/index.html").select_one("p.echo").get_text() == "first value"
    data.write_text("second value")

    def reader_must_not_run(*args, **kwargs):
        raise AssertionError("the second build should take the post from the content cache")

    monkeypatch.setattr("pelican.readers.Readers.read_file", reader_must_not_run)
    second = build(tmp_path, **cache)
    assert second.error is None, second.problems()
    assert second.html("posts/cached/index.html").select_one("p.echo").get_text() == "second value"


def test_attach_links_from_blocks_are_rewritten_and_copied(tmp_path, content):
    post = write_post(content, "attach", "```echo\nimage: pic.svg\n```\n")
    (post.parent / "pic.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>')
    site = build(tmp_path)
    assert site.error is None, site.problems()
    img = site.html("posts/attach/index.html").find("img")
    assert img["src"] == "pic.svg" or img["src"].endswith("/attach/pic.svg")
    assert (site.output / "posts/attach/pic.svg").exists()


def test_hidden_files_and_data_readmes_are_not_published(tmp_path, content):
    post = write_post(content, "visible", "Visible.\n")
    (content / ".secret.md").write_text(HEADER.format(title="Secret", slug="secret") + "Hidden.\n")
    (post.parent / ".draft-notes.md").write_text(HEADER.format(title="Notes", slug="notes") + "Hidden.\n")
    (post.parent / ".cache").mkdir()
    (post.parent / ".cache" / "x.md").write_text(HEADER.format(title="X", slug="x") + "Hidden.\n")
    (post.parent / "data").mkdir()
    (post.parent / "data" / "README.md").write_text("# Provenance\n\nhyperfine 1.15.0\n")
    site = build(tmp_path)
    assert site.error is None, site.problems()
    published = {p.relative_to(site.output).as_posix() for p in site.output.rglob("*")}
    assert "posts/visible/index.html" in published
    assert not any("secret" in p or "notes" in p or p.endswith("/x/index.html") or ".cache" in p for p in published)
    assert not any("provenance" in p.lower() for p in published)


def test_reading_time_override(tmp_path, content):
    post = write_post(content, "override", "Short.\n")
    post.write_text(post.read_text().replace("Slug:", "Reading_time: 9\nSlug:"))
    site = build(tmp_path)
    assert site.html("posts/override/index.html").find(class_="reading-time").get_text() == "9 min read"


def test_bad_reading_time_override_is_an_error_with_the_key(tmp_path, content):
    post = write_post(content, "badrt", "Short.\n")
    post.write_text(post.read_text().replace("Slug:", "Reading_time: soon\nSlug:"))
    site = build(tmp_path)
    assert site.error is not None
    assert any("index.md" in e and "Reading_time" in e for e in site.problems())


def test_unreadable_post_fails_the_build_but_others_are_written(tmp_path, content):
    (content / "posts" / "broken").mkdir(parents=True)
    (content / "posts" / "broken" / "index.md").write_text("Title: No date here\n\nBody.\n")
    write_post(content, "fine", "Fine.\n")
    site = build(tmp_path)
    assert site.error is not None
    assert (site.output / "posts/fine/index.html").exists()


def test_drafts_are_previewed_but_never_published(tmp_path, content):
    draft = write_post(content, "wip", "Work in progress.\n")
    draft.write_text(draft.read_text().replace("Slug:", "Status: draft\nSlug:"))
    write_post(content, "done", "Finished.\n")
    preview = build(tmp_path)
    assert preview.error is None, preview.problems()
    banner = preview.html("drafts/wip/index.html").find(class_="draft-banner")
    assert "Draft" in banner.get_text()
    assert "wip" not in (preview.output / "index.html").read_text()
    published = build_site(ROOT / "publishconf.py", tmp_path / "published", env={"SITEURL": "https://x.example"},
                           overrides={"PATH": str(content), "PERFBLOG_FEATURES": ["features_for_tests"]})
    assert published.error is None, published.problems()
    files = [p.relative_to(published.output).as_posix() for p in published.output.rglob("*")]
    assert "posts/done/index.html" in files
    assert not any("wip" in f or f.startswith("drafts") for f in files)
    assert "wip" not in (published.output / "sitemap.xml").read_text()
    assert "wip" not in (published.output / "feeds" / "all.atom.xml").read_text()


CRITERION = ROOT / "tests/fixtures/bench/criterion-0.3.6/D_fast_vs_before.target/criterion"
BENCH_BLOCK = "```bench\nfile: data/criterion\nbefore: #before\nafter: #new\nbenchmarks: fib 20\n```\n"


def test_headline_from_the_first_bench_block_reaches_card_header_and_feed(tmp_path, content):
    import shutil

    post = write_post(content, "fib", "Intro.\n\n" + BENCH_BLOCK)
    shutil.copytree(CRITERION, post.parent / "data" / "criterion")
    site = build_site(ROOT / "publishconf.py", tmp_path / "out", env={"SITEURL": "https://x.example"},
                      overrides={"PATH": str(content)})
    assert site.error is None, site.problems()
    page = site.html("posts/fib/index.html")
    badge = page.find("article").find("header").find(class_="headline").get_text()
    assert badge.endswith("faster (−99.98%)"), badge  # Criterion: fib 20 went from ~26 µs to ~7 ns
    assert badge in page.find("meta", property="og:description")["content"]
    card = site.html("index.html").find(class_="card")
    assert card.find(class_="headline").get_text() == badge
    assert badge not in card.find("p").get_text()  # the summary is not repeated with it
    feed = (site.output / "feeds/all.atom.xml").read_text()
    assert f"&lt;strong&gt;{badge}.&lt;/strong&gt;" in feed  # a sentence of its own, not glued to the summary


def test_headline_metadata_wins(tmp_path, content):
    import shutil

    post = write_post(content, "fib2", BENCH_BLOCK)
    post.write_text(post.read_text().replace("Slug:", "Headline: 2× less memory\nSlug:"))
    shutil.copytree(CRITERION, post.parent / "data" / "criterion")
    site = build(tmp_path, PERFBLOG_FEATURES=["perfblog.benchdata.render"])
    assert site.html("posts/fib2/index.html").find(class_="headline").get_text() == "2× less memory"


def test_error_box_and_log_show_the_path_relative_to_the_working_directory(tmp_path, content):
    write_post(content, "rel", "```echo\nfail: broken data\n```\n")
    settings = {"PATH": str(content), "PERFBLOG_FEATURES": ["features_for_tests"]}
    site = build_site(ROOT / "pelicanconf.py", tmp_path / "out", overrides=settings, cwd=tmp_path)
    shown = "content/posts/rel/index.md:"
    assert any(e.startswith(shown) for e in site.problems()), site.problems()
    box = site.html("posts/rel/index.html").find(class_="pb-error").get_text()
    assert shown in box and str(tmp_path) not in box
