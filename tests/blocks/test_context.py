"""What a renderer's context measures before anything reads a data path."""

from __future__ import annotations

import os

from perfblog.blocks import BlockContext
from perfblog.blocks.context import folder_size, real_path
from perfblog.blocks.syntax import parse_block


def test_a_folders_size_counts_its_files_and_linked_files_but_not_linked_folders(tmp_path):
    (tmp_path / "run" / "new").mkdir(parents=True)
    (tmp_path / "run" / "a.json").write_bytes(b"x" * 100)
    (tmp_path / "run" / "new" / "b.json").write_bytes(b"x" * 20)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "big.bin").write_bytes(b"x" * 5000)
    os.symlink(tmp_path / "outside" / "big.bin", tmp_path / "run" / "new" / "linked.bin")  # read through: counts
    os.symlink(tmp_path / "outside", tmp_path / "run" / "linked-folder")  # os.walk does not enter it
    assert folder_size(tmp_path / "run", 10_000) == 5120
    assert folder_size(tmp_path / "run", 1000) > 1000  # stops counting once over the limit


def test_raw_links_publish_only_files_really_inside_the_input(tmp_path):
    """A link inside a data folder that leads out of it is read by nothing and published nowhere."""
    post, run = tmp_path / "posts" / "p", tmp_path / "posts" / "p" / "data" / "run"
    (run / "new").mkdir(parents=True)
    (run / "new" / "estimates.json").write_text("{}")
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "key.json").write_text("{}")
    os.symlink(tmp_path / "secret" / "key.json", run / "new" / "leak.json")
    os.symlink(tmp_path / "secret", run / "leaked")
    os.symlink(run / "new", run / "alias")  # a link that stays inside counts
    ctx = BlockContext(post_path=post / "index.md", content_root=tmp_path, block_id="b", settings={},
                       metadata={}, render_template=lambda name, **values: "")
    block = parse_block("bench", 1, ["file: data/run"])
    ctx.resolve("data/run", "file", block)
    sources = ["data/run/new/estimates.json:3", "data/run/new/leak.json:1", "data/run/leaked/key.json:1",
               "data/run/alias/../new/estimates.json:2", "data/run/new/missing.json:1"]
    assert [link["name"] for link in ctx.raw_links(sources)] == ["data/run/new/estimates.json"]


def test_real_path_is_realpath(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "f").write_text("")
    os.symlink(tmp_path / "a" / "b", tmp_path / "a" / "link")
    os.symlink("b/f", tmp_path / "a" / "flink")  # relative to its folder
    known = {}
    for rel in ["a/b/f", "a/link/f", "a/flink", "a/link/../b/f", "a/./b/f", "a/b/missing", "a/link/", "a/.."]:
        path = os.path.join(tmp_path, rel)
        assert real_path(path, known) == os.path.realpath(path), rel
