"""The block cache never serves stale output, and ``pelican -r`` ends with a normal build's output.

Sites are built twice with Pelican's content cache on (which also saves and loads the block
cache); the second build must show every change made in between: a data file, a folder of
data, a template, the block's options, the post's metadata. Errors and warnings come back on
every build. The ``pelican -r`` tests run one Pelican instance several times, as autoreload does.
"""

from __future__ import annotations

import filecmp
import logging
import os
import shutil
import textwrap
import time
from pathlib import Path

import pytest
from pelican import Pelican
from pelican.settings import read_settings

import perfblog.blocks.cache as blockcache
from perfblog.blocks import dispatch
from perfblog.blocks.cache import BlockCache, Fingerprints
from perfblog.glue.plugin import DEFAULTS
from sitebuild import ROOT, build_site

HEADER = "Title: {slug}\nDate: 2026-11-01 10:00\nTags: test\nSlug: {slug}\nSummary: A test post.\n{extra}\n"
FIXTURES = ROOT / "tests" / "fixtures"
HYPERFINE = FIXTURES / "bench/hyperfine-1.15.0"
CRITERION = FIXTURES / "bench/criterion-0.3.6/D_fast_vs_before.target/criterion"
CACHE = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}


def write_post(content: Path, slug: str, body: str, extra: str = "") -> Path:
    folder = content / "posts" / slug
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "index.md"
    path.write_text(HEADER.format(slug=slug, extra=extra) + textwrap.dedent(body))
    return path


def build(tmp_path: Path, output: str = "out", **overrides):
    settings = {"PATH": str(tmp_path / "content"), "CACHE_PATH": str(tmp_path / "cache"), **CACHE, **overrides}
    return build_site(ROOT / "pelicanconf.py", tmp_path / output, overrides=settings)


def differences(a: Path, b: Path) -> list[str]:
    found: list[str] = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        found.extend(prefix + n for n in cmp.left_only + cmp.right_only)
        found.extend(prefix + n for n in filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)[1])
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return found


@pytest.fixture
def content(tmp_path) -> Path:
    (tmp_path / "content" / "pages").mkdir(parents=True)
    return tmp_path / "content"


@pytest.fixture
def renderers_must_not_run(monkeypatch):
    """Make any real rendering fail: what is shown must come from the cache."""

    def arm():
        def refuse(*args, **kwargs):
            raise AssertionError("this block should have come from the cache")

        monkeypatch.setattr(dispatch, "render", refuse)

    return arm


def bench_post(content: Path, slug: str = "hf", caption: str = "Startup") -> Path:
    post = write_post(content, slug, f"Intro.\n\n```bench\nfile: data/hf.json\ncaption: {caption}\n```\n")
    (post.parent / "data").mkdir(exist_ok=True)
    shutil.copy(HYPERFINE / "hf_two_commands.json", post.parent / "data" / "hf.json")
    return post


def table_text(site, slug: str = "hf") -> str:
    return site.html(f"posts/{slug}/index.html").find("table").get_text(" ", strip=True)


# --- hits -----------------------------------------------------------------------------

@pytest.mark.parametrize("workers", [1, 2])
def test_a_cache_hit_gives_the_same_site_byte_for_byte(tmp_path, content, renderers_must_not_run, workers):
    """With a pool, what the workers rendered reached the saved cache (a render in a worker fails too)."""
    bench_post(content)
    criterion = write_post(content, "fib", "```bench\nfile: data/criterion\nbefore: #before\nafter: #new\n```\n")
    shutil.copytree(CRITERION, criterion.parent / "data" / "criterion")
    cold = build(tmp_path, "cold", PERFBLOG_WORKERS=workers)
    assert cold.error is None, cold.problems()
    renderers_must_not_run()
    warm = build(tmp_path, "warm", PERFBLOG_WORKERS=workers)
    assert warm.error is None, warm.problems()
    assert differences(cold.output, warm.output) == []
    headline = warm.html("posts/fib/index.html").find(class_="headline")
    assert headline is not None and headline.get_text() == cold.html("posts/fib/index.html").find(class_="headline").get_text()


def test_without_the_content_cache_nothing_is_saved(tmp_path, content):
    bench_post(content)
    site = build(tmp_path, CACHE_CONTENT=False, LOAD_CONTENT_CACHE=False)
    assert site.error is None, site.problems()
    assert not (tmp_path / "cache" / blockcache.FILE_NAME).exists()


# --- what invalidates -------------------------------------------------------------------

