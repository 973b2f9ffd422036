"""Pelican glue: connect signals, read settings, hand work to the real modules.

Order of events in one build (``pelican.run()``):

1. ``initialized``: add our Markdown extension, set defaults, load the block kinds.
2. ``readers_init``: Markdown posts are read by ``posts.LocatedMarkdownReader``,
   whose failures name the post's line.
3. ``article_generator_init``: the build's ``Report`` starts (and holds
   Pelican's ``--fatal`` off, see ``report``); only posts are read as content,
   never the files in their folders; the block cache gets ready; under
   ``pelican -r``, the posts saved since the last run are previewed.
4. Pelican reads posts (or takes them from its content cache): the pool
   (``parallel``) converts the posts neither cache holds ahead of Pelican's
   reader; blocks are inert placeholders at this point.
5. ``article_generator_finalized`` / ``page_generator_finalized``: a post whose
   slug another post already has is reported and left out; each post's own
   work is shared out to the pool (``post_work``: blocks rendered from the data
   files as they are *now*, a block none of whose inputs changed coming from
   the cache; HTML polished; reading time estimated), then finished here in
   order (``finish_post``: problems told, files and headlines kept, ``{attach}``
   links the blocks added registered); a journey across a series is drawn.
6. ``get_writer``, just before Pelican writes: under ``pelican -r``, write the
   edited posts' pages first.
7. ``finalized``: copy the plugin's assets, sanitize every published SVG, save
   the block cache, and give the verdict: a build with errors (or, strict, with
   warnings) fails *after* every other page was written.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import escape
from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican.utils import file_suffix, truncate_html_words

from ..blocks import BlockKind, Problem
from ..blocks.cache import BlockCache, Changes, code_fingerprint
from ..blocks.dispatch import Substitution, substitute_blocks
from ..blocks.kinds import load_kinds
from ..blocks.syntax import PLACEHOLDER
from ..blocks.templates import block_template_renderer, fresh_environments
from . import livepreview, parallel, polish, readingtime, results, search, series, socialcards, svgpublish
from .posts import LocatedMarkdownReader, ReadAhead, UnreadablePost, data_folders, header_line, posts_only, shown
from .preview import EditedFirst
from .report import Report, autoreloading, kept_watch

PLUGIN_DIR = Path(__file__).resolve().parent.parent
MARKDOWN_EXTENSIONS = ("md", "markdown", "mkd", "mdown")

DEFAULTS = {
    # Modules whose KINDS declare block kinds (info word, options, renderer).
    "PERFBLOG_FEATURES": ["perfblog.benchdata.render", "perfblog.flame.render", "perfblog.media.render",
                          "perfblog.code.render", "perfblog.benchdata.latency"],
    # Fail the build (exit 1, after writing everything else) when any error was logged.
    "PERFBLOG_FAIL_ON_ERROR": True,
    # Fail on warnings too (publishconf.py); `pelican --fatal warnings` means the same.
    "PERFBLOG_STRICT": False,
    # Where the plugin's CSS/JS go inside the output folder.
    "PERFBLOG_ASSETS_DIR": "perfblog",
    "PERFBLOG_READING_RATES": {},  # overrides for readingtime.ReadingRates fields
    # False (publishconf.py): drafts are skipped before Pelican reads their links, so
    # neither their pages nor their attached files are published, and their errors never fail it.
    "PERFBLOG_WRITE_DRAFTS": True,
    # Reuse rendered blocks whose inputs did not change (see blocks.cache); on disk
    # only when Pelican's CACHE_CONTENT / LOAD_CONTENT_CACHE say so.
    "PERFBLOG_BLOCK_CACHE": True,
    # Limits instead of hangs: bytes one data path may hold, frames one flame graph draws.
    "PERFBLOG_MAX_INPUT_MB": 256,
    "PERFBLOG_MAX_FRAMES": 4000,
    # Preview tabs reload after each rebuild (`perfblog serve` turns it on; see livepreview).
    "PERFBLOG_LIVE_RELOAD": False,
    # Processes that share a build's per-post work (see parallel): 0 is one per core, 1 is none.
    "PERFBLOG_WORKERS": 0,
    # Build the Pagefind search index after writing the site (publishconf.py turns it on).
    "PERFBLOG_SEARCH": False,
    # Draw a PNG social card per post (og:image, which needs an absolute SITEURL) and one for the
    # site: publishconf.py turns it on; the preview has no use for them.
    "PERFBLOG_SOCIAL_CARDS": False,
}


@dataclass
class _Build:
    """Per-Pelican-instance state, kept across autoreload runs."""

    settings: dict
    kinds: dict[str, BlockKind]
    cache: BlockCache | None = None
    report: Report = field(default_factory=Report)
    edited_first: EditedFirst = field(default_factory=EditedFirst)
    svgs: svgpublish.Published = field(default_factory=svgpublish.Published)
    cards: socialcards.Cards = field(default_factory=socialcards.Cards)
    files: dict[str, bytes | Path] = field(default_factory=dict)  # output path -> what blocks publish there
    read_aheads: list[ReadAhead] = field(default_factory=list)  # the pools reading this run's posts

    @property
    def rates(self) -> readingtime.ReadingRates:
        return readingtime.ReadingRates(**self.settings["PERFBLOG_READING_RATES"])


_builds: dict[int, _Build] = {}


def configure(pelican) -> None:
    settings = pelican.settings
    for key, value in {**DEFAULTS, **series.DEFAULTS, **results.DEFAULTS}.items():
        settings.setdefault(key, value)
    kinds = load_kinds(settings["PERFBLOG_FEATURES"])
    configs = settings.setdefault("MARKDOWN", {}).setdefault("extension_configs", {})
    configs["perfblog.blocks.syntax"] = {"kinds": sorted(kinds)}
    cache = BlockCache(code_fingerprint(settings["PERFBLOG_FEATURES"])) if _cache_pays(settings) else None
    _builds[id(settings)] = _Build(settings, kinds, cache)


def _cache_pays(settings) -> bool:
    """The block cache only where a later build can use it: on disk with Pelican's content cache,
    or in memory under ``pelican -r``. Elsewhere it would hash every data file and hold every
    block's HTML for nothing (0.5 s and 24 MB at 300 posts)."""
    wanted = settings["CACHE_CONTENT"] or settings["LOAD_CONTENT_CACHE"] or autoreloading()
    return bool(settings["PERFBLOG_BLOCK_CACHE"] and wanted)


