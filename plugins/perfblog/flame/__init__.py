"""Flame graphs, call trees and before/after images, rendered at build time.

Layers, each its own module so they can be tested and replaced separately:
parsing (``folded``, ``perfscript``, ``load``, ``images``), computation (``tree``,
``diff``) and presentation (``svg``, ``render``, ``media`` and the templates in
``templates/flame/``).
"""
