"""One post at a time, on every core: a pool of processes forked from the build.

Two parts of a build are a function of one post each: reading its Markdown
(``posts.ReadAhead``, Pelican's own work) and rendering its blocks, polishing its HTML
and estimating its reading time (``plugin.process_all``). Both run here: in the
build process and in worker processes forked at the moment the work is known, so
that a worker starts with everything the build holds (settings, block kinds, block
cache, the posts read so far) and only results travel back.

A serial build is the reference, byte for byte:

* results are consumed in the serial order, and what a worker logged is
  logged again by the build process at that point, through the same loggers;
* a task that raised in a worker, or whose result cannot travel, is done again
  in the build process, so its error is raised and told exactly as a serial
  build tells it (with the post's file and line);
* Pelican's ``Tag``, ``Category`` and ``Author`` objects hold the settings: a
  result refers to them by name and comes back holding the build's own dict.

``PERFBLOG_WORKERS`` sets how many processes share the work, this one included
(0: one per core); 1 turns the pool off.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import gc
import io
import logging
import multiprocessing
import os
import pickle
import traceback
from typing import Any, Callable, Iterator, Sequence

from pelican.log import FilteredMessage

from .report import out

#: A result a worker could not give: the build process does the task itself.
REDO = object()
#: A worker's answer for an item the build process took.
SKIPPED = b""
_SETTINGS = "settings"

_work: tuple[Callable[[Any], Any], Sequence[Any], dict, "_Ends"] | None = None  # what forked workers run
_records: list[logging.LogRecord] = []  # the log records of the task being done, held back by _keep
_in_worker = False


def in_worker() -> bool:
    """Whether this process is one of the pool's workers (whose state is thrown away after)."""
    return _in_worker


def workers(settings: dict) -> int:
    """How many processes share the work: ``PERFBLOG_WORKERS``, or one per usable core."""
    asked = int(settings.get("PERFBLOG_WORKERS") or 0)
    return asked if asked > 0 else len(os.sched_getaffinity(0))


def _pool_size(settings: dict, items: Sequence[Any]) -> int:
    return min(workers(settings), len(items))


def pooled(settings: dict, items: Sequence[Any]) -> bool:
    """Whether ``run_all`` shares these items out: more than one worker, and work for each."""
    return _pool_size(settings, items) > 1


