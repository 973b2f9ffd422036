"""The rendered flame graph: SVG structure, ids, escaping, determinism, pruning, labels."""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from flamehelp import render
from perfblog.blocks import PerfblogError
from perfblog.flame.svg import CHAR, PAD, ROW, WIDTH

SVG_NS = "{http://www.w3.org/2000/svg}"
HOSTILE = ["Vec<T>", "operator<<", "<script>alert(1)</script>", "a & b", '"quoted" \'single\'']


def svg_of(html: str) -> ET.Element:
    """The inline SVG parsed as XML: it must be well-formed on its own."""
    return ET.fromstring(re.search(r"<svg.*?</svg>", html, re.S).group(0))


def frames_of(html: str) -> list[ET.Element]:
    return svg_of(html).findall(f"{SVG_NS}g")


def write(content, name: str, text: str) -> str:
    (content / name).write_text(text, encoding="utf-8")
    return name


def test_structure_of_a_real_graph(content):
    html, ctx = render("flamegraph", "file: pyspy-before.folded\ntitle: Parser before", content)
    svg = svg_of(html)
    width, height = (int(v) for v in svg.get("viewBox").split()[2:])
    assert width == WIDTH and height % ROW == 0
    frames = frames_of(html)
    assert len(frames) > 10
    for g in frames:
        assert len(g.findall(f"{SVG_NS}title")) == 1
        assert len(g.findall(f"{SVG_NS}rect")) == 1
        assert re.fullmatch(r".+ — [\d,]+ samples? \(\d+(\.\d+)?%\)", g.find(f"{SVG_NS}title").text)
        assert g.get("class") and not g.find(f"{SVG_NS}rect").get("style")
    assert frames[0].find(f"{SVG_NS}title").text == "all — 403 samples (100.0%)"
    assert ctx.assets == {"flame.js", "flame.css"}
    soup = BeautifulSoup(html, "html.parser")
    assert soup.figure["class"] == ["pb-figure", "wide", "pb-flame"]
    assert "Parser before" in soup.figcaption.text


def test_every_id_is_prefixed_and_two_graphs_share_none(content):
    first, _ = render("flamegraph", "file: perf-before.folded", content, block_id="pb-3")
    second, _ = render("flamegraph", "file: perf-before.folded", content, block_id="pb-4")
    ids = []
    for html, prefix in ((first, "pb-3"), (second, "pb-4")):
        soup = BeautifulSoup(html, "html.parser")
        found = [tag["id"] for tag in soup.find_all(id=True)]
        assert found and all(i == prefix or i.startswith(prefix + "-") for i in found)
        for tag in soup.find_all(attrs={"aria-labelledby": True}):
            assert soup.find(id=tag["aria-labelledby"])
        ids += found
    assert len(ids) == len(set(ids))


def test_every_frame_name_is_escaped(content):
    stacks = "".join(f"main;{name} {i + 1}\n" for i, name in enumerate(HOSTILE))
    write(content, "hostile.folded", stacks)
    html, _ = render("flamegraph", "file: hostile.folded\ntitle: <b>not bold</b>", content)
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find("script") and not soup.find("b")
    titles = {g.title.text.split(" — ")[0] for g in soup.find_all("g")}
    assert set(HOSTILE) <= titles
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    labels = [t.text for t in svg_of(html).iter(f"{SVG_NS}text")]
    assert "Vec<T>" in labels and "operator<<" in labels


def test_same_input_same_bytes_whatever_the_line_order(content):
    lines = (content / "perf-before.folded").read_text().splitlines(keepends=True)
    random.Random(5).shuffle(lines)
    write(content, "shuffled.folded", "".join(lines))
    first, _ = render("flamegraph", "file: perf-before.folded", content)
    again, _ = render("flamegraph", "file: perf-before.folded", content)
    shuffled, _ = render("flamegraph", "file: shuffled.folded", content)
    assert first == again == shuffled.replace("shuffled.folded", "perf-before.folded")  # only the raw link differs


