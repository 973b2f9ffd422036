"""Reading time, estimated from the rendered article rather than its Markdown.

Rates (all overridable through settings, see ``ReadingRates``):

* Prose: 238 words per minute, the mean for silent reading of non-fiction in
  Brysbaert (2019), "How many words do we read per minute? A review and
  meta-analysis of reading rate", Journal of Memory and Language 109, 104047.
* Code: 120 words per minute, our own choice of half the prose rate: code is
  read token by token and re-read; there is no published norm to cite. A code
  "word" is a whitespace-separated token with a letter or digit in it, so
  tree-drawing characters and lone braces cost nothing.
* Images and figures (``<img>``, inline ``<svg>``): Medium's published method,
  12 seconds for the first, 11 for the second, one second less each time down
  to 3 seconds for the tenth and every one after it.

Text inside ``<svg>``, ``<script>``, ``<style>`` and ``<template>`` is not
counted: it is drawing, not reading.
"""

from __future__ import annotations

import html as html_module
import math
import re
from dataclasses import dataclass

WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*", re.UNICODE)
CODE_WORD = re.compile(r"\S*[^\W_]\S*")  # a token with a letter or digit: not "│", "├──" or "{"
UNREAD_TAGS = {"svg", "script", "style", "template", "math"}
#: Inline SVG figures (flame graphs: thousands of elements) are counted, not parsed.
INLINE_SVG = re.compile(r"<svg\b.*?</svg>", re.S | re.I)
CODE_TAGS = {"pre"}


@dataclass(frozen=True)
class ReadingRates:
    prose_wpm: float = 238.0
    code_wpm: float = 120.0
    first_image_seconds: float = 12.0
    min_image_seconds: float = 3.0


@dataclass(frozen=True)
class ReadingTime:
    prose_words: int
    code_words: int
    images: int
    seconds: float

    @property
    def minutes(self) -> int:
        """Whole minutes, rounded up, never below one."""
        return max(1, math.ceil(self.seconds / 60))

    @property
    def label(self) -> str:
        return f"{self.minutes} min read"


#: What html.parser would report as markup rather than text: comments, declarations, and tags
#: (quoted attribute values may hold ">").
MARKUP = re.compile(r"""<(?:!--.*?--|[!?][^>]*|/?[a-zA-Z][^\t\n\r\f />\x00]*(?:[^>"']|"[^"]*"|'[^']*')*)>""", re.S)
#: The tags that change what text counts as; anything else only separates text.
COUNTED_TAG = re.compile(r"""<(!--.*?--|/?(?:svg|script|style|template|math|pre|img)(?=[\s/>])(?:[^>"']|"[^"]*"|'[^']*')*)>""",
                         re.S | re.I)
#: <script> and <style> hold raw text up to their end tag, markup or not (html.parser's CDATA mode).
RAW_TEXT = re.compile(r"<(script|style)(?=[\s/>])(?:[^>\"']|\"[^\"]*\"|'[^']*')*>.*?</\1\s*>", re.S | re.I)


def _count(html: str) -> tuple[int, int, int]:
    """(prose words, code words, images), as an html.parser pass over the tags would count them,
    but in a few regex passes: html.parser's Python loop per tag was most of a post's cost.

    Text between two tags is what html.parser hands over in one piece, so other tags become
    spaces in prose (a word never spans them) and vanish in code (highlighting splits tokens).
    """
    prose = code = images = unread = code_depth = 0
    code_text: list[str] = []
    parts = COUNTED_TAG.split(RAW_TEXT.sub("<script></script>", html))
    for i, part in enumerate(parts):
        if i % 2 == 0:  # text, with uncounted tags in it
            if unread or not part:
                continue
            if code_depth:
                code_text.append(_text(MARKUP.sub("", part)))
            else:
                prose += len(WORD.findall(_text(MARKUP.sub(" ", part))))
            continue
        if part.startswith("!--"):
            continue
        closing = part.startswith("/")
        name = re.match(r"/?([a-zA-Z]+)", part)[1].lower()
        self_closing = not closing and part.endswith("/")
        if closing:
            if name in UNREAD_TAGS and unread:
                unread -= 1
            elif name in CODE_TAGS and code_depth:
                code_depth -= 1
                if not code_depth:
                    code += len(CODE_WORD.findall("".join(code_text)))
                    code_text.clear()
        elif name == "img":
            images += not unread
        elif self_closing:
            continue
        elif name in UNREAD_TAGS:
            images += name == "svg" and not unread
            unread += 1
        else:
            code_depth += 1
    return prose, code, images


def _text(data: str) -> str:
    """Character references resolved, as html.parser's convert_charrefs does."""
    return html_module.unescape(data) if "&" in data else data


def image_seconds(count: int, rates: ReadingRates = ReadingRates()) -> float:
    """Medium's decreasing scale: 12 s, 11 s, ... down to a floor of 3 s each."""
    return sum(
        max(rates.first_image_seconds - i, rates.min_image_seconds) for i in range(count)
    )


def estimate(html: str, rates: ReadingRates = ReadingRates()) -> ReadingTime:
    """Estimate how long a reader needs for this rendered HTML."""
    html, figures = INLINE_SVG.subn("", html)
    prose, code, images = _count(html)
    images += figures
    seconds = prose / rates.prose_wpm * 60 + code / rates.code_wpm * 60 + image_seconds(images, rates)
    return ReadingTime(prose, code, images, seconds)


def from_metadata(value) -> ReadingTime | None:
    """An author's ``Reading_time:`` override in whole minutes, or None if absent."""
    if value in (None, ""):
        return None
    word = (str(value).strip().split() or [""])[0]
    if not word.isdigit() or int(word) < 1:
        raise ValueError(f"Reading_time must be a whole number of minutes, at least 1, not '{value}'")
    minutes = int(word)
    return ReadingTime(0, 0, 0, minutes * 60.0)
