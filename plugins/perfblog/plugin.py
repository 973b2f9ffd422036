"""Pelican glue: connect signals, read settings, hand work to the real modules.

Order of events in one build (``pelican.run()``):

1. ``initialized``: add our Markdown extension, set defaults.
2. ``article_generator_init``: count errors afresh, get the block cache ready;
   under ``pelican -r``, preview the posts saved since the last run (``preview``).
3. Pelican reads posts (or takes them from its content cache): blocks are
   inert placeholders at this point.
4. ``article_generator_finalized`` / ``page_generator_finalized``: render the
   blocks from the data files as they are *now* (a block none of whose inputs
   changed comes from the cache, see ``blockcache``), polish the HTML, estimate
   reading time, register any ``{attach}`` links the blocks added.
5. ``get_writer``, just before Pelican writes: under ``pelican -r``, write the
   edited posts' pages first.
6. ``finalized``: copy the plugin's static assets, save the block cache; if
   anything logged an error (a broken block, a post Pelican could not read),
   fail the build with a non-zero exit *after* every other page was written.
"""

from __future__ import annotations

import logging
import re
import shutil
from dataclasses import dataclass, field
from importlib import import_module
from html import unescape
from pathlib import Path

from markupsafe import escape
from pelican import signals
from pelican.utils import truncate_html_words

from . import polish, readingtime, templates
from .blockcache import BlockCache, code_fingerprint
from .blocks import PLACEHOLDER, Renderer
from .errors import PerfblogError
from .preview import EditedFirst
from .substitute import substitute_blocks
from .templates import block_template_renderer

log = logging.getLogger("perfblog")

PLUGIN_DIR = Path(__file__).parent
STATED_HEADLINE = re.compile(r'<figure [^>]*data-pb-headline="([^"]*)"')

DEFAULTS = {
    # Modules whose RENDERERS dict maps a fenced block's info word to a renderer.
    "PERFBLOG_FEATURES": ["perfblog.benchdata.render", "perfblog.flame.render"],
    # Fail the build (exit 1, after writing everything else) when any error was logged.
    "PERFBLOG_FAIL_ON_ERROR": True,
    # Where the plugin's CSS/JS go inside the output folder.
    "PERFBLOG_ASSETS_DIR": "perfblog",
    "PERFBLOG_READING_RATES": {},  # overrides for readingtime.ReadingRates fields
    # False (publishconf.py): drafts are skipped before Pelican reads their links, so
    # neither their pages nor their attached files are published, and their errors never fail it.
    "PERFBLOG_WRITE_DRAFTS": True,
    # Reuse rendered blocks whose inputs did not change (see blockcache); on disk
    # only when Pelican's CACHE_CONTENT / LOAD_CONTENT_CACHE say so.
    "PERFBLOG_BLOCK_CACHE": True,
}


class BuildFailed(Exception):
    """Raised at the end of a build that logged errors; Pelican exits with ``exitcode``."""

    exitcode = 1


class _ErrorCounter(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage().splitlines()[0])


@dataclass
class _Build:
    """Per-Pelican-instance state, kept across autoreload runs."""

    settings: dict
    renderers: dict[str, Renderer]
    cache: BlockCache | None = None
    counter: _ErrorCounter = field(default_factory=_ErrorCounter)
    edited_first: EditedFirst = field(default_factory=EditedFirst)

    @property
    def rates(self) -> readingtime.ReadingRates:
        return readingtime.ReadingRates(**self.settings["PERFBLOG_READING_RATES"])


_builds: dict[int, _Build] = {}


def load_renderers(feature_modules) -> dict[str, Renderer]:
    renderers: dict[str, Renderer] = {}
    for name in feature_modules:
        renderers.update(import_module(name).RENDERERS)
    return renderers


def configure(pelican) -> None:
    settings = pelican.settings
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    renderers = load_renderers(settings["PERFBLOG_FEATURES"])
    configs = settings.setdefault("MARKDOWN", {}).setdefault("extension_configs", {})
    configs["perfblog.blocks"] = {"kinds": sorted(renderers)}
    cache = BlockCache(code_fingerprint(settings["PERFBLOG_FEATURES"])) if settings["PERFBLOG_BLOCK_CACHE"] else None
    _builds[id(settings)] = _Build(settings, renderers, cache)


def start_run(generator) -> None:
    """First generator of a run: count errors afresh; under ``pelican -r``, preview edited posts."""
    build = _builds[id(generator.settings)]
    build.counter.messages.clear()
    root = logging.getLogger()
    if build.counter not in root.handlers:
        root.addHandler(build.counter)
    # Jinja keeps a template while its own file is unchanged, so an override added to the
    # theme since the last run (pelican -r, or another build in this process) would be missed.
    templates.fresh_environments()
    if build.cache is not None:
        build.cache.start_run(generator.settings)
    build.edited_first.preview(generator, process_content)


def process_articles(generator) -> None:
    for content in (*generator.articles, *generator.translations, *generator.drafts,
                    *generator.drafts_translations, *generator.hidden_articles,
                    *generator.hidden_translations):
        process_content(content, generator)