def test_changing_a_data_file_invalidates(tmp_path, content):
    post = bench_post(content)
    first = build(tmp_path)
    assert "python3 slow.py" in table_text(first)
    shutil.copy(HYPERFINE / "hf_named.json", post.parent / "data" / "hf.json")  # other real hyperfine output
    second = build(tmp_path)
    assert second.error is None, second.problems()
    assert "python3 slow.py" not in table_text(second) and "before" in table_text(second)


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(tmp_path, content, monkeypatch):
    """Content hashes, not timestamps, decide; ctime catches an mtime put back by hand."""
    monkeypatch.setattr(blockcache, "RACY_SECONDS", 0)  # trust stamps at once: the stat path is tested
    post = write_post(content, "echo", "```echo\nfile: data/value.txt\n```\n")
    data = post.parent / "data" / "value.txt"
    data.parent.mkdir()
    data.write_text("first value")
    before = data.stat()
    first = build(tmp_path, PERFBLOG_FEATURES=["features_for_tests"])
    assert first.html("posts/echo/index.html").select_one("p.echo").get_text() == "first value"
    time.sleep(0.01)
    data.write_text("other value")  # same size
    os.utime(data, ns=(before.st_atime_ns, before.st_mtime_ns))
    second = build(tmp_path, PERFBLOG_FEATURES=["features_for_tests"])
    assert second.html("posts/echo/index.html").select_one("p.echo").get_text() == "other value"


def test_a_file_removed_from_a_data_folder_invalidates(tmp_path, content):
    post = write_post(content, "fib", "```bench\nfile: data/criterion\nbefore: #before\nafter: #new\n```\n")
    shutil.copytree(CRITERION, post.parent / "data" / "criterion")
    first = build(tmp_path)
    assert "sum_bytes" in table_text(first, "fib")
    shutil.rmtree(post.parent / "data" / "criterion" / "sum_bytes")
    second = build(tmp_path)
    assert second.error is None, second.problems()
    assert "sum_bytes" not in table_text(second, "fib") and "fib 20" in table_text(second, "fib")


def test_changing_the_template_of_a_block_invalidates(tmp_path, content):
    bench_post(content)
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    first = build(tmp_path, THEME=str(theme))
    assert first.error is None, first.problems()
    plugin_template = ROOT / "plugins/perfblog/templates/bench/table.html"
    override = theme / "templates" / "bench" / "table.html"
    override.parent.mkdir(parents=True)
    override.write_text(plugin_template.read_text().replace("<figure ", '<figure data-theme-override="yes" ', 1))
    second = build(tmp_path, THEME=str(theme))
    assert second.html("posts/hf/index.html").find("figure", class_="pb-bench").get("data-theme-override") == "yes"
    override.write_text(override.read_text().replace('"yes"', '"again"'))  # an edit, not a new file
    third = build(tmp_path, THEME=str(theme))
    assert third.html("posts/hf/index.html").find("figure", class_="pb-bench").get("data-theme-override") == "again"


def test_changing_the_block_options_invalidates(tmp_path, content):
    post = bench_post(content, caption="Startup")
    first = build(tmp_path)
    assert "Startup" in first.html("posts/hf/index.html").find("caption").get_text()
    post.write_text(post.read_text().replace("caption: Startup", "caption: Cold start"))
    second = build(tmp_path)
    assert "Cold start" in second.html("posts/hf/index.html").find("caption").get_text()


def test_changing_metadata_a_block_reads_invalidates(tmp_path, content):
    """The environment block shows the post's Environment metadata: the cache notes that it read it."""
    body = "```environment\nfile: data/pb.json\n```\n"
    post = write_post(content, "env", body, extra="Environment: Kernel: 6.1\n")
    (post.parent / "data").mkdir()
    shutil.copy(FIXTURES / "bench/pytest-benchmark-5.3.1/pytest_benchmark_after.json", post.parent / "data" / "pb.json")
    first = build(tmp_path)
    assert first.error is None, first.problems()
    assert "6.1" in first.html("posts/env/index.html").find("table").get_text()
    post.write_text(post.read_text().replace("Kernel: 6.1", "Kernel: 6.9"))
    second = build(tmp_path)
    assert "6.9" in second.html("posts/env/index.html").find("table").get_text()


def test_new_plugin_code_discards_the_cache(tmp_path, content):
    bench_post(content)
    build(tmp_path)
    same = BlockCache(blockcache.code_fingerprint(["perfblog.benchdata.render", "perfblog.flame.render"]))
    same.load(tmp_path / "cache")
    assert same.entries
    cache = BlockCache("other code")
    cache.load(tmp_path / "cache")
    assert cache.entries == {}


# --- failures are never cached ----------------------------------------------------------

def test_errors_are_reported_on_every_build(tmp_path, content):
    write_post(content, "broken", "```bench\nfile: data/missing.json\n```\n")
    for _ in range(2):
        site = build(tmp_path)
        assert site.error is not None
        assert any("no such file: data/missing.json" in p for p in site.problems(logging.ERROR))


def test_a_data_file_that_appears_later_is_picked_up(tmp_path, content):
    post = write_post(content, "late", "```bench\nfile: data/hf.json\n```\n")
    assert build(tmp_path).error is not None
    (post.parent / "data").mkdir()
    shutil.copy(HYPERFINE / "hf_two_commands.json", post.parent / "data" / "hf.json")
    site = build(tmp_path)
    assert site.error is None, site.problems()
    assert "python3 slow.py" in table_text(site, "late")


