"""Pelican glue: signals in, the framework and the features below do the work.

* ``plugin`` — ``register()`` and the order of events in one build;
* ``report`` — every problem told once, located; the build's verdict at the end;
* ``posts`` — which files are posts, their metadata lines, post-level problems;
* ``preview`` — ``pelican -r`` writes the edited post first;
* ``polish``, ``readingtime``, ``svgpublish`` — what the glue does to every page;
* ``codecss`` — the Pygments stylesheet of the theme.
"""