def process_pages(generator) -> None:
    for content in (*generator.pages, *generator.translations, *generator.hidden_pages,
                    *generator.hidden_translations, *generator.draft_pages,
                    *generator.draft_translations):
        process_content(content, generator)


def process_content(content, generator) -> None:
    """Render blocks, polish HTML, set ``reading_time`` and ``perfblog_assets``.

    Works on ``content._content``: reading ``content.content`` here would
    memoize it before Pelican's link rewriting is ready.
    """
    build = _builds[id(generator.settings)]
    html = content._content
    assets: set[str] = set()
    headline = content.metadata.get("headline")
    if PLACEHOLDER.search(html):
        result = substitute_blocks(
            html,
            post_path=Path(content.source_path),
            content_root=Path(generator.path),
            renderers=build.renderers,
            render_template=block_template_renderer(generator.settings),
            settings=generator.settings,
            metadata=content.metadata,
            id_prefix=content.slug or "post",
            cache=build.cache,
            shown_path=shown_path(content.source_path),
        )
        for error in result.errors:
            log.error("%s", error)
        html, assets = result.html, result.assets
        headline = headline or _stated_headline(html)
    content._content = polish.polish(html)
    content.perfblog_assets = sorted(assets)
    content.reading_time = _reading_time(content, build)
    _set_headline(content, headline)
    generator.add_static_links(content)


def _stated_headline(html: str) -> str | None:
    """The documented rule: what the post's first bench block states (its largest
    significant improvement), read from its figure so cached blocks need no recomputing."""
    match = STATED_HEADLINE.search(html)
    return (unescape(match[1]) or None) if match else None


def _set_headline(content, headline: str | None) -> None:
    """Expose ``headline`` to templates and lead the feed summary with it.

    ``summary_text`` keeps the summary without the headline, for places (index
    cards) that show the headline separately as a badge; None means Pelican's
    own summary is already that.
    """
    content.headline = headline
    content.summary_text = None
    if headline:
        summary = content.metadata.get("summary") or truncate_html_words(
            content._content, content.settings["SUMMARY_MAX_LENGTH"], content.settings["SUMMARY_END_SUFFIX"]
        )
        content.summary_text = summary
        content._summary = content.metadata["summary"] = f"<p><strong>{escape(headline)}</strong></p>{summary}"


def _reading_time(content, build: _Build) -> readingtime.ReadingTime:
    try:
        override = readingtime.from_metadata(content.metadata.get("reading_time"))
    except ValueError as error:
        log.error("%s", PerfblogError(str(error), path=shown_path(content.source_path), key="Reading_time"))
        override = None
    if override:
        return override
    if build.cache is None:
        return readingtime.estimate(content._content, build.rates)
    return build.cache.pure("reading time", readingtime.estimate, content._content, build.rates)


def shown_path(path: str) -> str:
    """A path as messages show it: relative to the working directory, as compilers do."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return path


def skip_drafts(generator, metadata) -> None:
    """With PERFBLOG_WRITE_DRAFTS off, make Pelican skip drafts before it reads their links."""
    if not generator.settings["PERFBLOG_WRITE_DRAFTS"] and str(metadata.get("status", "")).lower() == "draft":
        metadata["status"] = "skip"


def remember_generators(generators) -> None:
    _builds[id(generators[0].settings)].edited_first.remember(generators)


def write_edited_first(pelican) -> None:
    """Answer to ``get_writer``: write edited posts now, then let Pelican use its own writer."""
    _builds[id(pelican.settings)].edited_first.write_edited(pelican.output_path)


def finish(pelican) -> None:
    build = _builds[id(pelican.settings)]
    copy_assets(Path(pelican.output_path) / pelican.settings["PERFBLOG_ASSETS_DIR"])
    if build.cache is not None:
        build.cache.end_run(pelican.settings)
    logging.getLogger().removeHandler(build.counter)
    errors = list(build.counter.messages)
    if errors and pelican.settings["PERFBLOG_FAIL_ON_ERROR"]:
        raise BuildFailed(
            f"{len(errors)} error(s) while building; every other page was written. First: {errors[0]}"
        )


def copy_assets(destination: Path) -> None:
    """Copy the plugin's CSS/JS, skipping files that are already identical."""
    source = PLUGIN_DIR / "static"
    for path in sorted(source.rglob("*")):
        if not path.is_file():
            continue
        target = destination / path.relative_to(source)
        if target.exists() and target.read_bytes() == path.read_bytes():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)


def register() -> None:
    signals.initialized.connect(configure)
    signals.article_generator_init.connect(start_run)
    signals.article_generator_context.connect(skip_drafts)
    signals.page_generator_context.connect(skip_drafts)
    signals.article_generator_finalized.connect(process_articles)
    signals.page_generator_finalized.connect(process_pages)
    signals.all_generators_finalized.connect(remember_generators)
    signals.get_writer.connect(write_edited_first)
    signals.finalized.connect(finish)
