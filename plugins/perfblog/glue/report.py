"""Every problem of a build reported once, located, and the build's verdict at the end.

Pelican's ``--fatal warnings`` raises inside whatever ``log.warning()`` comes
first, so one warning would stop the build half-way and leave ``output/``
empty. While perfblog builds, that switch is held off: every page that can be
written is written, each problem is printed once, and *then* the build fails,
with a summary line (``3 errors, 1 warning; every other page was written``).
Strict mode (``--fatal warnings``, or ``PERFBLOG_STRICT``, which
``publishconf.py`` sets) fails on warnings too; otherwise only errors fail.

Under ``pelican -r`` the build never raises: Pelican's autoreload loop would
rebuild at once, forever. The summary is printed instead, once per rebuild.
That loop starts a new watcher after each build, so a file saved *during* a build
would never be rebuilt. ``KeptWatch`` keeps the first watcher for the whole
session instead: it sees every save, a build running or not. Before it runs, the
first build looks for saves made during it (it then ends with
``ChangedDuringBuild``, which makes the loop build once more, as it does for any
exception), and the new watcher for saves made since.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
import threading
import time
from typing import Iterator

import pelican.utils
import watchfiles
from pelican.log import FatalLogger

from ..blocks import Problem

#: Not from logging.getLogger: Pelican's loggers drop a message already shown once in the
#: process (a rebuild's errors would vanish) and raise under --fatal. Records still reach
#: the root logger's handlers, so they print like Pelican's own.
out = logging.Logger("perfblog")
out.parent = logging.getLogger()
READER_FAILED = "Could not process %s"  # Pelican 4.12's message for a reader that raised
WATCH_READY_MS = 200  # how long a new watcher waits before it looks for saves it missed
_started_ns = 0  # when the last build under ``pelican -r`` started


class BuildFailed(Exception):
    """Raised at the end of a build that had to fail; Pelican exits with ``exitcode``."""

    exitcode = 1


class ChangedDuringBuild(Exception):
    """A watched file changed while ``pelican -r`` was building: build again."""


class _Counter(logging.Handler):
    """Counts what reaches the root logger: perfblog's problems and Pelican's own."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.errors = self.warnings = 0

    def emit(self, record):
        if record.levelno >= logging.ERROR:
            self.errors += 1
        else:
            self.warnings += 1


class _QuietBuildFailed(logging.Filter):
    """Pelican's ``main`` logs a failed build with its traceback; ours is a verdict, not a crash."""

    def filter(self, record):
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, BuildFailed):
            record.msg, record.args, record.exc_info = "%s", (str(error),), None
        return True


class _ReportedReads(logging.Filter):
    """Drop Pelican's "Could not process" for a post whose problem perfblog already told."""

    def __init__(self):
        super().__init__()
        self.sources: set[str] = set()

    def filter(self, record):
        return not (record.msg == READER_FAILED and record.args and str(record.args[0]) in self.sources)


class _SameSlug(logging.Filter):
    """Pelican's unlocated "There are 2 items with slug ..." warnings: the glue tells each
    duplicate itself, at the post's Slug line (``plugin.leave_out_duplicates``)."""

    def filter(self, record):
        return not (str(record.msg).startswith("There are %s") and "slug" in " ".join(map(str, record.args)))


READS = _ReportedReads()  # one for the process: its builds run one after another (pelican -r, tests)


@functools.cache
def _install_filters() -> None:
    """Once per process, and only where perfblog runs (not wherever it is merely installed)."""
    logging.getLogger("pelican").addFilter(_QuietBuildFailed())
    logging.getLogger("pelican.generators").addFilter(READS)
    logging.getLogger("pelican.utils").addFilter(_SameSlug())


class Report:
    """One per Pelican instance; ``start`` and ``finish`` bracket each build."""

    def __init__(self):
        self.counter = _Counter()
        self.reads = READS
        self.fatal_level = FatalLogger.fatal_lvl
        _install_filters()

    def start(self) -> None:
        """Count afresh, and hold Pelican's --fatal off until ``finish``."""
        self.started = time.time_ns()
        self.counter.errors = self.counter.warnings = 0
        self.reads.sources.clear()
        if FatalLogger.fatal_lvl <= logging.CRITICAL:
            self.fatal_level = FatalLogger.fatal_lvl
        FatalLogger.fatal_lvl = logging.CRITICAL + 1
        root = logging.getLogger()
        if self.counter not in root.handlers:
            root.addHandler(self.counter)

    def problem(self, problem: Problem) -> None:
        out.log(logging.ERROR if problem.level == "error" else logging.WARNING, "%s", problem)

    def failure(self, message: str) -> None:
        """A problem of the whole build, not of one post (the search index could not be made)."""
        out.error("perfblog: %s", message)

    def unreadable(self, source: str, problem: Problem) -> None:
        """A post Pelican cannot read: told here, located; Pelican's own line is dropped."""
        self.reads.sources.add(source)
        self.problem(problem)

    def finish(self, strict_setting: bool, fail: bool = True, watched: tuple[str, ...] = ()) -> None:
        """The verdict: raise ``BuildFailed`` when the build must fail (never under autoreload,
        where a file of ``watched`` saved during the build raises ``ChangedDuringBuild``)."""
        logging.getLogger().removeHandler(self.counter)
        strict = strict_setting or self.fatal_level <= logging.WARNING
        FatalLogger.fatal_lvl = self.fatal_level
        errors, warnings = self.counter.errors, self.counter.warnings
        reloading = autoreloading()
        if reloading:
            global _started_ns
            _started_ns = self.started
        changed = newer_than(self.started, watched) if reloading and not kept_watch().running else None
        if changed:
            raise ChangedDuringBuild(f"perfblog: {changed} changed during this build: building again")
        if not errors and not warnings:
            return
        summary = f"perfblog: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        if errors:
            summary += "; every other page was written"
        elif strict:
            summary += ": warnings fail this build; every page was written"
        if fail and (errors or strict) and not reloading:
            raise BuildFailed(summary)
        out.warning("%s", summary)


