"""``perfblog check``: what a build would break on, and what a reader would trip on.

Per post, without running Pelican: metadata, data blocks (rendered by the same
renderers and templates as the build), images, internal links and template
placeholders left in. Findings print as ``path:line: level: message``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import get_date

from ..blocks import PerfblogError, Problem
from ..blocks.dispatch import substitute_blocks
from ..blocks.syntax import PLACEHOLDER, BlockPreprocessor
from ..blocks.templates import block_template_renderer
from ..glue import readingtime
from ..glue.plugin import MARKDOWN_EXTENSIONS
from .markdown_text import Line, scan
from .references import references, target
from .site import Header, Site, kinds_for, post_slug, read_header, read_lines, shown
from .template import placeholders

STATUSES = ("published", "draft", "hidden")


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    level: str  # "error" or "warning"
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.level}: {self.message}"


class PostCheck:
    """The checks on one post; each ``check_*`` method adds findings."""

    def __init__(self, checker: "Checker", path: Path):
        self.checker, self.site, self.path = checker, checker.site, path.resolve()
        self.shown = shown(self.path)
        self.findings: list[Finding] = []
        self.lines = read_lines(path)
        self.header = read_header(self.lines)
        self.body = scan(self.lines, self.header.end)

    def add(self, line: int, message: str, level: str = "error") -> None:
        self.findings.append(Finding(self.shown, line, level, message))

    def run(self) -> list[Finding]:
        self.check_metadata()
        self.check_blocks()
        self.check_references()
        self.check_placeholders()
        return self.findings

    def check_metadata(self) -> None:
        header, page = self.header, self.site.is_page(self.path)
        if not header.value("title"):
            self.add(header.line("title"), "missing 'Title:' (Pelican skips a post without one)")
        date = header.value("date")
        if date:
            try:
                get_date(date)
            except ValueError:
                self.add(header.line("date"), f"cannot read the date '{date}': write YYYY-MM-DD or YYYY-MM-DD HH:MM")
        elif not page and not self.site.settings.get("DEFAULT_DATE"):
            self.add(1, "missing 'Date:' (Pelican skips a post without one)")
        status = (header.value("status") or "published").lower()
        if status not in STATUSES:
            self.add(header.line("status"), f"'Status: {status}' must be one of {', '.join(STATUSES)}")
        try:
            readingtime.from_metadata(header.value("reading_time"))
        except ValueError as error:
            self.add(header.line("reading_time"), str(error))
        if not page:
            self.check_slug_unique()

    def check_slug_unique(self) -> None:
        slug = post_slug(self.site, self.path, self.header)
        others = [p for p in self.site.slugs().get(slug, []) if p != self.path]
        if others:
            where = self.header.line("slug", self.header.line("title"))
            self.add(where, f"the slug '{slug}' is also used by {', '.join(shown(p) for p in others)}; "
                            "one page would overwrite the other")

    def check_blocks(self) -> None:
        """Render the blocks as the build would, from the placeholders the build would see."""
        html, metadata = self.checker.placeholders(self.lines), self.checker.metadata(self.header)
        result = substitute_blocks(
            "\n".join(m[0] for m in PLACEHOLDER.finditer(html)), post_path=self.path,
            content_root=self.site.content, kinds=self.checker.kinds,
            render_template=self.checker.render_template, settings=self.checker.settings, metadata=metadata,
            id_prefix=self.header.value("slug") or "post", shown_path=self.shown,
        )
        for problem in result.problems:
            self.add_problem(problem)

    def add_problem(self, problem: Problem) -> None:
        key = f"[{problem.key}] " if problem.key else ""
        self.add(problem.line, key + problem.message, problem.level)

    def check_references(self) -> None:
        found, undefined = references(self.body)
        for line, label in undefined:
            self.add(line, f"no definition for the reference [{label}]")
        for ref in found:
            if ref.image and not (ref.alt or "").strip():
                self.add(ref.line, f"image {ref.url or '(reference)'} has no alt text: describe what it shows")
            self.check_target(ref.line, ref.url, "image" if ref.image else "link")

    def check_target(self, line: int, url: str, what: str) -> None:
        where = target(url, self.path, self.site.content)
        if where is None:
            return
        root = self.site.content
        if where.path != root and root not in where.path.parents:
            self.add(line, f"{what} {url} points outside the content folder")
        elif where.pelican and not where.path.exists():
            self.add(line, f"{what} {url}: no such file {shown(where.path)}")
        elif where.pelican:
            return
        elif where.path.is_file():
            tag = "filename" if where.path.suffix in (".md", ".markdown") else "attach"
            self.add(line, f"{what} {url} is a source file that Pelican neither copies nor rewrites: "
                           f"write {{{tag}}}{where.written}", "warning")
        elif what == "image" or _looks_like_a_file(where.written):
            self.add(line, f"{what} {url}: no such file {shown(where.path)}")

    def check_placeholders(self) -> None:
        tokens = placeholders()
        header_lines = [Line(n + 1, text) for n, text in enumerate(self.lines[: self.header.end])]
        for line in (*header_lines, *self.body):
            for _, token in tokens.find(line):
                self.add(line.number, f"placeholder {token} left from the template")


def _looks_like_a_file(path: str) -> bool:
    """'../other/index.md' or 'data/x.json' yes; '../tags/' or 'page.html' (site URLs) no."""
    name = path.rstrip("/").rsplit("/", 1)[-1]
    return not path.endswith("/") and "." in name and not name.endswith((".html", ".htm"))


class Checker:
    """State shared by the checks of every post in one run: renderers, templates, Markdown."""

    def __init__(self, site: Site):
        self.site = site
        self.kinds = kinds_for(site)
        self.settings = site.settings
        self.render_template = block_template_renderer(self.settings)
        self.reader = MarkdownReader(self.settings)
        self.markdown = Markdown()
        self.blocks = BlockPreprocessor(self.markdown, set(self.kinds))

    def placeholders(self, lines: list[str]) -> str:
        """The block placeholders of a post, exactly as the build's Markdown extension makes them.

        Only this preprocessor runs: the rest of Markdown's work is not needed to
        check blocks and would be most of the time spent.
        """
        self.markdown.htmlStash.reset()
        self.blocks.run(lines)
        return "\n".join(self.markdown.htmlStash.rawHtmlBlocks)

    def metadata(self, header: Header) -> dict:
        """Metadata as Pelican's reader turns it into values (dates, tag lists) for renderers."""
        processed = {}
        for key, (value, _line) in header.fields.items():
            try:
                processed[key] = self.reader.process_metadata(key, value)
            except Exception:  # reported by check_metadata; a renderer gets the text
                processed[key] = value
        return processed

    def check(self, paths: list[Path]) -> list[Finding]:
        findings: list[Finding] = []
        for path in paths:
            try:
                findings += PostCheck(self, path).run()
            except PerfblogError as error:
                findings.append(Finding(shown(path), error.line or 1, "error", error.message))
        return sorted(findings)


def posts_to_check(site: Site, arguments: list[str]) -> list[Path]:
    """The posts named on the command line (files or folders), or every post in the site."""
    if not arguments:
        return site.sources()
    paths: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            paths += site.sources(path)
        elif path.suffix.lstrip(".") in MARKDOWN_EXTENSIONS and path.is_file():
            paths.append(path)
        elif path.exists():
            raise PerfblogError(f"{argument} is not a Markdown post")
        else:
            raise PerfblogError(f"no such file or folder: {argument}")
    return paths