def test_warnings_are_logged_on_every_build(tmp_path, content):
    """A flame graph diff of profiles that share few call paths warns; so must the next build,
    which takes the block, warning included, from the cache."""
    post = write_post(content, "diff", "```flamegraph-diff\nbefore: p/before.folded\nafter: p/after.folded\n```\n")
    (post.parent / "p").mkdir()
    shutil.copy(FIXTURES / "flame/pyspy-before.folded", post.parent / "p" / "before.folded")
    shutil.copy(FIXTURES / "flame/pyspy-after.folded", post.parent / "p" / "after.folded")
    for _ in range(2):
        site = build(tmp_path)  # no LimitFilter reset: a repeated message must still be shown
        assert site.error is None, site.problems()
        assert [p for p in site.problems(logging.WARNING) if "call paths found in both profiles" in p]
    saved = BlockCache(blockcache.code_fingerprint(DEFAULTS["PERFBLOG_FEATURES"]))
    saved.load(tmp_path / "cache")
    assert [n.name for e in saved.entries.values() if hasattr(e.value, "notices") for n in e.value.notices] == [
        "diff-refused"]


def test_a_broken_cache_file_is_ignored(tmp_path, content):
    bench_post(content)
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / blockcache.FILE_NAME).write_bytes(b"not a pickle")
    site = build(tmp_path)
    assert site.error is None, site.problems()
    assert "python3 slow.py" in table_text(site)


# --- fingerprints -----------------------------------------------------------------------

def test_fingerprints_of_files_and_folders(tmp_path):
    prints = Fingerprints()
    folder = tmp_path / "data"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a.json").write_text("{}")
    tree = prints.of(str(folder))
    prints.new_run()
    assert prints.of(str(folder)) == tree
    (folder / "sub" / "b.json").write_text("{}")  # a new file
    prints.new_run()
    assert prints.of(str(folder)) != tree
    assert prints.of(str(tmp_path / "nope")) == blockcache.MISSING


# --- pelican -r -------------------------------------------------------------------------

class Autoreload:
    """One Pelican instance run again and again, as ``pelican -r`` does."""

    def __init__(self, tmp_path: Path, **overrides):
        settings = read_settings(str(ROOT / "pelicanconf.py"), override={
            "PATH": str(tmp_path / "content"), "OUTPUT_PATH": str(tmp_path / "reload"),
            "CACHE_PATH": str(tmp_path / "reload-cache"), **overrides})
        self.pelican = Pelican(settings)

    def run(self) -> None:
        self.pelican.run()


@pytest.mark.parametrize("cache", [CACHE, {}], ids=["content cache", "no content cache"])
def test_autoreload_ends_with_the_output_of_a_fresh_build(tmp_path, content, cache):
    post = bench_post(content)
    other = write_post(content, "other", "Other post.\n")
    reload = Autoreload(tmp_path, **cache)
    reload.run()
    post.write_text(post.read_text().replace("Intro.", "Intro, edited."))
    shutil.copy(HYPERFINE / "hf_named.json", post.parent / "data" / "hf.json")
    reload.run()
    other.write_text(other.read_text().replace("Tags: test", "Tags: test, new-tag"))  # changes listings too
    reload.run()
    fresh = build_site(ROOT / "pelicanconf.py", tmp_path / "fresh", overrides={"PATH": str(content)})
    assert fresh.error is None, fresh.problems()
    assert differences(tmp_path / "reload", tmp_path / "fresh") == []


def test_autoreload_previews_the_edited_post_before_reading_the_others(tmp_path, content, monkeypatch):
    post = bench_post(content)
    write_post(content, "other", "Other post.\n")
    reload = Autoreload(tmp_path, **CACHE)
    reload.run()
    page = tmp_path / "reload" / "posts" / "hf" / "index.html"
    seen_when_reading = []

    def generate_context_spy(self):
        seen_when_reading.append("Intro, edited." in page.read_text())
        return original_generate_context(self)

    from pelican.generators import ArticlesGenerator

    original_generate_context = ArticlesGenerator.generate_context
    monkeypatch.setattr(ArticlesGenerator, "generate_context", generate_context_spy)
    post.write_text(post.read_text().replace("Intro.", "Intro, edited."))
    reload.run()
    assert seen_when_reading == [True]  # the page was written before the site was read
    assert "Intro, edited." in page.read_text()


def test_the_cache_is_kept_only_where_a_later_build_reads_it():
    from perfblog.glue.plugin import _cache_pays

    off = {"PERFBLOG_BLOCK_CACHE": True, "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False}
    assert not _cache_pays(off)  # a one-off build: hashing and holding every block would be wasted
    assert _cache_pays({**off, "CACHE_CONTENT": True}) and _cache_pays({**off, "LOAD_CONTENT_CACHE": True})
    assert not _cache_pays({**off, "CACHE_CONTENT": True, "PERFBLOG_BLOCK_CACHE": False})

    def autoreload():  # what pelican -r runs the builds in, as report.autoreloading finds it
        return _cache_pays(off)

    autoreload.__code__ = autoreload.__code__.replace(co_filename="/venv/site-packages/pelican/__init__.py")
    assert autoreload()