def located_readers(readers) -> None:
    """Markdown posts are read by the reader whose failures are located."""
    for extension in MARKDOWN_EXTENSIONS:
        if readers.reader_classes.get(extension) is not None:
            readers.reader_classes[extension] = LocatedMarkdownReader


def read_posts_only(generator) -> None:
    """Pelican reads every Markdown file under ARTICLE_PATHS; a post's folder holds data, not posts.

    The posts it is about to read are handed to the pool (``posts.ReadAhead``).
    """
    get_files = generator.get_files
    roots = [*generator.settings["ARTICLE_PATHS"], *generator.settings["PAGE_PATHS"]]

    def files(paths, exclude=None, extensions=None):
        exclude = [*(exclude or ()), *data_folders(generator.path, [paths] if isinstance(paths, str) else paths, roots)]
        found = posts_only(get_files(paths, exclude=exclude, extensions=extensions), roots)
        read_ahead(generator, found)
        return found

    generator.get_files = files
    generator.readers.read_file = _told(generator.readers.read_file, _builds[id(generator.settings)].report)


def read_ahead(generator, files: list[str]) -> None:
    """Read ahead, in the pool, the Markdown posts that neither of Pelican's caches holds."""
    readers = generator.readers
    markdown = {ext: reader for ext, reader in readers.readers.items() if isinstance(reader, LocatedMarkdownReader)}
    paths = []
    for name in files:
        path = os.path.abspath(os.path.join(generator.path, name))
        if (file_suffix(path) in markdown and generator.get_cached_data(name, None) is None
                and readers.get_cached_data(path, None) is None):
            paths.append(path)
    if not parallel.pooled(generator.settings, paths):
        return  # read by Pelican, when it asks, as without perfblog
    ahead = ReadAhead(lambda path: markdown[file_suffix(path)].read_now(path), paths, generator.settings)
    for reader in markdown.values():
        reader.read_ahead = ahead
    _builds[id(generator.settings)].read_aheads.append(ahead)


