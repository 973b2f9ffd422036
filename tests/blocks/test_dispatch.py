"""Dispatch on tiny sites: every failure costs one block and is told once, located."""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest

from sitebuild import ROOT, build_site

HEADER = "Title: {slug}\nDate: 2026-11-01 10:00\nSlug: {slug}\nSummary: A test post.\n\n"
HYPERFINE = ROOT / "tests" / "fixtures" / "bench" / "hyperfine-1.15.0"


def write_post(content: Path, slug: str, body: str) -> Path:
    path = content / "posts" / slug / "index.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER.format(slug=slug) + textwrap.dedent(body))
    return path


@pytest.fixture
def content(tmp_path) -> Path:
    (tmp_path / "content" / "pages").mkdir(parents=True)
    return tmp_path / "content"


class Built:
    """A built site whose problems name posts as the author's terminal would, from the site folder."""

    def __init__(self, site, root: Path):
        self.site, self.root = site, root
        self.error, self.records, self.html = site.error, site.records, site.html

    def problems(self) -> list[str]:
        return [p.replace(f"{self.root}/", "") for p in self.site.problems()]


def build(tmp_path: Path, features=("features_for_tests",), **overrides):
    settings = {"PATH": str(tmp_path / "content"), "PERFBLOG_FEATURES": list(features), **overrides}
    return Built(build_site(ROOT / "pelicanconf.py", tmp_path / "out", overrides=settings), tmp_path)


def test_a_crashing_renderer_is_an_internal_error_at_its_block(tmp_path, content):
    write_post(content, "crash", "Intro.\n\n```echo\ncrash: yes\n```\n")
    write_post(content, "fine", "```echo\nsay: hello\n```\n")
    site = build(tmp_path)
    [problem] = site.problems()
    assert problem.startswith("content/posts/crash/index.md:8: internal error in the echo block (ZeroDivisionError")
    assert "please report it" in problem
    assert not any(r.exc_info for r in site.records if r.levelname != "DEBUG")  # no traceback unless --debug
    assert site.html("posts/crash/index.html").find(class_="pb-error")
    assert site.html("posts/fine/index.html").find("p", class_="echo").text == "hello"
    assert str(site.error) == "perfblog: 1 error, 0 warnings; every other page was written"
    assert site.problems() == [problem]  # told once


def test_warnings_fail_a_strict_build_at_the_end_and_allow_accepts_them(tmp_path, content):
    write_post(content, "warns", "```echo\nwarn: odd data\n```\n\n```echo\nwarn: accepted\nallow: echo-warning\n```\n")
    site = build(tmp_path, PERFBLOG_STRICT=True)
    assert site.problems() == ["content/posts/warns/index.md:7: [warn] odd data (accept it with 'allow: echo-warning')"]
    assert "warnings fail this build" in str(site.error)
    assert (tmp_path / "out" / "posts" / "warns" / "index.html").exists()  # written all the same
    assert build(tmp_path).error is None  # not strict: a warning is only said


