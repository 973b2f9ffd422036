"""Small HTML fixes that make Markdown output readable on a phone and by keyboard.

* A table scrolls inside its own focusable box instead of widening the page.
* A ``<pre>`` gets ``tabindex="0"`` so keyboard users can scroll long lines.
"""

from __future__ import annotations

import re

BARE_TABLE = re.compile(r"(?<!<div class=\"pb-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Table\">)<table>(.*?)</table>", re.S)
PRE_WITHOUT_TABINDEX = re.compile(r"<pre(?![^>]*\btabindex=)(?=[\s>])")


def polish(html: str) -> str:
    html = BARE_TABLE.sub(
        r'<div class="pb-scroll" tabindex="0" role="region" aria-label="Table"><table>\1</table></div>', html
    )
    return PRE_WITHOUT_TABINDEX.sub('<pre tabindex="0"', html)