def _told(read_file, report: Report):
    """A post that cannot be read is reported, located, and Pelican's own vague line dropped."""
    def read(*args, **kwargs):
        try:
            return read_file(*args, **kwargs)
        except UnreadablePost as error:
            report.unreadable(kwargs.get("path") or args[1], error.problem)
            raise

    return read


def start_run(generator) -> None:
    """First generator of a run: report afresh; under ``pelican -r``, preview edited posts."""
    build = _builds[id(generator.settings)]
    build.report.start()
    read_posts_only(generator)
    if generator.settings["PERFBLOG_SOCIAL_CARDS"]:  # the card of every page that is not a post
        generator.context["PERFBLOG_SITE_CARD"] = build.cards.url_for(
            generator.settings, generator.settings["SITENAME"], generator.settings.get("SITESUBTITLE"))
    # Jinja keeps a template while its own file is unchanged, so an override added to the
    # theme since the last run (pelican -r, or another build in this process) would be missed.
    fresh_environments()
    if build.cache is not None:
        build.cache.start_run(generator.settings)
    build.edited_first.preview(generator, process_content)


def process_articles(generator) -> None:
    _stop_reading_ahead(generator)
    leave_out_duplicates(generator)
    process_all((*generator.articles, *generator.translations, *generator.drafts,
                 *generator.drafts_translations, *generator.hidden_articles,
                 *generator.hidden_translations), generator)
    report = _builds[id(generator.settings)].report
    generator.context["perfblog_series"] = series.group(generator.articles, generator.settings, report)
    series.journeys(generator, generator.context["perfblog_series"], _builds[id(generator.settings)].files)
    for unlisted in (*generator.drafts, *generator.hidden_articles):
        unlisted.series = None  # Pelican made its Series: text an attribute: not a Series to navigate


def process_pages(generator) -> None:
    _stop_reading_ahead(generator)
    process_all((*generator.pages, *generator.translations, *generator.hidden_pages,
                 *generator.hidden_translations, *generator.draft_pages,
                 *generator.draft_translations), generator)


def _stop_reading_ahead(generator) -> None:
    build = _builds[id(generator.settings)]
    for ahead in build.read_aheads:
        ahead.close()
    build.read_aheads = []


@dataclass
class PostWork:
    """What one post's own work gives (blocks, polish, reading time): data, so a worker can do it."""

    substitution: Substitution | None
    html: str
    estimate: readingtime.ReadingTime | None  # None when the post gives its own reading time
    changes: Changes | None  # what the work added to the block cache


def process_all(contents, generator) -> None:
    """``process_content`` for each, the per-post work shared out to the pool."""
    work = parallel.run_all(functools.partial(post_work, generator=generator), contents, generator.settings)
    for content, done in zip(contents, work):
        finish_post(content, post_work(content, generator) if done is parallel.REDO else done, generator)


def process_content(content, generator) -> None:
    """Render blocks, polish HTML, set ``reading_time`` and ``perfblog_assets``."""
    finish_post(content, post_work(content, generator), generator)


def post_work(content, generator) -> PostWork:
    """The work that depends on this post alone, done on ``content._content``: reading
    ``content.content`` here would memoize it before Pelican's link rewriting is ready."""
    build = _builds[id(generator.settings)]
    journal = build.cache.journal(keep=not parallel.in_worker()) if build.cache is not None else None
    with journal or contextlib.nullcontext() as changes:
        html = content._content
        substitution = None
        if PLACEHOLDER.search(html):
            substitution = substitute_blocks(
                html,
                post_path=Path(content.source_path),
                content_root=Path(generator.path),
                kinds=build.kinds,
                render_template=block_template_renderer(generator.settings),
                settings=generator.settings,
                metadata=content.metadata,
                id_prefix=content.slug or "post",
                cache=build.cache,
                shown_path=shown(content.source_path),
            )
            html = substitution.html
            substitution = dataclasses.replace(substitution, html="")  # travels once, polished
        html = polish.polish(html)
        estimate = None if content.metadata.get("reading_time") else _estimate(html, build)
    return PostWork(substitution, html, estimate, changes)


