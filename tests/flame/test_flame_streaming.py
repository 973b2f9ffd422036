"""The fast readers give what the line-by-line rules give: same stacks, same trees, same errors.

Folded files are read a chunk at a time and their stacks stay text until the
tree splits them; ``perf script`` files a sample at a time, each distinct call
chain parsed once. A tiny chunk puts chunk boundaries everywhere, CRs and
sample boundaries included.
"""

from __future__ import annotations

import pytest

from flamehelp import FIXTURES
from perfblog.blocks import PerfblogError
from perfblog.flame import folded, perfscript
from perfblog.flame.folded import Frame, Profile, intern_stacks, parse_folded, read_folded
from perfblog.flame.perfscript import parse_perf_script, read_perf_script
from perfblog.flame.tree import Node, build_tree

FOLDED = sorted(FIXTURES.glob("*.folded"))
PERF = sorted(FIXTURES.glob("*.perf.txt")) + sorted(FIXTURES.glob("perf-script-*.txt"))
ODD_FOLDED = {
    "crlf-bom": "\ufeff# hand\r\n\r\na;b 2\r\n   \r\n# c\r\na;b 3\r\na 1\r\nx;y_[k];z_[j] 4\r\n",
    "lone-cr": "a;b 2\ra;c 3\na 1\n",
    "fractions": "a;b\t2\na;c    1.5\na;d .25\na;c 0.1\na;c 0.2\na;b;c; 3\n 3\n\n",
    "spaces-and-tabs": "main (app.py);x  \t 3\t\nmain (app.py);x 4\n",
    "not-utf8": b"a;\xff 2\na;\xfe 3\nr\xe9 4\n".decode("utf-8", "replace"),
    # names that sort between a stack and the stacks below it ('a' < 'a.x' < 'a::y' < 'a;b'),
    # an empty frame ('a;;c'), a frame ending the stack under its own callees, kinds
    "sorts-between": "a 1\na.x;q 2\na::y 3\na;b 4\na;b.c;d 5\na;b;c 2\na;;c 1\n 3\na.x 1\n"
                     "a;b_[k] 6\na;b_[k];z 1\na;b:;c 2\nb;a 7\na;b;c;d 1\n",
}


def shape(node: Node) -> list:
    """Everything a tree says, children in their own order (the diff's sums follow it)."""
    return [node.frame, node.total, node.self, node.start, node.narrow, node.narrow_total,
            [shape(child) for child in node.children.values()]]


@pytest.fixture(params=[folded.CHUNK, 7], ids=["chunk", "tiny-chunk"])
def chunk(request, monkeypatch):
    monkeypatch.setattr(folded, "CHUNK", request.param)
    monkeypatch.setattr(perfscript, "CHUNK", request.param)


@pytest.mark.parametrize("path", FOLDED, ids=lambda p: p.name)
def test_folded_file_reads_as_its_lines(path, chunk):
    by_lines = parse_folded(path.read_text(encoding="utf-8").splitlines(keepends=True))
    assert read_folded(path).stacks == by_lines.stacks


@pytest.mark.parametrize("name", ODD_FOLDED)
def test_odd_folded_files_read_as_their_lines(name, tmp_path, chunk):
    path = tmp_path / "odd.folded"
    path.write_bytes(ODD_FOLDED[name].encode())
    with open(path, encoding="utf-8", newline="") as handle:  # Python's own line reading
        expected = parse_folded(list(handle)).stacks
    assert read_folded(path).stacks == expected


def test_bad_line_is_located_past_chunk_boundaries(tmp_path, chunk):
    path = tmp_path / "bad.folded"
    path.write_text("a;b 1\r\n" * 5 + "a;b x\n")
    with pytest.raises(PerfblogError) as caught:
        read_folded(path)
    assert caught.value.line == 6


@pytest.mark.parametrize("min_share", [0, 0.001, 0.05, 0.5])
@pytest.mark.parametrize("path", FOLDED, ids=lambda p: p.name)
def test_tree_from_text_is_the_tree_from_frames(path, min_share):
    profile = read_folded(path)
    from_frames = Profile(intern_stacks(profile.texts), profile.source)
    assert shape(build_tree(profile, min_share)) == shape(build_tree(from_frames, min_share))


@pytest.mark.parametrize("min_share", [0, 0.05, 0.2])
@pytest.mark.parametrize("name", ODD_FOLDED)
def test_odd_tree_from_text_is_the_tree_from_frames(name, min_share, tmp_path):
    path = tmp_path / "odd.folded"
    path.write_bytes(ODD_FOLDED[name].encode())
    profile = read_folded(path)
    from_frames = Profile(intern_stacks(profile.texts), profile.source)
    assert shape(build_tree(profile, min_share)) == shape(build_tree(from_frames, min_share))


def test_pruned_frames_are_never_split(tmp_path):
    path = tmp_path / "wide.folded"
    path.write_text("main;hot 990\n" + "".join(f"main;cold;f{i};g{i} 1\n" for i in range(10)))
    profile = read_folded(path)
    root = build_tree(profile, 0.1)
    (main,) = root.children.values()
    assert [f.name for f in main.children] == ["hot"]  # 'cold' is only counted, and its width kept
    assert (main.narrow, main.narrow_total, main.children[Frame("hot")].start) == (1, 10, 10)
    assert profile._stacks is None  # no stack was split into frames


@pytest.mark.parametrize("weight", ["samples", "period"])
@pytest.mark.parametrize("path", PERF, ids=lambda p: p.name)
def test_perf_script_file_reads_as_its_lines(path, weight, chunk):
    by_lines = parse_perf_script(path.read_text(encoding="utf-8").splitlines(keepends=True), weight=weight)
    profile = read_perf_script(path, weight)
    assert profile.stacks == by_lines.stacks
    assert list(profile.stacks) == list(by_lines.stacks)  # in the same order
    assert profile.unit == by_lines.unit


ODD_PERF = """\
# ========
# cmdline : /usr/bin/perf record -g ./app
app 12 1.5: 7 cycles:
\t    11 main+0x1 (/app)

app 12 1.6: 9 instructions:
\t    11 skipped+0x1 (/app)
app 13 1.7: 9 cycles:
\t    11 other+0x1f (/app)
\t  \t
\t    11 after_blank+0x1f (/app)
# a comment inside
\t    12 main+0x2 (/app)
\t    not a frame line


app 14 1.8: 9 cycles:

app 14 1.9: 2 cycles:
\t    11 other+0x1f (/app)
\t    12 main+0x2 (/app)
"""


@pytest.mark.parametrize("ends", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_odd_perf_script_reads_as_its_lines(ends, tmp_path, chunk):
    path = tmp_path / "odd.perf.txt"
    path.write_bytes(ODD_PERF.replace("\n", ends).encode())
    with open(path, encoding="utf-8", newline="") as handle:
        expected = parse_perf_script(list(handle), weight="period")
    assert read_perf_script(path, "period").stacks == expected.stacks
