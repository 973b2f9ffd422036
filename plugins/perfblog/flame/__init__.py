"""Flame graphs, diffs, hot functions and call trees of profiles, rendered at build time.

Layers, each its own module so they can be tested and replaced separately:
parsing (``folded``, ``perfscript``, one module per other format in ``formats/``,
and ``load``, the registry that detects and reads them all), computation (``tree``,
``diff``) and presentation (``svg``, ``render`` and the templates in ``templates/flame/``).
"""
