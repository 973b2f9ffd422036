"""Benchmark results as data: tool output in, honest comparisons out.

Layers, each knowing only the one below:

* ``adapters`` — one module per tool format, all producing ``record.Measurement``;
* ``units``, ``stats``, ``compare`` — base units, Welch's test, verdicts and journeys;
* ``format``, ``tables``, ``chart`` — numbers, words and bar geometry for people;
* ``sources`` — block options to measurements; ``render``/``environment`` — the
  block kinds (``KINDS``: declared options and renderers) and the rule for a
  post's headline (``headline``).
"""

from .render import KINDS, headline

__all__ = ["KINDS", "headline"]
