"""What a renderer may know and do: the post, its data files (sandboxed), templates, warnings.

Every data path a block names goes through ``BlockContext.resolve``, which is
the sandbox: the path must stay inside ``content/``, exist, be a regular file
or a folder (a FIFO or a device would hang the build), and be smaller than the
input limit. It runs before anything reads, hashes or caches the path.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from .kinds import Notice
from .syntax import Block

MEGABYTE = 1024 * 1024
DEFAULT_MAX_INPUT_MB = 256


@dataclass
class BlockContext:
    """What a renderer may know about the post it renders into."""

    post_path: Path  # absolute path of the post's source file
    content_root: Path  # absolute path of Pelican's PATH
    block_id: str  # unique within the page: prefix every id the block emits with it
    settings: Mapping[str, Any]
    metadata: Mapping[str, Any]
    render_template: Callable[..., str]  # render_template(name, **variables) -> str
    assets: set[str] = field(default_factory=set)  # static files the page must load
    notices: list[Notice] = field(default_factory=list)
    inputs: dict[str, str] = field(default_factory=dict)  # resolved absolute path -> the option naming it
    files: list[tuple[str, bytes | Path]] = field(default_factory=list)  # published beside the page

    def resolve(self, relative: str, key: str, block: Block) -> Path:
        """A data path named in a block, relative to the post's folder, checked by the sandbox."""
        if not relative:
            raise block.error(f"'{key}' is empty", key=key)
        candidate = (self.post_path.parent / relative).resolve()
        root = self.content_root.resolve()
        if candidate != root and root not in candidate.parents:
            raise block.error(f"'{relative}' is outside the content folder", key=key)
        try:
            st = os.stat(candidate)
        except FileNotFoundError:
            raise block.error(f"no such file: {relative}", key=key) from None
        except OSError as error:
            raise block.error(f"cannot read {relative}: {error.strerror}", key=key) from None
        if not (stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode)):
            raise block.error(f"{relative} is not a regular file or folder (a pipe or a device?)", key=key)
        limit = self.max_input_bytes()
        size = st.st_size if stat.S_ISREG(st.st_mode) else folder_size(candidate, limit)
        if size > limit:
            raise block.error(
                f"{relative} is {size / MEGABYTE:,.1f} MB, over the limit of {limit // MEGABYTE:,} MB "
                "a block may read (PERFBLOG_MAX_INPUT_MB)", key=key)
        self.inputs.setdefault(str(candidate), key)
        return candidate

    def max_input_bytes(self) -> int:
        return int(self.settings.get("PERFBLOG_MAX_INPUT_MB", DEFAULT_MAX_INPUT_MB) * MEGABYTE)

    def need(self, asset: str) -> None:
        """Ask for a static asset (e.g. 'flame.js') to be loaded by the page."""
        self.assets.add(asset)

    def publish(self, suffix: str, data: bytes | Path) -> str:
        """A file published beside the page (``<block id><suffix>``): ``data``, or a copy of the
        file at a resolved path (one of the block's inputs, so the cache notices it change, and
        copied only when the site is written); returns the link to it."""
        name = f"{self.block_id}{suffix}"
        self.files.append((name, data))
        return name

    def warn(self, name: str, message: str, key: str | None = None) -> None:
        """A warning about this block; the author accepts it with ``allow: name``."""
        self.notices.append(Notice(name, message, key))

    def option_for(self, path: str) -> str | None:
        """The option that named ``path`` or a folder holding it."""
        target = Path(path)
        for resolved, key in self.inputs.items():
            if target == Path(resolved) or Path(resolved) in target.parents:
                return key
        return None


def folder_size(folder: Path, stop_above: int) -> int:
    """Bytes in the regular files below ``folder``, counting stops once past ``stop_above``."""
    total = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            try:
                st = os.stat(os.path.join(root, name))
            except OSError:
                continue
            if stat.S_ISREG(st.st_mode):
                total += st.st_size
                if total > stop_above:
                    return total
    return total
