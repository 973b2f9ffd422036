"""Build a Pelican site in-process and keep what the tests look at: output and log."""

from __future__ import annotations

import logging
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class BuiltSite:
    output: Path
    records: list[logging.LogRecord] = field(default_factory=list)
    error: Exception | None = None

    def html(self, relative: str) -> BeautifulSoup:
        return BeautifulSoup((self.output / relative).read_text(encoding="utf-8"), "html.parser")

    def pages(self) -> list[Path]:
        return sorted(self.output.rglob("*.html"))

    def problems(self, level=logging.WARNING) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno >= level]


class _Keep(logging.Handler):
    def __init__(self, records):
        super().__init__(logging.DEBUG)
        self.records = records

    def emit(self, record):
        self.records.append(record)


@contextmanager
def _environment(env: dict[str, str] | None):
    saved = {k: os.environ.get(k) for k in (env or {})}
    os.environ.update(env or {})
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextmanager
def _cwd(path: Path):
    old = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def build_site(
    settings_file: Path,
    output: Path,
    *,
    env: dict[str, str] | None = None,
    overrides: dict | None = None,
    cwd: Path = ROOT,
) -> BuiltSite:
    """Run Pelican like the command line does, but in-process and into ``output``."""
    site = BuiltSite(output)
    handler = _Keep(site.records)
    root = logging.getLogger()
    root.addHandler(handler)
    previous_level = root.level
    root.setLevel(logging.INFO)
    try:
        with _environment(env), _cwd(cwd):
            settings = read_settings(
                str(settings_file),
                override={"OUTPUT_PATH": str(output), "CACHE_PATH": str(output.parent / (output.name + "-cache")), **(overrides or {})},
            )
            try:
                Pelican(settings).run()
            except Exception as error:  # the build's own verdict, asserted by tests
                site.error = error
    finally:
        root.removeHandler(handler)
        root.setLevel(previous_level)
    return site