def test_size_grows_with_visible_frames_only(content):
    noise = "".join(f"main;noise_{i};leaf 1\n" for i in range(5000))
    write(content, "noisy.folded", "main;work;hot 100000\n" + noise)
    write(content, "clean.folded", "main;work;hot 100000\n")
    noisy, _ = render("flamegraph", "file: noisy.folded", content)
    clean, _ = render("flamegraph", "file: clean.folded", content)
    assert len(frames_of(noisy)) == len(frames_of(clean)) == 4
    assert len(noisy) - len(clean) < 100  # only the totals in the titles differ
    everything, _ = render("flamegraph", "file: noisy.folded\nmin-width: 0\nmax-frames: 20000", content)
    assert len(frames_of(everything)) == 4 + 2 * 5000


def test_coordinates_have_at_most_one_decimal(content):
    html, _ = render("flamegraph", "file: perf-script-sort-after.txt", content)
    numbers = re.findall(r' (?:x|y|width)="([^"]+)"', html)
    assert numbers and all(re.fullmatch(r"\d+(\.\d)?", n) for n in numbers)


def test_labels_fit_their_boxes(content):
    write(content, "long.folded", "main;" + "x" * 300 + " 1\nmain;short 30\n")
    for g in frames_of(render("flamegraph", "file: long.folded", content)[0]):
        text = g.find(f"{SVG_NS}text")
        if text is not None:
            width = float(g.find(f"{SVG_NS}rect").get("width"))
            assert len(text.text) * CHAR <= width - 2 * PAD + 1e-9
            assert text.text.endswith("…") or text.text in g.find(f"{SVG_NS}title").text


def test_kernel_frames_get_their_own_colour(content):
    html, _ = render("flamegraph", "file: perf-script-sort-before.txt\nmin-width: 0", content)
    kinds = {g.get("class") for g in frames_of(html) if "asm_sysvec" in g.find(f"{SVG_NS}title").text}
    assert kinds == {"k"}


def test_perf_script_periods_with_a_unit(content):
    html, _ = render("flamegraph", "file: perf-script-sort-before.txt\nweight: period\nunit: ns", content)
    assert "all — 731,462,920 ns (100.0%)" in html  # 365 samples × 2,004,008 ns


@pytest.mark.parametrize(
    "body, key",
    [
        ("file: pyspy-before.folded\nmin-widht: 1%", "min-widht"),
        ("file: pyspy-before.folded\nmin-width: 150%", "min-width"),
        ("file: pyspy-before.folded\nformat: svg", "format"),
        ("file: ../outside.folded", "file"),
        ("file: missing.folded", "file"),
    ],
)
def test_bad_options_point_at_their_line(content, body, key):
    (content.parent / "outside.folded").write_text("a 1\n")
    with pytest.raises(PerfblogError) as caught:
        render("flamegraph", body, content, fence_line=20)
    key_line = next(i for i, line in enumerate(body.splitlines()) if line.startswith(key))
    assert caught.value.key == key and caught.value.line == 21 + key_line


def test_malformed_profile_names_file_and_line(content):
    write(content, "bad.folded", "a;b 1\na;b one\n")
    with pytest.raises(PerfblogError) as caught:
        render("flamegraph", "file: bad.folded", content)
    # told at the post's 'file:' line, with the data file's own line in the message
    assert (caught.value.line, caught.value.key) == (11, "file") and caught.value.path.endswith("post.md")
    assert caught.value.message.startswith("bad.folded:2: expected")


def test_frames_beyond_the_cap_are_left_out_and_said(content):
    write(content, "wide.folded", "".join(f"main;f{i} 1\n" for i in range(50)))
    html, ctx = render("flamegraph", "file: wide.folded\nmin-width: 0", content, settings={"PERFBLOG_MAX_FRAMES": 10})
    assert len(frames_of(html)) == 10
    assert "only the 10 widest frames are drawn (42 narrower ones left out)" in html
    (notice,) = ctx.notices
    assert notice.name == "frame-cap" and notice.key == "min-width"
    html, ctx = render("flamegraph", "file: wide.folded\nmin-width: 0\nmax-frames: 10", content)
    assert len(frames_of(html)) == 10 and not ctx.notices  # the author chose the cap