def test_a_data_error_is_told_at_the_option_that_named_the_file(tmp_path, content):
    post = write_post(content, "bad", "```bench\nfile: data/hf.json\ncaption: x\n```\n")
    (post.parent / "data").mkdir()
    real = (HYPERFINE / "hf_two_commands.json").read_text()
    (post.parent / "data" / "hf.json").write_text(real[: len(real) // 2])
    site = build(tmp_path, features=("perfblog.benchdata.render",))
    [problem] = site.problems()
    assert problem.startswith("content/posts/bad/index.md:7: [file] data/hf.json:")
    assert "malformed JSON" in problem


def test_a_pipe_is_refused_before_anything_opens_it(tmp_path, content):
    post = write_post(content, "fifo", "```echo\nfile: data/pipe\n```\n")
    (post.parent / "data").mkdir()
    os.mkfifo(post.parent / "data" / "pipe")
    site = build(tmp_path)  # would hang forever if anything opened the pipe
    assert site.problems() == ["content/posts/fifo/index.md:7: [file] data/pipe is not a regular file or "
                               "folder (a pipe or a device?)"]


def test_a_path_outside_content_is_refused_before_it_is_hashed(tmp_path, content, monkeypatch):
    from perfblog.blocks.cache import Fingerprints

    looked: list[str] = []
    original = Fingerprints.of
    monkeypatch.setattr(Fingerprints, "of", lambda self, path: looked.append(path) or original(self, path))
    write_post(content, "escape", "```echo\nfile: ../../../..\n```\n")
    site = build(tmp_path)
    assert site.problems() == ["content/posts/escape/index.md:7: [file] '../../../..' is outside the content folder"]
    assert not [p for p in looked if not p.startswith(str(ROOT))]  # only the plugin's own code and templates


def test_a_theme_without_the_headline_attribute_keeps_the_headline(tmp_path, content):
    """The headline travels as data: a theme's own bench template cannot lose it."""
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    (theme / "templates" / "bench").mkdir()
    (theme / "templates" / "bench" / "table.html").write_text("<figure id=\"{{ id }}\">{{ caption }}</figure>")
    post = write_post(content, "hl", "```bench\nfile: data/hf.json\nbaseline: python3 slow.py\n```\n")
    (post.parent / "data").mkdir()
    shutil.copy(HYPERFINE / "hf_two_commands.json", post.parent / "data" / "hf.json")
    site = build(tmp_path, features=("perfblog.benchdata.render",), THEME=str(theme))
    assert site.error is None, site.problems()
    page = site.html("posts/hl/index.html")
    assert "data-pb-headline" not in str(page)
    assert "faster" in page.find(class_="headline").get_text()


def test_two_posts_with_one_slug_are_told_and_the_first_is_written(tmp_path, content):
    write_post(content, "same", "```echo\nsay: first\n```\n")
    second = content / "posts" / "zz-copy" / "index.md"
    second.parent.mkdir(parents=True)
    second.write_text("Title: Copy\nDate: 2026-11-02\nSlug: same\n\n```echo\nsay: second\n```\n")
    site = build(tmp_path)
    [problem] = site.problems()  # Pelican's own unlocated warnings about it are replaced by this one
    assert problem.startswith("content/posts/zz-copy/index.md:3: [Slug] the slug 'same' is also used by "
                              "content/posts/same/index.md")
    assert site.html("posts/same/index.html").find("p", class_="echo").text == "first"


def test_only_a_posts_index_is_content_its_folders_are_data(tmp_path, content):
    post = write_post(content, "exports", "```echo\nsay: fine\n```\n")
    (post.parent / "data").mkdir()
    (post.parent / "data" / "results.md").write_text("| Command | Mean [ms] |\n|:---|---:|\n| `sleep 0.1` | 102.3 |\n")
    site = build(tmp_path)
    assert site.error is None and site.problems() == []
    assert [p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out" / "posts").rglob("*.html")] == [
        "posts/exports/index.html"]


@pytest.mark.parametrize("header, line, wording", [
    ("Date: soon", 2, "cannot read Date: 'soon'"),
    ("Date: 2026-11-01\nReading_time: soon", 3, "Reading_time must be a whole number"),
])
def test_post_level_problems_are_located(tmp_path, content, header, line, wording):
    path = content / "posts" / "meta" / "index.md"
    path.parent.mkdir(parents=True)
    path.write_text(f"Title: Meta\n{header}\nSlug: meta\n\nText.\n")
    site = build(tmp_path)
    [problem] = site.problems()
    assert problem.startswith(f"content/posts/meta/index.md:{line}: ") and wording in problem, problem


def test_a_post_that_is_not_utf8_names_the_line(tmp_path, content):
    path = content / "posts" / "latin" / "index.md"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"Title: Caf\xc3\xa9\nDate: 2026-11-01\nSlug: latin\n\nna\xefve text\n")
    site = build(tmp_path)
    assert site.problems() == ["content/posts/latin/index.md:5: not UTF-8 text (byte 45): save it as UTF-8"]
