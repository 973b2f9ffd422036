"""Series: posts that share a ``Series:`` line are parts of one journey.

``Series: Faster JSON parsing`` (and optionally ``Series_part: 2``; otherwise parts
are ordered by date) gives each part ``article.series`` for the theme's part
navigation, and the series its own page at ``SERIES_URL`` listing the parts
with their headline results.

The journey across a series (``series.journey``: one row per published part,
from its headline result as data, ``content.result``) is known only once every
post was processed: ``journeys`` then fills each ``journey`` block written with
``series: yes`` and publishes its CSV, and the series page shows the same rows.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

from pelican.generators import Generator, PelicanTemplateNotFound
from pelican.utils import slugify

from ..benchdata.render import SERIES_SLOT, slot_payload
from ..blocks import Problem
from ..blocks.templates import block_template_renderer
from . import polish
from .posts import header_line, shown

DEFAULTS = {"SERIES_URL": "series/{slug}/", "SERIES_SAVE_AS": "series/{slug}/index.html"}


@dataclass
class Series:
    name: str
    slug: str
    url: str
    save_as: str
    parts: list = field(default_factory=list)
    journey: list["Row"] = field(default_factory=list)

    @property
    def csv_save_as(self) -> str:
        """Where the series page's journey CSV is written, beside the page."""
        return Path(self.save_as).with_name("journey.csv").as_posix()

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


@dataclass(frozen=True)
class Row:
    """One part in the journey across a series, as shown (and as its CSV has it)."""

    number: int
    post: object
    benchmark: str
    metric: str
    result: str  # the headline, or why there is none
    tool: str
    measured: bool  # the result comes from the post's data, not only from its words

    @classmethod
    def of(cls, number: int, post) -> "Row":
        found, headline = getattr(post, "result", None), getattr(post, "headline", None)
        if found is not None:
            return cls(number, post, found.benchmark, found.metric, headline, found.tool, True)
        said = f"{headline} (stated by the author; no data)" if headline else "no headline result"
        return cls(number, post, "", "", said, "", False)


def journey_csv(rows: list[Row]) -> bytes:
    """The journey across a series as CSV: exactly its cells, with each part's URL."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["part", "post", "url", "benchmark", "metric", "result", "tool"])
    for row in rows:
        writer.writerow([row.number, row.post.title, row.post.url, row.benchmark, row.metric, row.result, row.tool])
    return out.getvalue().encode("utf-8")


def journeys(generator, found: dict[str, Series], files: dict[str, bytes]) -> None:
    """Each series' rows, then every ``series: yes`` journey filled with them (drafts and hidden
    posts too: they show the published parts), its CSV published beside the page."""
    for series in found.values():
        series.journey = [Row.of(number, post) for number, post in enumerate(series.parts, 1)]
    render = block_template_renderer(generator.settings)
    regex = generator.settings.get("SLUG_REGEX_SUBSTITUTIONS", [])
    posts = (*generator.articles, *generator.translations, *generator.drafts, *generator.drafts_translations,
             *generator.hidden_articles, *generator.hidden_translations)
    for post in posts:
        if not SERIES_SLOT.search(post._content):
            continue
        series = found.get(slugify(str(post.metadata.get("series") or ""), regex_subs=regex))

        def fill(match, post=post, series=series) -> str:
            slot = slot_payload(match)
            rows = series.journey if series else []
            name = series.name if series else str(post.metadata.get("series"))
            if post.save_as:
                files[Path(post.save_as).parent.joinpath(f"{slot['id']}.csv").as_posix()] = journey_csv(rows)
            links = {row.number: "{filename}/" + Path(os.path.relpath(row.post.source_path, generator.path)).as_posix()
                     for row in rows}
            return polish.polish(render(
                "bench/series_journey.html", id=slot["id"], caption=slot["caption"] or f"{name}: each part's result",
                rows=rows, links=links, current=post, download=f"{slot['id']}.csv" if post.save_as else None,
                listed=bool(series) and post in series.parts))

        post._content = SERIES_SLOT.sub(fill, post._content)
        if getattr(post, "_summary", None):  # a table has no place in a summary
            post._summary = SERIES_SLOT.sub("", post._summary)


def theme_template(generator: Generator, name: str):
    """The theme's template for a page perfblog adds, or None: another theme may have no such page."""
    try:
        return generator.get_template(name)
    except PelicanTemplateNotFound:
        return None


class SeriesGenerator(Generator):
    """Writes one page per series (template ``series.html``) and its journey's CSV, after the articles are known."""

    def generate_context(self):
        self.all_series = list(self.context.get("perfblog_series", {}).values())
        self._update_context(("all_series",))

    def generate_output(self, writer):
        template = theme_template(self, "series")
        for series in self.all_series if template else ():
            writer.write_file(series.save_as, template, self.context,
                              relative_urls=self.settings["RELATIVE_URLS"], series=series, url=series.url)
            Path(self.output_path, series.csv_save_as).write_bytes(journey_csv(series.journey))
