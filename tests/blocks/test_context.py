"""What a renderer's context measures before anything reads a data path."""

from __future__ import annotations

import os

from perfblog.blocks.context import folder_size


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
