"""Small HTML fixes that make Markdown output readable on a phone and by keyboard.

* A table scrolls inside its own focusable box instead of widening the page;
  each box is a landmark region, so each gets a name unique on the page.
* A ``<pre>`` gets ``tabindex="0"`` so keyboard users can scroll long lines.
* Every block's figure gets a permalink (its ``#id``), shown on hover and focus.
"""

from __future__ import annotations

import itertools
import re

BARE_TABLE = re.compile(r"<table>(.*?)</table>", re.S)  # Markdown tables: no attributes
PRE_WITHOUT_TABINDEX = re.compile(r"<pre(?![^>]*\btabindex=)(?=[\s>])")
BLOCK_FIGURE = re.compile(r'(<figure class="pb-figure[^"]*" id="(?P<id>[^"]+)"[^>]*>)')


def polish(html: str) -> str:
    number = itertools.count(1)
    html = BARE_TABLE.sub(
        lambda m: f'<div class="pb-scroll" tabindex="0" role="region" aria-label="Table {next(number)}">'
        f"<table>{m[1]}</table></div>",
        html,
    )
    html = BLOCK_FIGURE.sub(
        lambda m: f'{m[1]}<a class="pb-permalink" href="#{m["id"]}" aria-label="Link to this figure"></a>', html)
    return PRE_WITHOUT_TABINDEX.sub('<pre tabindex="0"', html)
