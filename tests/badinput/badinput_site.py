"""A scratch copy of the project, built with the real commands, and what the tests read back.

The copy holds the project's own Makefile and settings (so ``make publish`` is
exactly what a user runs), links to the live ``plugins/`` and ``theme/``, and
a ``content/`` folder the test fills. The build runs in a subprocess, as on a
user's machine: its exit code and its printed output are the whole verdict.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

from sitebuild import ROOT

FIXTURES = ROOT / "tests" / "fixtures"
VENV = Path(sys.executable).parent.parent
SITEURL = "https://example.org/blog"
TIMEOUT = 120  # seconds: a build blocked on a FIFO fails the test instead of hanging the suite
#: Tracebacks as Python and as rich (Pelican's console) print them.
TRACEBACK = re.compile(r'Traceback \(most recent call last\)|File "/[^"]*\.py", line|\.py:\d+ in \S')


@dataclass(frozen=True)
class Build:
    """One finished build: its exit code, everything it printed, and the site it built."""

    code: int
    out: str
    site: Path

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()

    def mentioning(self, text: str) -> list[str]:
        return [line for line in self.lines if text in line]

    def page(self, relative: str) -> Path:
        return self.site / "output" / relative


def scratch_site(root: Path, settings: str = "") -> Path:
    """The project as a user has it, without its posts; ``settings`` is appended to publishconf.py."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("Makefile", "pelicanconf.py", "publishconf.py", "pyproject.toml"):
        shutil.copy(ROOT / name, root / name)
    with open(root / "publishconf.py", "a", encoding="utf-8") as conf:
        conf.write(settings)
    for name in ("plugins", "theme"):
        (root / name).symlink_to(ROOT / name)
    (root / "content" / "posts").mkdir(parents=True, exist_ok=True)
    return root


def run(argv: list[str], site: Path) -> Build:
    """Run a command in ``site`` as a user would, with the production SITEURL.

    COLUMNS keeps rich (Pelican's log handler) from wrapping a long problem line.
    The command runs in its own process group, so a timeout ends make *and* pelican.
    """
    env = {**os.environ, "SITEURL": SITEURL, "COLUMNS": "4000"}
    env.pop("FORCE_COLOR", None)  # plain text, whatever the caller's terminal wants
    with subprocess.Popen(argv, cwd=site, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, start_new_session=True) as process:
        try:
            out, _ = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            out, _ = process.communicate()
            out += f"\n[test] the build was still running after {TIMEOUT} s and was killed\n"
    return Build(process.returncode, out, site)


def make_publish(site: Path) -> Build:
    """``make publish`` with the already installed venv, as tests/test_deploy.py runs ``make github``.

    ``-o`` keeps make from re-running pip for the copied pyproject.toml, which is newer than the venv.
    """
    return run(["make", "-o", f"{VENV}/bin/.installed", "publish", f"VENV={VENV}"], site)


def squeezed(lines: list[str]) -> str:
    """Log lines as a person reads them: without rich's padding to the (very wide) terminal."""
    return "\n".join(re.sub(r"\s{2,}", "  ", line.strip()) for line in lines)


def assert_written(build: Build, relative: str, *selectors: str) -> None:
    """The page was written and shows each of ``selectors`` (CSS), and no block's error box."""
    page = build.page(relative)
    assert page.is_file(), f"{relative} was not written:\n{squeezed(build.lines[-5:])}"
    html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    missing = [selector for selector in selectors if html.select_one(selector) is None]
    assert not missing, f"{relative} lacks {missing}"
    assert html.select_one(".pb-error") is None, f"{relative} shows an error box"


def assert_no_traceback(build: Build) -> None:
    found = [line for line in build.lines if TRACEBACK.search(line)]
    assert not found, "a traceback was printed:\n" + squeezed(found)


def assert_told_once(build: Build, post: str, line: int, says: str, level: str = "ERROR") -> None:
    """The problem of ``content/posts/<post>/index.md`` is printed once, at ``line``, saying ``says``.

    No other line of the output may mention the post: a second report of the same
    problem, or a problem somewhere else in it, would show up here.
    """
    assert build.code > 0, f"the build {'passed' if build.code == 0 else 'was killed'}:\n{squeezed(build.lines[-5:])}"
    located = f"content/posts/{post}/index.md:{line}:"
    about = build.mentioning(f"posts/{post}/")
    told = build.mentioning(located)
    assert len(told) == 1 and about == told, f"expected one line with {located}, got:\n{squeezed(about)}"
    assert says in told[0], f"expected {says!r} in:\n{squeezed(told)}"
    assert re.search(rf"\b{level}\b", told[0].split(located)[0]), f"expected {level}:\n{squeezed(told)}"
    assert_no_traceback(build)


def pelican_fatal(site: Path) -> Build:
    """Pelican's own command line with its own strict switch, no Makefile in between."""
    return run([f"{VENV}/bin/pelican", "content", "-s", "publishconf.py", "--fatal", "warnings"], site)