def run_all(function: Callable[[Any], Any], items: Sequence[Any], settings: dict) -> Iterator[Any]:
    """``function(item)`` for each item, in order, each either its result or ``REDO``.

    Without a pool (see ``pooled``) each is done here, when asked for, and raises here.
    With one, this process works too: forked workers take items from the front, and
    whenever the next result is not ready this process takes the last item nobody has
    taken. One process per core in all, so no core is shared by two busy processes and
    one worker's memory is saved.
    """
    if not pooled(settings, items):
        yield from map(function, items)
        return
    yield _here(function, items[0]).given()
    global _work
    ends = _Ends(multiprocessing.get_context("fork"), len(items))
    _work = (function, items, settings, ends)
    workers = _pool_size(settings, items) - 1
    gc.freeze()  # the garbage collector would write to every object: each worker's pages, copied
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=_start_worker) as pool:
            _work = None  # the workers have their copy; the build process keeps none
            size = max(1, min(8, len(items) // (workers * 16)))
            chunks = pool.imap(_tasks, [range(i, min(i + size, len(items))) for i in range(1, len(items), size)])
            payloads: collections.deque = collections.deque()
            done: dict[int, _Done] = {}
            for index in range(1, len(items)):
                if not payloads:
                    payloads.extend(_next(chunks, lambda: _steal(function, items, ends, done)))
                payload = payloads.popleft()
                yield done.pop(index).given() if index in done else _received(payload, settings)
    finally:
        _work = None
        gc.unfreeze()


def _next(chunks, steal: Callable[[], bool]) -> list[bytes | None]:
    """The pool's next chunk of payloads; while it is not ready, ``steal`` work until there is none."""
    while True:
        try:
            return chunks.next(timeout=0)
        except multiprocessing.TimeoutError:
            if not steal():
                return chunks.next()


def _steal(function: Callable[[Any], Any], items: Sequence[Any], ends: "_Ends", done: dict) -> bool:
    index = ends.take_back()
    if index is None:
        return False
    done[index] = _here(function, items[index])
    return True


class _Ends:
    """Which items are taken: workers from the front, the build process from the back."""

    def __init__(self, context, count: int):
        self.lock = context.Lock()
        self.front = context.RawValue("q", 0)  # the highest index a worker took
        self.back = context.RawValue("q", count)  # the lowest index the build process took

    def take_front(self, index: int) -> bool:
        with self.lock:
            if index >= self.back.value:
                return False
            self.front.value = max(self.front.value, index)
            return True

    def take_back(self) -> int | None:
        with self.lock:
            index = self.back.value - 1
            if index <= self.front.value:
                return None
            self.back.value = index
            return index


@dataclasses.dataclass
class _Done:
    """An item done in the build process ahead of its turn: its result, and its log records,
    told when the result is given, where a serial build tells them."""

    result: Any
    records: list[logging.LogRecord]

    def given(self) -> Any:
        _replay(self.records, filtered=True)
        return self.result


def _here(function: Callable[[Any], Any], item: Any) -> _Done:
    """An item done in this process, as a worker does it: its log records wait for its result;
    if it raises, they are dropped and it is done again when its result is taken (``REDO``).

    The first item is done so before the pool forks: what every item needs (numpy, compiled
    templates, lexers) is then loaded once, in pages the workers share, not once per worker.
    """
    handlers = logging.Logger.callHandlers
    logging.Logger.callHandlers = _keep
    try:
        result = function(item)
    except Exception:  # noqa: BLE001 - told where a serial build tells it, see the docstring
        result = REDO
    finally:
        logging.Logger.callHandlers = handlers
        records = list(_records)
        _records.clear()
    return _Done(result, [] if result is REDO else records)


def _received(payload: bytes | None, settings: dict) -> Any:
    if payload is None:
        return REDO
    unpickler = pickle.Unpickler(io.BytesIO(payload))
    unpickler.persistent_load = lambda name: settings
    result, records = unpickler.load()
    _replay(records)
    return result


def _replay(records: list[logging.LogRecord], filtered: bool = False) -> None:
    """Log again, through the same loggers, what ``_keep`` held back; records that already passed
    this process's filters (``filtered``) go straight to the handlers, as they would have."""
    for record in records:
        logger = out if record.__dict__.pop("perfblog_out", False) else logging.getLogger(record.name)
        if filtered:
            logger.callHandlers(record)
            continue
        with contextlib.suppress(FilteredMessage):  # Pelican's "once" filter: a repeat, as in a serial build
            logger.handle(record)


def _keep(logger: logging.Logger, record: logging.LogRecord) -> None:
    """In place of ``Logger.callHandlers``: a record that passed its logger's filters is held back."""
    record.msg, record.args = record.getMessage(), None
    if record.exc_info:
        record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        record.exc_info = None
    record.perfblog_out = logger is out
    _records.append(record)


# --- in a worker -----------------------------------------------------------------------

def _start_worker() -> None:
    """Records that pass their loggers' filters are kept for the build process, not printed."""
    global _in_worker
    _in_worker = True
    logging.Logger.callHandlers = _keep


def _tasks(indices: range) -> list[bytes | None]:
    return [_task(index) for index in indices]


def _task(index: int) -> bytes | None:
    function, items, settings, ends = _work
    if not ends.take_front(index):
        return SKIPPED
    _records.clear()
    try:
        result = function(items[index])
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.persistent_id = lambda obj: _SETTINGS if obj is settings else None
        pickler.dump((result, list(_records)))
        return buffer.getvalue()
    except Exception:  # noqa: BLE001 - the build process does it again and tells it as a serial build
        return None
    finally:
        _records.clear()
