"""Rendered blocks cached across builds, re-rendered only when something they read changed.

A cached value is stored with everything it was computed from:

* the block itself (kind, options, inline data, line numbers), its id and post;
* the plugin's code and the block templates (the *salt*: any change to a ``.py``
  file of perfblog or of a ``PERFBLOG_FEATURES`` module, or to any file under
  the theme's or the plugin's ``templates/``, misses every entry);
* every file or folder the renderer opened through ``ctx.resolve`` (a folder
  counts with every file below it), by content hash — a path that did not
  exist counts too, so a file appearing later is noticed;
* every post metadata key and setting the renderer looked up, by ``repr``.

A hit needs all of these to be unchanged. A render that raised is never
stored. A stored ``Rendered`` keeps its warnings, so a hit reports them again
on every build. Renderers that read files without ``ctx.resolve`` would defeat
this: every perfblog renderer goes through it, and the sandbox check there runs
before anything is hashed.

File contents are hashed, but a file whose size, times and inode are unchanged
since it was last hashed is not read again, unless it had been modified within
``RACY_SECONDS`` of that hash (its timestamp could then hide a later edit:
git's "racy clean" problem).

A parallel build renders in worker processes, each with its own copy of the
cache: ``journal()`` collects what one post's work added (``Changes``), which
the build process merges, so the cache it keeps and saves is the cache a
serial build would have.

In ``pelican -r`` the cache lives in memory from one rebuild to the next. On
disk it follows Pelican's own switches: loaded from ``CACHE_PATH`` when
``LOAD_CONTENT_CACHE`` is on, saved there when ``CACHE_CONTENT`` is on.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import logging
import os
import pickle
import stat
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from .context import BlockContext
from .syntax import Block
from .templates import PLUGIN_TEMPLATES

if TYPE_CHECKING:
    from .kinds import BlockKind, Rendered

log = logging.getLogger("perfblog")

FORMAT = 2
FILE_NAME = "perfblog-blocks.pickle"
RACY_SECONDS = 3  # more than the coarsest timestamps in use (FAT: 2 s)
MISSING = "missing"
PACKAGE_DIR = Path(__file__).resolve().parent.parent  # all of perfblog


def _digest(*parts: str | bytes) -> str:
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


# --- file and folder fingerprints ---------------------------------------------

@dataclass(frozen=True)
class _Stamp:
    stat: tuple[int, ...]  # (size, mtime_ns, ctime_ns, ino, dev)
    digest: str
    trusted: bool  # hashed long enough after its last change to skip hashing next time


class Fingerprints:
    """Content hashes of files and folder trees, re-hashing only what may have changed."""

    def __init__(self, stamps: dict[str, _Stamp] | None = None):
        self.stamps = stamps or {}
        self.seen: set[str] = set()  # paths looked at since the last ``prune``
        self._run: dict[str, str] = {}  # this run's answers: each path is checked once per build
        self.journal: Changes | None = None  # while set, stamps looked at are noted there too

    def new_run(self) -> None:
        self._run.clear()

    def of(self, path: str) -> str:
        """The content digest of a file, or of a folder with everything in it; MISSING if absent."""
        found = self._run.get(path)
        if found is None:
            found = self._run[path] = self._of(path)
        return found

    def _of(self, path: str) -> str:
        try:
            st = os.stat(path)
        except OSError:
            return MISSING
        if not (stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode)):
            return "special"
        try:
            return self._tree(path) if stat.S_ISDIR(st.st_mode) else self._file(path, st)
        except OSError:  # unreadable: the renderer will say why; never equal to a readable state
            return "unreadable"

    def _file(self, path: str, st: os.stat_result) -> str:
        self.seen.add(path)
        stat = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)
        old = self.stamps.get(path)
        if old is not None and old.trusted and old.stat == stat:
            if self.journal is not None:
                self.journal.stamps[path] = old
            return old.digest
        with open(path, "rb") as handle:
            digest = hashlib.blake2b(handle.read(), digest_size=20).hexdigest()
        changed_at = max(st.st_mtime_ns, st.st_ctime_ns)
        trusted = changed_at < time.time_ns() - RACY_SECONDS * 1_000_000_000
        self.stamps[path] = _Stamp(stat, digest, trusted)
        if self.journal is not None:
            self.journal.stamps[path] = self.stamps[path]
        return digest

    def _tree(self, root: str) -> str:
        """Names of every folder and file below ``root`` (symlinks followed) with file digests."""
        listing: list[str] = []
        visited: set[tuple[int, int]] = set()

        top = os.path.realpath(root)

        def walk(folder: str, relative: str) -> None:
            st = os.stat(folder)
            if (st.st_dev, st.st_ino) in visited:  # a symlink loop
                listing.append(f"loop {relative}")
                return
            visited.add((st.st_dev, st.st_ino))
            with os.scandir(folder) as entries:
                for entry in sorted(entries, key=lambda e: e.name):
                    name = f"{relative}/{entry.name}"
                    try:
                        if entry.is_symlink() and not _inside(os.path.realpath(entry.path), top):
                            listing.append(f"link {name} {os.readlink(entry.path)}")  # never followed out
                        elif entry.is_dir():
                            listing.append(f"dir {name}")
                            walk(entry.path, name)
                        elif stat.S_ISREG((st_entry := entry.stat()).st_mode):
                            listing.append(f"file {name} {self._file(entry.path, st_entry)}")
                        else:  # a pipe or a device: opening it could block forever
                            listing.append(f"special {name}")
                    except OSError:  # vanished or unreadable: different from any readable state
                        listing.append(f"unreadable {name}")

        walk(root, "")
        return "tree " + _digest(*listing)

    def of_folder_files(self, folders: Iterable[Path], suffixes: tuple[str, ...]) -> str:
        """One digest for the files with these suffixes below the folders (the salt)."""
        parts = []
        for folder in folders:
            for path in sorted(Path(folder).rglob("*")) if Path(folder).is_dir() else []:
                if path.is_file() and (not suffixes or path.suffix in suffixes) and "__pycache__" not in path.parts:
                    parts += [str(path), self.of(str(path))]
        return _digest(*parts)

    def prune(self) -> None:
        """Forget stamps of files not looked at since the last prune."""
        self.stamps = {p: s for p, s in self.stamps.items() if p in self.seen}
        self.seen = set()


# --- what a renderer looked at --------------------------------------------------

class _Recording(Mapping):
    """A read-only view of settings or metadata that notes each key looked up."""

    def __init__(self, data: Mapping, kind: str, reads: list[tuple[str, str, str]]):
        self._data, self._kind, self._reads = data, kind, reads

    def __getitem__(self, key):
        try:
            value = self._data[key]
        except KeyError:
            self._reads.append((self._kind, str(key), MISSING))
            raise
        self._reads.append((self._kind, str(key), repr(value)))
        return value

    def __iter__(self):
        self._reads.append((self._kind, "*", repr(sorted(map(str, self._data)))))
        return iter(self._data)

    def __len__(self):
        self._reads.append((self._kind, "*", repr(sorted(map(str, self._data)))))
        return len(self._data)


@dataclass
class TrackingContext(BlockContext):
    """A ``BlockContext`` that records the files, settings and metadata a renderer uses."""

    reads: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, name, fingerprint)
    fingerprints: Fingerprints | None = None

    @classmethod
    def around(cls, ctx: BlockContext, fingerprints: Fingerprints) -> "TrackingContext":
        fields = {f.name: getattr(ctx, f.name) for f in dataclasses.fields(BlockContext)}
        fields.update(assets=set(), notices=[], inputs={}, files=[])
        tracking = cls(**fields, fingerprints=fingerprints)
        tracking.settings = _Recording(ctx.settings, "setting", tracking.reads)
        tracking.metadata = _Recording(ctx.metadata, "metadata", tracking.reads)
        return tracking

    def resolve(self, relative: str, key: str, block: Block) -> Path:
        # The sandbox first; then hash before the renderer reads, so a change in between
        # shows up next build.
        path = super().resolve(relative, key, block)
        self.reads.append(("file", str(path), self.fingerprints.of(str(path))))
        return path


# --- the cache --------------------------------------------------------------------

@dataclass
class Entry:
    reads: list[tuple[str, str, str]]
    value: Any


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def code_fingerprint(modules: Iterable[str]) -> str:
    """perfblog's code, each feature module's whole top-level package, and the libraries rendering uses.

    Computed once, when the plugin starts: it names the code this process runs.
    """
    fingerprints = Fingerprints()
    sources = {PACKAGE_DIR}
    for name in modules:
        top = sys.modules.get(name.partition(".")[0])
        origin = getattr(top, "__file__", None)
        if origin:
            origin_path = Path(origin).resolve()
            sources.add(origin_path.parent if origin_path.name == "__init__.py" else origin_path)
    parts = [str(FORMAT), sys.version, *(_version(name) for name in ("jinja2", "markupsafe", "markdown", "pelican"))]
    for source in sorted(sources):
        if source.is_dir():
            parts.append(fingerprints.of_folder_files([source], (".py",)))
        else:
            parts += [str(source), fingerprints.of(str(source))]
    return _digest(*parts)


def _version(distribution: str) -> str:
    import importlib.metadata  # here: it is slow to load, and only a cached build needs it

    try:
        return f"{distribution} {importlib.metadata.version(distribution)}"
    except importlib.metadata.PackageNotFoundError:
        return f"{distribution} ?"


@dataclass
class Changes:
    """What some work added to a cache and looked at in it, to be merged into another copy."""

    entries: dict[str, "Entry"] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    stamps: dict[str, _Stamp] = field(default_factory=dict)
    hits: int = 0
    misses: int = 0


class BlockCache:
    """Values computed from blocks (their HTML) or from pure functions, checked against their inputs."""

    def __init__(self, code: str):
        self.code = code  # fixed for the life of the process: the code that is running
        self.salt = code
        self.entries: dict[str, Entry] = {}
        self.fingerprints = Fingerprints()
        self.used: set[str] = set()
        self.dirty = False
        self.loaded = False
        self.hits = self.misses = 0

    # one build ---------------------------------------------------------------
    def start_run(self, settings: Mapping[str, Any]) -> None:
        """Load from disk once per process (later ``pelican -r`` runs keep it in memory); salt with the templates."""
        if settings["LOAD_CONTENT_CACHE"] and not self.loaded:
            self.load(Path(settings["CACHE_PATH"]))
            self.loaded = True
        self.fingerprints.new_run()
        folders = [Path(settings["THEME"]) / "templates", PLUGIN_TEMPLATES]
        self.salt = _digest(self.code, self.fingerprints.of_folder_files(folders, ()))
        self.hits = self.misses = 0

    def end_run(self, settings: Mapping[str, Any]) -> None:
        """Drop what this build did not use (the cache never outgrows the site); save if Pelican caches."""
        if set(self.entries) - self.used:
            self.entries = {k: v for k, v in self.entries.items() if k in self.used}
            self.dirty = True
        self.used = set()
        self.fingerprints.prune()
        log.debug("perfblog: block cache: %d hits, %d misses", self.hits, self.misses)
        if settings["CACHE_CONTENT"]:
            self.save(Path(settings["CACHE_PATH"]))

    # lookups -----------------------------------------------------------------
    def memo(self, name: str, block: Block, ctx: BlockContext, kind: "BlockKind") -> "Rendered":
        """The kind's rendering of ``block``, or its stored value when nothing it read has changed.

        Exceptions propagate and are not stored.
        """
        from .dispatch import render  # dispatch uses the cache: import at call time

        key = _digest(self.salt, name, block.to_payload(), ctx.block_id, str(ctx.post_path), str(ctx.content_root))
        self.used.add(key)
        entry = self.entries.get(key)
        if entry is not None and self._fresh(entry, ctx):
            self._note(key, None, hit=True)
            return entry.value
        tracking = TrackingContext.around(ctx, self.fingerprints)
        try:
            value = render(kind, block, tracking)
        finally:  # an error in a data file is told at the option that named it
            ctx.inputs.update(tracking.inputs)
        self.entries[key] = Entry(tracking.reads, value)
        self.dirty = True
        self._note(key, self.entries[key], miss=True)
        return value

    def pure(self, name: str, compute: Callable[..., Any], *args) -> Any:
        """``compute(*args)`` for a pure function of arguments with a stable ``repr``."""
        key = _digest(self.code, name, *map(repr, args))
        self.used.add(key)
        entry = self.entries.get(key)
        if entry is not None:
            self._note(key, None)
            return entry.value
        value = compute(*args)
        self.entries[key] = Entry([], value)
        self.dirty = True
        self._note(key, self.entries[key])
        return value

    # parallel builds ---------------------------------------------------------
    @contextlib.contextmanager
    def journal(self, keep: bool = True) -> Iterator[Changes]:
        """Note what the work inside adds and uses, for ``merge`` into the build process's copy;
        without ``keep`` (a worker, whose copy is thrown away), this copy does not hold on to it."""
        changes = self.fingerprints.journal = Changes()
        try:
            yield changes
        finally:
            self.fingerprints.journal = None
            for key in () if keep else changes.entries:
                del self.entries[key]

    def _note(self, key: str, added: "Entry | None", hit: bool = False, miss: bool = False) -> None:
        """Count a block lookup, and journal what the lookup used and added (counted at ``merge``)."""
        journal = self.fingerprints.journal
        if journal is None:
            self.hits, self.misses = self.hits + hit, self.misses + miss
            return
        journal.used.add(key)
        if added is not None:
            journal.entries[key] = added
        journal.hits, journal.misses = journal.hits + hit, journal.misses + miss

    def merge(self, changes: Changes) -> None:
        """Keep what a journal noted, from this copy of the cache or a worker's."""
        if any(self.entries.get(key) is not entry for key, entry in changes.entries.items()):
            self.entries.update(changes.entries)
            self.dirty = True
        self.used |= changes.used
        self.fingerprints.stamps.update(changes.stamps)
        self.fingerprints.seen |= changes.stamps.keys()
        self.hits, self.misses = self.hits + changes.hits, self.misses + changes.misses

    def _fresh(self, entry: Entry, ctx: BlockContext) -> bool:
        for kind, name, seen in entry.reads:
            if kind == "file":
                now = self.fingerprints.of(name)
            else:
                now = _lookup(ctx.settings if kind == "setting" else ctx.metadata, name)
            if now != seen:
                return False
        return True

    # on disk -----------------------------------------------------------------
    def load(self, folder: Path) -> None:
        """Take entries from an earlier build of the same code; anything unreadable means none."""
        try:
            with open(folder / FILE_NAME, "rb") as handle:
                saved = pickle.load(handle)
            if saved.get("format") != FORMAT or saved.get("code") != self.code:
                return
            self.entries, self.fingerprints.stamps = saved["entries"], saved["stamps"]
        except FileNotFoundError:
            pass
        except Exception as error:  # noqa: BLE001 - a cache must never break a build
            log.debug("perfblog: ignoring unreadable block cache %s: %s", folder / FILE_NAME, error)

    def save(self, folder: Path) -> None:
        """Write atomically (readers never see half a file), and only when something changed."""
        if not self.dirty:
            return
        folder.mkdir(parents=True, exist_ok=True)
        data = {"format": FORMAT, "code": self.code, "entries": self.entries, "stamps": self.fingerprints.stamps}
        partial = folder / f"{FILE_NAME}.{os.getpid()}.tmp"
        try:
            with open(partial, "wb") as handle:
                pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(partial, folder / FILE_NAME)
        except (OSError, pickle.PicklingError, TypeError) as error:  # as Pelican does with its own cache
            partial.unlink(missing_ok=True)
            log.warning("perfblog: could not save the block cache in %s: %s", folder, error)
            return
        self.dirty = False


def _lookup(mapping: Mapping, name: str) -> str:
    if name == "*":
        return repr(sorted(map(str, mapping)))
    try:
        return repr(mapping[name])
    except KeyError:
        return MISSING


__all__ = ["BlockCache", "Changes", "Fingerprints", "TrackingContext", "code_fingerprint"]
