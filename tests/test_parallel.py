"""The parallel build is the serial build, byte for byte: pages, files, and what it prints.

Both are the real ``make publish``; only ``PERFBLOG_WORKERS`` differs (1: no pool).
"""

from __future__ import annotations

import filecmp
import re
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "badinput"))

from badinput_cases import CASES, HEALTHY  # noqa: E402
from badinput_site import Build, SITEURL, VENV, run, scratch_site  # noqa: E402
from sitebuild import ROOT  # noqa: E402

TIMING = re.compile(r"in \d+\.\d+ seconds")  # Pelican's "Done: ... in 1.23 seconds."
CLOCK = re.compile(r"^\[\d\d:\d\d:\d\d\]")  # rich prints the time when it changed since the last line


def publish(site: Path, workers: int) -> Build:
    return run(["make", "-o", f"{VENV}/bin/.installed", "publish", f"VENV={VENV}",
                f"PELICANOPTS=-e PERFBLOG_WORKERS={workers}"], site)


def tree(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def assert_same_site(serial: Build, parallel: Build) -> None:
    one, two = serial.site / "output", parallel.site / "output"
    assert tree(one) == tree(two)
    differ = [name for name in tree(one) if (one / name).is_file() and not filecmp.cmp(one / name, two / name, False)]
    assert not differ, f"pages differ between the serial and the parallel build: {differ[:5]}"


def printed(build: Build) -> list[str]:
    """What the build printed, but the command make echoes and the time it took."""
    return [" ".join(TIMING.sub("in … seconds", CLOCK.sub("", line.replace(str(build.site), "SITE"))).split())
            for line in build.lines if "PERFBLOG_WORKERS=" not in line]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The bad-input corpus's shared build (dozens of broken posts and a healthy one), made twice."""
    builds = {}
    for workers in (1, 2):
        site = scratch_site(tmp_path_factory.mktemp(f"parallel-{workers}") / "site")
        for case in (HEALTHY, *(c for c in CASES if c.build == "shared")):
            case.write(site / "content" / "posts")
        builds[workers] = publish(site, workers)
    return builds


def test_broken_posts_are_told_alike(corpus):
    """Alike, not in the same order: Pelican reads a post folder's files in the order of a set of
    strings, which changes from one process to the next, in a serial build too."""
    serial, parallel = corpus[1], corpus[2]
    assert serial.code == parallel.code != 0
    assert sorted(printed(parallel)) == sorted(printed(serial))
    assert sum("index.md:" in line for line in serial.lines) > 20  # the corpus really was told


def test_broken_posts_leave_the_same_site(corpus):
    assert_same_site(corpus[1], corpus[2])


def test_the_example_site_is_byte_identical(tmp_path):
    builds = []
    for workers in (1, 2):
        site = scratch_site(tmp_path / f"site-{workers}")
        shutil.rmtree(site / "content")
        shutil.copytree(ROOT / "content", site / "content")
        builds.append(publish(site, workers))
        assert builds[-1].code == 0, "\n".join(builds[-1].lines[-10:])
    assert_same_site(*builds)
    assert sorted(printed(builds[0])) == sorted(printed(builds[1]))
    assert SITEURL in (builds[1].site / "output" / "index.html").read_text(encoding="utf-8")


# --- the pool itself ---------------------------------------------------------------

def test_work_runs_in_other_processes_and_comes_back_in_order():
    import os

    from perfblog.glue import parallel

    import time

    def task(n):
        time.sleep(0.02)  # long enough for the worker to start before the build process has taken all
        return n * n, os.getpid()

    settings = {"PERFBLOG_WORKERS": 2}
    results = list(parallel.run_all(task, list(range(40)), settings))
    assert [square for square, _ in results] == [n * n for n in range(40)]
    assert results[0][1] == os.getpid()  # the first is done here: what all need is loaded once, then shared
    assert len({pid for _, pid in results[1:]} - {os.getpid()}) == 1  # and one worker: 2 processes, 2 cores


def test_the_build_process_takes_the_last_items_while_it_waits(tmp_path):
    import os
    import time

    from perfblog.glue import parallel

    def task(n):
        time.sleep(0.02)
        return os.getpid()

    pids = list(parallel.run_all(task, list(range(60)), {"PERFBLOG_WORKERS": 2}))
    here = [i for i, pid in enumerate(pids) if pid == os.getpid()]
    assert here[0] == 0 and here[-1] == 59 and len(here) < 60  # the first, the last, not all
    assert here[1:] == list(range(here[1], 60))  # taken from the back, one after another


def test_the_same_message_twice_is_told_once_as_in_a_serial_build(caplog):
    import logging

    import pelican.log  # noqa: F401 - Pelican's logger class, with its "once" filter
    from perfblog.glue import parallel

    def task(n):
        logging.getLogger("perfblog.test.once").warning("the same for every post")
        return n

    with caplog.at_level(logging.WARNING):
        assert list(parallel.run_all(task, list(range(12)), {"PERFBLOG_WORKERS": 2})) == list(range(12))
    assert [r.getMessage() for r in caplog.records if r.name == "perfblog.test.once"] == ["the same for every post"]


def test_the_first_task_failing_here_is_redone_and_its_log_dropped(caplog):
    import logging

    from perfblog.glue import parallel

    def task(n):
        logging.getLogger("perfblog.test").warning("post %d started", n)
        if n == 0:
            raise ValueError("broken post")
        return n

    with caplog.at_level(logging.WARNING):
        results = list(parallel.run_all(task, list(range(4)), {"PERFBLOG_WORKERS": 2}))
    assert results == [parallel.REDO, 1, 2, 3]
    assert [r.getMessage() for r in caplog.records if r.name == "perfblog.test"] == [
        f"post {n} started" for n in (1, 2, 3)]  # the redo in the build process tells post 0


def test_a_failed_task_is_given_back_to_be_redone_here():
    from perfblog.glue import parallel

    def task(n):
        if n == 3:
            raise ValueError("broken post")
        return n

    results = list(parallel.run_all(task, list(range(6)), {"PERFBLOG_WORKERS": 2}))
    assert results[3] is parallel.REDO
    assert [r for i, r in enumerate(results) if i != 3] == [0, 1, 2, 4, 5]


def test_what_a_worker_logs_is_logged_here_in_order_and_settings_come_back_as_ours(caplog):
    import logging

    from perfblog.glue import parallel

    settings = {"PERFBLOG_WORKERS": 2, "SITENAME": "x"}

    def task(n):
        logging.getLogger("perfblog.test").warning("post %d says %s", n, "hello")
        return {"settings": settings}

    with caplog.at_level(logging.WARNING):
        results = list(parallel.run_all(task, list(range(5)), settings))
    assert [r.getMessage() for r in caplog.records if r.name == "perfblog.test"] == [
        f"post {n} says hello" for n in range(5)]
    assert all(r["settings"] is settings for r in results)


def test_one_worker_means_no_pool():
    import os

    from perfblog.glue import parallel

    assert {pid for pid in parallel.run_all(lambda _: os.getpid(), [1, 2, 3], {"PERFBLOG_WORKERS": 1})} == {os.getpid()}
