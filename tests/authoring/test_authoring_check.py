"""``perfblog check``: every finding as ``path:line: level: message``, exit 1 on errors."""

from __future__ import annotations

import os
import shutil
import time

from conftest import FIXTURES

from perfblog.authoring.template import fill, placeholders

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>'
HEADER_LINES = 5  # Title, Date, Slug, Summary, blank line: the body starts on line 6
P = "content/posts/p/index.md"


def body_line(n: int) -> int:
    return HEADER_LINES + n


def test_a_clean_site_passes_silently(site):
    site.post("p", "Prose with a [real link](https://example.org) and `a[X]` in code.\n")
    result = site.run("check")
    assert (result.code, result.out) == (0, ""), result.err
    assert "1 post(s), 0 error(s), 0 warning(s)" in result.err


def test_placeholders_from_the_template_are_errors_with_file_and_line(site):
    site.post("p", """\
        We made [COMPONENT_NAME] [X]% faster.

        See [Link to PR or commit].

        ```rust
        let y = v[X]; // real code
        ```

        An index like `a[X]`, a reference [link][REF] and a [NEW_TOKEN].

        [REF]: https://example.org
        """)
    result = site.run("check")
    assert result.code == 1
    assert result.lines == [
        f"{P}:{body_line(1)}: error: placeholder [COMPONENT_NAME] left from the template",
        f"{P}:{body_line(1)}: error: placeholder [X] left from the template",
        f"{P}:{body_line(3)}: error: placeholder [Link to PR or commit] left from the template",
        f"{P}:{body_line(9)}: error: placeholder [NEW_TOKEN] left from the template",
    ]


def test_placeholders_are_read_from_the_shipped_template():
    tokens = placeholders()
    assert {"[X]", "[COMPONENT_NAME]", "[Link to PR or commit]", "[benchmark_1]"} <= tokens.tokens
    assert "[X]" not in tokens.code  # so '[X]' in real code is not a placeholder
    assert "[Original code structure]" in tokens.code


def test_a_fresh_post_fails_on_its_placeholders(site):
    site.run("new", "Fast paths", "--date", "2026-11-27")
    result = site.run("check")
    assert result.code == 1
    path = "content/posts/2026-11-27-fast-paths/index.md"
    assert f"{path}:4: error: placeholder [tag1] left from the template" in result.lines
    assert any(line.startswith(f"{path}:") and "[Link to PR or commit]" in line for line in result.lines)


def test_metadata_problems(site):
    site.post("p", title=None, date="yesterday", status="drafty", reading_time="soon")
    site.post("q", date=None)
    result = site.run("check")
    assert result.code == 1
    assert result.lines == [
        f"{P}:1: error: cannot read the date 'yesterday': write YYYY-MM-DD or YYYY-MM-DD HH:MM",
        f"{P}:1: error: missing 'Title:' (Pelican skips a post without one)",
        f"{P}:4: error: 'Status: drafty' must be one of published, draft, hidden",
        f"{P}:5: error: Reading_time must be a whole number of minutes, at least 1, not 'soon'",
        "content/posts/q/index.md:1: error: missing 'Date:' (Pelican skips a post without one)",
    ]


def test_a_slug_used_twice_is_reported_on_both_posts_even_when_checking_one(site):
    site.post("a", slug="same")
    site.post("b", slug="same")
    site.post("c", slug=None, title="Same")  # the slug Pelican derives from the title
    result = site.run("check", "content/posts/a")
    assert result.lines == [
        "content/posts/a/index.md:3: error: the slug 'same' is also used by "
        "content/posts/b/index.md, content/posts/c/index.md; one page would overwrite the other"
    ]


def test_block_errors_come_from_the_real_renderer_path(site):
    site.post("p", """\
        ```echo
        say: fine
        ```

        ```echo
        fail: the data is malformed
        ```

        ```echo
        file: data/missing.txt
        ```

        ```echo
        sya: typo
        ```
        """)
    result = site.run("check")
    assert result.code == 1
    assert result.lines == [
        f"{P}:{body_line(6)}: error: [fail] the data is malformed",
        f"{P}:{body_line(10)}: error: [file] no such file: data/missing.txt",
        f"{P}:{body_line(14)}: error: [sya] unknown option 'sya' for a echo block (did you mean 'say'?)",
    ]