def finish_post(content, work: PostWork, generator) -> None:
    """Tell the post's problems, keep its files and headline: what the build process alone holds."""
    build = _builds[id(generator.settings)]
    if work.changes is not None:
        build.cache.merge(work.changes)
    assets: set[str] = set()
    headline = content.metadata.get("headline")
    content.result = None
    if (result := work.substitution) is not None:
        for problem in result.problems:
            build.report.problem(problem)
        assets = result.assets
        folder = Path(content.save_as).parent if content.save_as else None
        for name, data in result.files if folder else ():
            build.files[(folder / name).as_posix()] = data
        if not headline:
            headline, content.result = result.headline or None, result.result
    content._content = work.html
    content.perfblog_assets = sorted(assets)
    content.reading_time = _reading_time(content, build) or work.estimate or _estimate(work.html, build)
    _set_headline(content, headline)
    if generator.settings["PERFBLOG_SOCIAL_CARDS"]:
        content.social_card = build.cards.url_for(generator.settings, content.title, content.headline)
    generator.add_static_links(content)


def _set_headline(content, headline: str | None) -> None:
    """Expose ``headline`` to templates and lead the feed summary with it, as a
    sentence of its own (a description that strips tags reads "… faster. The post …").

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
        sentence = headline if headline.rstrip().endswith((".", "!", "?")) else f"{headline}."
        content._summary = content.metadata["summary"] = f"<p><strong>{escape(sentence)}</strong></p>\n{summary}"


def _reading_time(content, build: _Build) -> readingtime.ReadingTime | None:
    """The post's own ``Reading_time:``, if it gives a valid one."""
    try:
        return readingtime.from_metadata(content.metadata.get("reading_time"))
    except ValueError as error:
        line = header_line(content.source_path, "reading_time")
        build.report.problem(Problem(shown(content.source_path), line, "error", str(error), "Reading_time"))
        return None


def _estimate(html: str, build: _Build) -> readingtime.ReadingTime:
    if build.cache is None:
        return readingtime.estimate(html, build.rates)
    return build.cache.pure("reading time", readingtime.estimate, html, build.rates)


def leave_out_duplicates(generator: ArticlesGenerator) -> None:
    """Two posts with one slug: when they would overwrite each other's page (Pelican stops the
    build), the first by file name is written and each other is reported at its slug line and
    left out; when their pages differ, each later one gets a warning there."""
    build = _builds[id(generator.settings)]
    pages: dict[str, object] = {}
    slugs: dict[tuple, object] = {}

    def tell(post, level: str, message: str) -> None:  # the post file is read only for a problem
        line = header_line(post.source_path, "slug" if "slug" in post.metadata else "title")
        build.report.problem(Problem(shown(post.source_path), line, level, message, "Slug"))

    posts = [*generator.articles, *generator.translations, *generator.drafts, *generator.hidden_articles]
    for post in sorted(posts, key=lambda p: p.source_path):
        first = pages.setdefault(post.save_as, post) if post.save_as else post
        if first is not post:
            tell(post, "error", f"the slug '{post.slug}' is also used by {shown(first.source_path)}: both would be "
                                f"written to {post.save_as}, so this post was left out")
            forget(generator, post)
            continue
        same = slugs.setdefault((post.slug, post.lang), post)
        if same is not post and "translation" not in post.metadata:
            tell(post, "warning", f"the slug '{post.slug}' is also used by {shown(same.source_path)}: links by "
                                  "slug may reach either post; give each its own Slug")


def forget(generator: ArticlesGenerator, post) -> None:
    """Take ``post`` out of every list the generator (and so its context) holds it in:
    articles, dates, tags and categories, period archives (lists of dicts of lists)."""
    def walk(value, depth: int = 0) -> None:
        if depth > 3:
            return
        if isinstance(value, list):
            while post in value:
                value.remove(post)
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, (list, tuple)):
            for item in value:
                if isinstance(item, (list, tuple, dict)):
                    walk(item, depth + 1)

    for value in vars(generator).values():
        walk(value)


