"""The Jinja environment that block renderers draw their HTML with.

Templates are looked up in the site theme's ``templates/`` first, then in the
plugin's own ``templates/``, so a theme can override any block's markup
without touching Python. Autoescaping is always on: everything in a block
comes from data files.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Callable

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

PLUGIN_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@lru_cache(maxsize=8)
def _environment(theme: str) -> Environment:
    return Environment(
        loader=ChoiceLoader(
            [FileSystemLoader(str(Path(theme) / "templates")), FileSystemLoader(str(PLUGIN_TEMPLATES))]
        ),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def fresh_environments() -> None:
    """Forget compiled templates: a template added to the theme since then now overrides the plugin's."""
    _environment.cache_clear()


def block_template_renderer(settings) -> Callable[..., str]:
    env = _environment(str(settings.get("THEME", "")))

    def render(name: str, **variables) -> str:
        return env.get_template(name).render(**variables)

    return render
