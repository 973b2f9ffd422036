"""``go test ./... -bench``: one file, several packages.

Each ``pkg:`` section is read by the ``go`` adapter on its own, and every
benchmark is named ``package.BenchmarkName``, as benchstat tells packages
apart, so ``BenchmarkSum`` of two packages are two benchmarks.
"""

from __future__ import annotations

import dataclasses

from ..record import Measurement
from . import gotest
from ._common import Source, non_empty


def _sections(src: Source) -> list[tuple[str, int, str]]:
    """(package, first line, text) of each ``pkg:`` section."""
    sections: list[tuple[str, int, list[str]]] = []
    for line, text in src.lines():
        if text.startswith("pkg: "):
            sections.append((text[5:].strip(), line, []))
        if sections:
            sections[-1][2].append(text)
    return [(pkg, line, "\n".join(lines)) for pkg, line, lines in sections]


def detect(src: Source) -> bool:
    return gotest.detect(src) and len({pkg for pkg, _, _ in _sections(src)}) > 1


def load(src: Source) -> list[Measurement]:
    found = []
    for pkg, line, text in _sections(src):
        section = Source(src.name, inline=text, first_line=src.first_line + line - 1)
        if gotest.detect(section):  # a package without benchmarks prints only its header
            found.extend(dataclasses.replace(m, bench_id=f"{pkg}.{m.bench_id}", group=f"{pkg}.{m.group}")
                         for m in gotest.load(section))
    return non_empty(found, src)