def skip_drafts(generator, metadata) -> None:
    """With PERFBLOG_WRITE_DRAFTS off, make Pelican skip drafts before it reads their links."""
    if not generator.settings["PERFBLOG_WRITE_DRAFTS"] and str(metadata.get("status", "")).lower() == "draft":
        metadata["status"] = "skip"


def remember_generators(generators) -> None:
    _builds[id(generators[0].settings)].edited_first.remember(generators)


def write_edited_first(pelican):
    """Answer to ``get_writer``: write edited posts now; under ``pelican -r``, Pelican then writes
    every page whole (``livepreview.AtomicWriter``), since the preview server reads meanwhile."""
    _builds[id(pelican.settings)].edited_first.write_edited(pelican.output_path)
    return livepreview.AtomicWriter if autoreloading() else None


def remember_static(generator) -> None:
    _builds[id(generator.settings)].svgs.remember(generator)


def finish(pelican) -> None:
    build = _builds[id(pelican.settings)]
    assets = Path(pelican.output_path) / pelican.settings["PERFBLOG_ASSETS_DIR"]
    live = pelican.settings["PERFBLOG_LIVE_RELOAD"]
    copy_assets(assets, skip=() if live else ("reload.js",))
    write_files(Path(pelican.output_path), build.files)
    build.files = {}
    for problem in build.svgs.sanitize(Path(pelican.output_path)):
        build.report.problem(problem)
    if pelican.settings["PERFBLOG_SOCIAL_CARDS"]:
        build.cards.write(pelican.settings, Path(pelican.output_path))
    failed = search.build_index(Path(pelican.output_path)) if pelican.settings["PERFBLOG_SEARCH"] else None
    if failed:
        build.report.failure(failed)
    if build.cache is not None:
        build.cache.end_run(pelican.settings)
    settings = pelican.settings
    watched = (settings["PATH"], settings["THEME"])  # what Pelican's autoreload watches, but the settings file
    try:
        build.report.finish(settings["PERFBLOG_STRICT"], settings["PERFBLOG_FAIL_ON_ERROR"], watched)
    finally:
        if live:
            livepreview.stamp_build(assets)


def write_files(output: Path, files: dict[str, Path | bytes]) -> None:
    """Each table's and figure's CSV and raw data, beside its page.

    A raw data file is hard-linked where the file system allows, as Pelican's own
    ``STATIC_CREATE_LINKS`` does: creating thousands of small files was a quarter of a
    300-post build here (0.3 ms each), a link costs a directory entry. Every writer of the
    output (sanitizing, the preview) replaces files, never rewrites one in place.
    """
    for folder in {(output / relative).parent for relative in files}:
        folder.mkdir(parents=True, exist_ok=True)
    for relative, data in files.items():
        target = output / relative
        target.unlink(missing_ok=True)  # never written through: it may be a link an earlier build made
        if isinstance(data, bytes):
            target.write_bytes(data)
            continue
        try:
            os.link(data, target)
        except OSError:  # another file system, or one without hard links
            shutil.copyfile(data, target)


def copy_assets(destination: Path, skip: tuple[str, ...] = ()) -> None:
    """Copy the plugin's CSS/JS, skipping files that are already identical."""
    source = PLUGIN_DIR / "static"
    for path in sorted(source.rglob("*")):
        if not path.is_file() or path.name in skip:
            continue
        target = destination / path.relative_to(source)
        if target.exists() and target.read_bytes() == path.read_bytes():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)


def more_generators(pelican):
    """Pages perfblog writes beside Pelican's: series pages and the results index."""
    return series.SeriesGenerator, results.ResultsGenerator


def register() -> None:
    kept_watch()
    signals.initialized.connect(configure)
    signals.get_generators.connect(more_generators)
    signals.readers_init.connect(located_readers)
    signals.article_generator_init.connect(start_run)
    signals.page_generator_init.connect(read_posts_only)
    signals.static_generator_finalized.connect(remember_static)
    signals.article_generator_context.connect(skip_drafts)
    signals.page_generator_context.connect(skip_drafts)
    signals.article_generator_finalized.connect(process_articles)
    signals.page_generator_finalized.connect(process_pages)
    signals.all_generators_finalized.connect(remember_generators)
    signals.get_writer.connect(write_edited_first)
    signals.finalized.connect(finish)
