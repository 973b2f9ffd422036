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

import math
import re
from dataclasses import dataclass
from html.parser import HTMLParser

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


class _Counter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.unread_depth = 0
        self.code_depth = 0
        self.prose_words = 0
        self.code_words = 0
        self.code_text: list[str] = []  # one <pre>'s text: highlighting splits tokens across spans
        self.images = 0

    def handle_starttag(self, tag, attrs):
        if tag == "svg" and not self.unread_depth:
            self.images += 1
        if tag in UNREAD_TAGS:
            self.unread_depth += 1
        elif tag in CODE_TAGS:
            self.code_depth += 1
        elif tag == "img" and not self.unread_depth:
            self.images += 1

    def handle_startendtag(self, tag, attrs):
        if tag == "img" and not self.unread_depth:
            self.images += 1

    def handle_endtag(self, tag):
        if tag in UNREAD_TAGS and self.unread_depth:
            self.unread_depth -= 1
        elif tag in CODE_TAGS and self.code_depth:
            self.code_depth -= 1
            if not self.code_depth:
                self.code_words += len(CODE_WORD.findall("".join(self.code_text)))
                self.code_text.clear()

    def handle_data(self, data):
        if self.unread_depth:
            return
        if self.code_depth:
            self.code_text.append(data)
        else:
            self.prose_words += len(WORD.findall(data))


def image_seconds(count: int, rates: ReadingRates = ReadingRates()) -> float:
    """Medium's decreasing scale: 12 s, 11 s, ... down to a floor of 3 s each."""
    return sum(
        max(rates.first_image_seconds - i, rates.min_image_seconds) for i in range(count)
    )


def estimate(html: str, rates: ReadingRates = ReadingRates()) -> ReadingTime:
    """Estimate how long a reader needs for this rendered HTML."""
    counter = _Counter()
    html, figures = INLINE_SVG.subn("", html)
    counter.images += figures
    counter.feed(html)
    counter.close()
    seconds = (
        counter.prose_words / rates.prose_wpm * 60
        + counter.code_words / rates.code_wpm * 60
        + image_seconds(counter.images, rates)
    )
    return ReadingTime(counter.prose_words, counter.code_words, counter.images, seconds)


def from_metadata(value) -> ReadingTime | None:
    """An author's ``Reading_time:`` override in whole minutes, or None if absent."""
    if value in (None, ""):
        return None
    word = (str(value).strip().split() or [""])[0]
    if not word.isdigit() or int(word) < 1:
        raise ValueError(f"Reading_time must be a whole number of minutes, at least 1, not '{value}'")
    minutes = int(word)
    return ReadingTime(0, 0, 0, minutes * 60.0)
