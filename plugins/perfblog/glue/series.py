"""Series: posts that share a ``Series:`` line are parts of one journey.

``Series: Faster JSON parsing`` (and optionally ``Series_part: 2``; otherwise parts
are ordered by date) gives each part ``article.series`` for the theme's part
navigation, and the series its own page at ``SERIES_URL`` listing the parts
with their headline results.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pelican.generators import Generator, PelicanTemplateNotFound
from pelican.utils import slugify

from ..blocks import Problem
from .posts import header_line, shown

DEFAULTS = {"SERIES_URL": "series/{slug}/", "SERIES_SAVE_AS": "series/{slug}/index.html"}


@dataclass
class Series:
    name: str
    slug: str
    url: str
    save_as: str
    parts: list = field(default_factory=list)

    def index_of(self, post) -> int:
        return self.parts.index(post)


def _part(post) -> tuple:
    """Order within a series: the author's Series_part, then the date."""
    number = post.metadata.get("series_part")
    return (int(number) if str(number or "").isdigit() else float("inf"), post.date, post.source_path)


def group(articles, settings, report) -> dict[str, Series]:
    """The series of the published posts, each post given ``.series``; duplicate part numbers told."""
    found: dict[str, Series] = {}
    for post in articles:
        name = str(post.metadata.get("series") or "").strip()
        post.series = None
        if not name:
            continue
        slug = slugify(name, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []))
        series = found.setdefault(slug, Series(name, slug, settings["SERIES_URL"].format(slug=slug),
                                               settings["SERIES_SAVE_AS"].format(slug=slug)))
        series.parts.append(post)
    for series in found.values():
        series.parts.sort(key=_part)
        numbers = [p.metadata.get("series_part") for p in series.parts if p.metadata.get("series_part")]
        for post in series.parts:
            post.series = series
            number = post.metadata.get("series_part")
            if number and numbers.count(number) > 1:
                report.problem(Problem(shown(post.source_path), header_line(post.source_path, "series_part"),
                                       "warning", f"another part of '{series.name}' is also part {number}",
                                       "Series_part"))
    return found


def theme_template(generator: Generator, name: str):
    """The theme's template for a page perfblog adds, or None: another theme may have no such page."""
    try:
        return generator.get_template(name)
    except PelicanTemplateNotFound:
        return None


class SeriesGenerator(Generator):
    """Writes one page per series (template ``series.html``), after the articles are known."""

    def generate_context(self):
        self.all_series = list(self.context.get("perfblog_series", {}).values())
        self._update_context(("all_series",))

    def generate_output(self, writer):
        template = theme_template(self, "series")
        for series in self.all_series if template else ():
            writer.write_file(series.save_as, template, self.context,
                              relative_urls=self.settings["RELATIVE_URLS"], series=series, url=series.url)