def autoreloading() -> bool:
    """Whether this build runs inside Pelican's autoreload loop (``pelican -r``)."""
    frame = sys._getframe(1)
    while frame is not None:
        code = frame.f_code
        if code.co_name == "autoreload" and code.co_filename.replace("\\", "/").endswith("pelican/__init__.py"):
            return True
        frame = frame.f_back
    return False


class KeptWatch:
    """``watchfiles`` as ``pelican.utils`` sees it, once ``kept_watch`` ran.

    Pelican's autoreload asks for a new watcher after every build, and the saves made
    while no watcher ran were lost. Here the first one is kept, and given again while
    the watched paths and ignored patterns stay the same: it goes on collecting saves
    while a build runs, and the next wait gets them at once. A new watcher, once running,
    looks for a file saved since the last build started (``Look``); a save both found is
    given once.
    """

    def __init__(self):
        self.key: tuple | None = None
        self.changes: Iterator[set] | None = None

    @property
    def running(self) -> bool:
        return self.changes is not None

    def __getattr__(self, name: str):
        return getattr(watchfiles, name)

    def watch(self, *paths, **options) -> Iterator[set]:
        ignored = getattr(options.get("watch_filter"), "ignore_file_patterns", None)
        key = (paths, repr(ignored))
        if key != self.key:
            if self.changes is not None:
                self.changes.close()
            self.key, self.changes = key, self._changes(paths, options)
        return self.changes

    def _changes(self, paths: tuple, options: dict) -> Iterator[set]:
        options.update(rust_timeout=WATCH_READY_MS, yield_on_timeout=True)
        look: Look | None = None
        told: tuple[str, int | None] | None = None  # the look's find, and its mtime then
        for index, changes in enumerate(watchfiles.watch(*paths, **options)):
            if told:  # the look's find may reach the watcher too: it is given once
                changes = {c for c in changes if c[1] != told[0] or _mtime(told[0]) != told[1]}
            if index == 0 and not changes:  # the watcher runs: was a save from before missed?
                look = Look(_started_ns, tuple(map(str, paths)))
            elif look and changes:  # the build these start reads every file anyway
                look.cancelled.set()
                look = None
            elif look and not look.is_alive():
                if look.found:
                    told = (look.found, _mtime(look.found))
                    changes = {(watchfiles.Change.modified, look.found)}
                look = None
            if changes:
                yield changes


class Look(threading.Thread):
    """``newer_than`` up to now, walked beside the watcher: saves come through while it walks
    (at 2,000 posts the walk takes about a second)."""

    def __init__(self, started_ns: int, roots: tuple[str, ...]):
        super().__init__(daemon=True)
        self.cancelled = threading.Event()
        self.found: str | None = None
        self.window = (started_ns, time.time_ns())
        self.roots = roots
        self.start()

    def run(self) -> None:
        self.found = newer_than(self.window[0], self.roots, self.window[1], self.cancelled)


def _mtime(path: str) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


def kept_watch() -> KeptWatch:
    """The session's watcher: Pelican's autoreload watches through it (set up once per process)."""
    if not isinstance(pelican.utils.watchfiles, KeptWatch):
        pelican.utils.watchfiles = KeptWatch()
    return pelican.utils.watchfiles


def newer_than(started_ns: int, roots: tuple[str, ...], until_ns: int | None = None,
               cancelled: threading.Event | None = None) -> str | None:
    """A file below ``roots`` modified after ``started_ns`` (and not after ``until_ns``), hidden
    folders skipped, or None; ``cancelled`` stops the walk between folders."""

    def newer(path: str) -> bool:
        mtime = os.stat(path).st_mtime_ns
        return mtime > started_ns and (until_ns is None or mtime <= until_ns)

    for root in roots:
        if os.path.isfile(root):
            if newer(root):
                return root
            continue
        for folder, dirs, files in os.walk(root):
            if cancelled and cancelled.is_set():
                return None
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in files:
                path = os.path.join(folder, name)
                try:
                    if newer(path):
                        return path
                except OSError:
                    continue
    return None
