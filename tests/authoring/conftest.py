"""A tiny site in a temporary folder, and the ``perfblog`` command run inside it."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from perfblog import cli

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "authoring"
REAL_FEATURES = ["perfblog.benchdata.render", "perfblog.flame.render"]

# The project's own settings, with the theme found from anywhere and the test renderers.
SETTINGS = """\
exec(open({conf!r}, encoding="utf-8").read())
THEME = {theme!r}
PERFBLOG_FEATURES = {features!r}
"""


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


@dataclass
class Site:
    root: Path
    capsys: pytest.CaptureFixture

    @property
    def content(self) -> Path:
        return self.root / "content"

    def post(self, folder: str, body: str = "Some prose.\n", **meta: str) -> Path:
        """Write ``content/posts/<folder>/index.md`` with a valid header (``meta`` overrides it)."""
        fields = {"title": folder.replace("-", " ").title(), "date": "2026-11-01 10:00",
                  "slug": folder, "summary": "A test post.", **meta}
        header = "".join(f"{k.capitalize()}: {v}\n" for k, v in fields.items() if v is not None)
        path = self.content / "posts" / folder / "index.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(header + "\n" + textwrap.dedent(body), encoding="utf-8")
        return path

    def run(self, *argv: str) -> Result:
        """``perfblog <argv>`` in-process, from the site's folder."""
        self.capsys.readouterr()
        code = cli.main(list(argv))
        captured = self.capsys.readouterr()
        return Result(code, captured.out, captured.err)


def make_site(root: Path, features=("features_for_tests",)) -> Path:
    (root / "content" / "posts").mkdir(parents=True)
    (root / "content" / "pages").mkdir()
    (root / "pelicanconf.py").write_text(
        SETTINGS.format(conf=str(ROOT / "pelicanconf.py"), theme=str(ROOT / "theme"), features=list(features)),
        encoding="utf-8",
    )
    return root


@pytest.fixture
def site(tmp_path, monkeypatch, capsys) -> Site:
    root = make_site(tmp_path / "site")
    monkeypatch.chdir(root)
    return Site(root, capsys)


@pytest.fixture
def real_site(tmp_path, monkeypatch, capsys) -> Site:
    """The same, rendering blocks with the real benchmark and flame-graph features."""
    for module in REAL_FEATURES:
        pytest.importorskip(module)
    root = make_site(tmp_path / "site", REAL_FEATURES)
    monkeypatch.chdir(root)
    return Site(root, capsys)
