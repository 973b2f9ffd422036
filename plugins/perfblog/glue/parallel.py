"""One post at a time, on every core: a pool of processes forked from the build.

Two parts of a build are a function of one post each: reading its Markdown
(``posts.ReadAhead``, Pelican's own work) and rendering its blocks, polishing its HTML
and estimating its reading time (``plugin.process_all``). Both run here, in
worker processes forked at the moment the work is known, so that a worker
starts with everything the build holds (settings, block kinds, block cache,
the posts read so far) and only results travel back.

A serial build is the reference, byte for byte:

* results are consumed in the serial order, and what a worker logged is
  logged again by the build process at that point, through the same loggers;
* a task that raised in a worker, or whose result cannot travel, is done again
  in the build process, so its error is raised and told exactly as a serial
  build tells it (with the post's file and line);
* Pelican's ``Tag``, ``Category`` and ``Author`` objects hold the settings: a
  result refers to them by name and comes back holding the build's own dict.

``PERFBLOG_WORKERS`` sets the pool's size (0: one per core); 1 turns it off.
"""

from __future__ import annotations

import io
import logging
import multiprocessing
import os
import pickle
import traceback
from typing import Any, Callable, Iterator, Sequence

from .report import out

#: A result a worker could not give: the build process does the task itself.
REDO = object()
_SETTINGS = "settings"

_work: tuple[Callable[[Any], Any], Sequence[Any], dict] | None = None  # what forked workers run
_records: list[logging.LogRecord] = []  # a worker's log records of the current task
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
    """
    if not pooled(settings, items):
        yield from map(function, items)
        return
    yield _first(function, items[0])
    count = _pool_size(settings, items[1:])
    global _work
    _work = (function, items, settings)
    try:
        with multiprocessing.get_context("fork").Pool(count, initializer=_start_worker) as pool:
            _work = None  # the workers have their copy; the build process keeps none
            chunk = max(1, min(8, len(items) // (count * 8)))
            for payload in pool.imap(_task, range(1, len(items)), chunksize=chunk):
                yield _received(payload, settings)
    finally:
        _work = None


def _first(function: Callable[[Any], Any], item: Any) -> Any:
    """The first item, done here before the pool forks: what every item needs (numpy, compiled
    templates, lexers) is then loaded once, in pages the workers share, not once per worker.
    Its log records wait for its result, as a worker's do; if it raises, they are dropped and it
    is done again when its result is taken, as a worker's failure is."""
    handlers = logging.Logger.callHandlers
    logging.Logger.callHandlers = _keep
    try:
        result = function(item)
    except Exception:  # noqa: BLE001 - told where a serial build tells it, see the docstring
        return REDO
    finally:
        logging.Logger.callHandlers = handlers
        records = list(_records)
        _records.clear()
    _replay(records, filtered=True)
    return result


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
        else:
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


def _task(index: int) -> bytes | None:
    function, items, settings = _work
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