def test_a_changed_data_file_is_checked_as_it_is_now(site):
    site.post("p", "```echo\nfile: data/v.txt\n```\n")
    data = site.content / "posts" / "p" / "data" / "v.txt"
    data.parent.mkdir()
    data.write_text("1.0")
    assert site.run("check").code == 0
    data.unlink()
    assert site.run("check").lines == [f"{P}:{body_line(2)}: error: [file] no such file: data/v.txt"]


def test_warnings_of_a_renderer_are_warnings_at_the_block(site, tmp_path, monkeypatch):
    (tmp_path / "warnfeature.py").write_text(
        "from perfblog.blocks import BlockKind\n"
        "def render(block, ctx):\n"
        "    ctx.warn('few-frames', 'only 3% of frames match')\n"
        "    return '<p>ok</p>'\n"
        "KINDS = (BlockKind('warny', render),)\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    conf = site.root / "pelicanconf.py"
    conf.write_text(conf.read_text() + "PERFBLOG_FEATURES = ['warnfeature']\n")
    site.post("p", "Text.\n\n```warny\n```\n")
    result = site.run("check")
    assert (result.code, result.lines) == (
        0, [f"{P}:{body_line(3)}: warning: only 3% of frames match (accept it with 'allow: few-frames')"])


def test_images_must_exist_and_have_alt_text(site):
    folder = site.content / "posts" / "p"
    site.post("p", """\
        ![A flame graph]({attach}img/ok.svg)
        ![]({attach}img/ok.svg)
        ![Missing]({attach}img/missing.svg)
        ![Plain path](img/ok.svg)
        <img src="{attach}img/ok.svg">
        <img alt="gone" src="{static}/img/nope.png">
        ![Remote](https://example.org/x.png)

        ```markdown
        ![](not/checked.png)
        ```
        """)
    (folder / "img").mkdir()
    (folder / "img" / "ok.svg").write_text(SVG)
    result = site.run("check")
    assert result.code == 1
    assert result.lines == [
        f"{P}:{body_line(2)}: error: image {{attach}}img/ok.svg has no alt text: describe what it shows",
        f"{P}:{body_line(3)}: error: image {{attach}}img/missing.svg: no such file content/posts/p/img/missing.svg",
        f"{P}:{body_line(4)}: warning: image img/ok.svg is a source file that Pelican neither copies nor "
        "rewrites: write {attach}img/ok.svg",
        f"{P}:{body_line(5)}: error: image {{attach}}img/ok.svg has no alt text: describe what it shows",
        f"{P}:{body_line(6)}: error: image {{static}}/img/nope.png: no such file content/img/nope.png",
    ]


def test_internal_links_must_resolve(site):
    site.post("other")
    site.post("p", """\
        [ok]({filename}../other/index.md#part) and [root]({filename}/posts/other/index.md)
        [gone]({filename}../nope/index.md)
        [data]({attach}data/run.json)
        [plain](../other/index.md)
        [missing plain](../ghost/index.md)
        [site url](../tags/rust/) [anchor](#top) [mail](mailto:a@b.c) [tag]({tag}rust)
        [escape]({attach}../../../secret.txt)
        [ref][r]
        [undefined][nothing]

        [r]: {filename}../other/index.md
        """)
    result = site.run("check")
    assert result.lines == [
        f"{P}:{body_line(2)}: error: link {{filename}}../nope/index.md: no such file content/posts/nope/index.md",
        f"{P}:{body_line(3)}: error: link {{attach}}data/run.json: no such file content/posts/p/data/run.json",
        f"{P}:{body_line(4)}: warning: link ../other/index.md is a source file that Pelican neither copies nor "
        "rewrites: write {filename}../other/index.md",
        f"{P}:{body_line(5)}: error: link ../ghost/index.md: no such file content/posts/ghost/index.md",
        f"{P}:{body_line(7)}: error: link {{attach}}../../../secret.txt points outside the content folder",
        f"{P}:{body_line(9)}: error: no definition for the reference [nothing]",
    ]


def test_paths_select_posts_and_bad_paths_are_reported(site):
    site.post("a", "[X]\n")
    site.post("b", "[X]\n")
    assert [line.split(":")[0] for line in site.run("check", "content/posts/b/index.md").lines] == [
        "content/posts/b/index.md"]
    assert len(site.run("check", "content/posts").lines) == 2
    missing = site.run("check", "content/posts/zzz")
    assert (missing.code, missing.err.strip()) == (1, "perfblog check: no such file or folder: content/posts/zzz")


def test_pages_need_no_date_and_ignored_files_are_not_checked(site):
    (site.content / "pages" / "about.md").write_text("Title: About\n\nAbout us.\n")
    site.post("p")
    (site.content / "posts" / "p" / "data").mkdir()
    (site.content / "posts" / "p" / "data" / "README.md").write_text("[TODO] provenance\n")
    (site.content / "posts" / ".notes.md").write_text("[X]\n")
    assert site.run("check").code == 0


def test_a_200_post_site_is_checked_in_a_few_seconds(real_site):
    """Realistic posts: the shipped template filled with real Criterion output and profiles."""
    posts = real_site.content / "posts"
    for i in range(200):
        folder = posts / f"2026-01-01-post-{i:03d}"
        if i == 0:
            shutil.copytree(FIXTURES / "criterion-0.3.6" / "criterion", folder / "data" / "criterion")
            shutil.copytree(FIXTURES / "folded", folder / "profiles")
        else:  # the same data in every post, hard-linked: setting up stays cheap
            for part in ("data", "profiles"):
                shutil.copytree(posts / "2026-01-01-post-000" / part, folder / part, copy_function=os.link)
        (folder / "index.md").write_text(filled_template(f"post-{i:03d}"), encoding="utf-8")
    started = time.perf_counter()
    result = real_site.run("check")
    elapsed = time.perf_counter() - started
    assert "200 post(s)" in result.err
    assert not [line for line in result.lines if "placeholder" not in line], result.out[:2000]
    assert elapsed < 20, f"{elapsed:.1f} s"  # about 2-3 s on a 2-core machine; generous for noisy CI


# What an author would write in place of the template's data placeholders.
REAL_VALUES = {
    "[baseline_output]": "criterion", "[benchmark_output]": "criterion",
    "[before_version]": "before", "[after_version]": "new", "[baseline_version]": "before",
    "[attempt_1_version]": "base", "[attempt_2_version]": "new", "[attempt_3_version]": "new",
    "[before.folded]": "perf-before.folded", "[after.folded]": "perf-after.folded",
    "[benchmark_1]": "count words", "[allocations_before]": "26376", "[allocations_after]": "1205",
    "[peak_MB_before]": "12.5", "[peak_MB_after]": "9.5",
}


def filled_template(slug: str) -> str:
    text = fill({"title": slug, "date": "2026-01-01", "slug": slug, "author": "Ada"})
    for placeholder, value in REAL_VALUES.items():
        text = text.replace(placeholder, value)
    return text


def test_the_template_blocks_render_with_real_data(real_site):
    """Every block the template ships is accepted by the real renderers once its data is there."""
    folder = real_site.content / "posts" / "filled"
    shutil.copytree(FIXTURES / "criterion-0.3.6" / "criterion", folder / "data" / "criterion")
    shutil.copytree(FIXTURES / "folded", folder / "profiles")
    (folder / "index.md").write_text(filled_template("filled"), encoding="utf-8")
    result = real_site.run("check")
    assert result.lines and all("placeholder" in line for line in result.lines), result.out


def test_a_feature_module_that_does_not_load_is_one_clear_line(site):
    conf = site.root / "pelicanconf.py"
    conf.write_text(conf.read_text() + "PERFBLOG_FEATURES = ['no_such_feature']\n")
    result = site.run("check")
    assert (result.code, result.err.strip()) == (1, "perfblog check: pelicanconf.py: cannot load the PERFBLOG_FEATURES "
                                                    "modules: ModuleNotFoundError: No module named 'no_such_feature'")


def test_unreadable_input_is_reported_not_raised(site):
    site.post("p")
    (site.content / "posts" / "latin1").mkdir()
    (site.content / "posts" / "latin1" / "index.md").write_bytes("Title: Caf\xe9\n".encode("latin-1"))
    result = site.run("check")
    assert result.lines == ["content/posts/latin1/index.md:1: error: not UTF-8 text (byte 10): save it as UTF-8"]
    data = site.content / "posts" / "p" / "data.json"
    data.write_text("{}")
    not_a_post = site.run("check", "content/posts/p/data.json")
    assert (not_a_post.code, not_a_post.err.strip()) == (
        1, "perfblog check: content/posts/p/data.json is not a Markdown post")
