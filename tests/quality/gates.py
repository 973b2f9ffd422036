"""The quality gates as small functions, shared by the real tests and the "bites" tests.

Every function returns a list of human-readable problems (empty = the gate passes), so a
test is one assertion and the "bites" tests (tests/quality/test_gates_bite.py) exercise
exactly the code that guards the real site.

Static checks work on a built output folder; browser checks take a Playwright page.
External tools (axe-core, the Nu HTML Checker) are npm packages pinned below and
installed once into a cache folder outside the repository.
"""

from __future__ import annotations

import fnmatch
import gzip
import io
import json
import os
import re
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup
from pelican import signals
from pelican.writers import Writer

from sitebuild import BuiltSite, build_site

# --------------------------------------------------------------------------------------
# Build settings, pinned tools and budgets
# --------------------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
# Posts the gates add to the site (a series; one post with a block of every kind), so that
# every page type and block kind is checked even where the example site has none.
GATE_POSTS = Path(__file__).resolve().parent / "site" / "posts"


def content_dir() -> Path:
    """content/, or the folder named by PERFBLOG_QUALITY_CONTENT (a draft tree, a copy
    with a work-in-progress post) to run the gates on that instead."""
    return Path(os.environ.get("PERFBLOG_QUALITY_CONTENT") or ROOT / "content").resolve()


def quality_content(into: Path) -> Path:
    """content_dir() plus GATE_POSTS, copied into ``into`` (links followed, build folders left out)."""
    shutil.copytree(content_dir(), into, ignore=shutil.ignore_patterns("target", ".*"))
    shutil.copytree(GATE_POSTS, into / "posts", dirs_exist_ok=True)
    return into

NPM_TOOLS = {"axe-core": "4.14.1", "vnu-jar": "26.9.27"}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

KB = 1000  # budgets are in SI kilobytes (stricter than KiB)
THEME_ASSETS_BUDGET = 20 * KB  # theme CSS+JS, gzip, in total
PAGE_WEIGHT_BUDGET = 200 * KB  # any page with everything it fetches, gzip

VIEWPORTS = {390: {"width": 390, "height": 844}, 1280: {"width": 1280, "height": 800}}
SCHEMES = ("light", "dark")

# A stand-in origin for root builds with relative URLs: nothing else is local to them.
ROOT_SITE_URL = "https://site.invalid/"
# SITEURL of a GitHub project page: the subpath build the static checks look at.
GITHUB_SITE_URL = "https://user.github.io/repo"

EXAMPLE_POST = "posts/counting-words-faster/index.html"


def cache_dir() -> Path:
    base = os.environ.get("PERFBLOG_QUALITY_CACHE")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "perfblog-quality"


def npm_install(packages: dict[str, str], where: Path | None = None) -> Path:
    """Install exact package versions once into the cache; returns the node_modules folder.

    The install goes to a temporary folder that is renamed into place, so an interrupted
    install never leaves a half-filled cache behind. Install scripts are not run (vnu-jar's
    would download a Java runtime; we use the system's).
    """
    key = "-".join(f"{name}@{version}" for name, version in sorted(packages.items()))
    target = where or cache_dir() / "npm" / key.replace("/", "+")
    modules = target / "node_modules"
    if all((modules / name / "package.json").is_file() for name in packages):
        return modules
    npm = shutil.which("npm")
    if not npm:
        raise RuntimeError("npm is not installed: run `make system-deps` (Debian: apt-get install npm)")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=target.name + ".", dir=target.parent))
    try:
        result = subprocess.run(
            [npm, "install", "--prefix", str(staging), "--no-save", "--no-audit", "--no-fund",
             "--ignore-scripts", "--loglevel=error", *(f"{n}@{v}" for n, v in packages.items())],
            capture_output=True, text=True, timeout=600,
        )
        if result.returncode != 0:
            raise RuntimeError(f"npm install {key} failed:\n{result.stdout}\n{result.stderr}")
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return modules


@dataclass(frozen=True)
class Tools:
    axe_js: Path
    vnu_jar: Path


def tools() -> Tools:
    modules = npm_install(NPM_TOOLS)
    return Tools(axe_js=modules / "axe-core" / "axe.min.js",
                 vnu_jar=modules / "vnu-jar" / "build" / "dist" / "vnu.jar")


# --------------------------------------------------------------------------------------
# Page types of a built site
# --------------------------------------------------------------------------------------

# The pages the browser gates open: for each kind, the template it is written with and the
# output path (a glob; the first match of the first glob that matches) of one such page. One kind per template, and more
# where one template draws views that look different. check_page_kinds() fails a build
# that writes a page with a template no kind covers, so a new template cannot go unchecked.
PAGE_KINDS = {
    "index": ("index.html", "index.html"),
    "article": ("article.html", EXAMPLE_POST, "posts/*/index.html"),  # another content folder: any post
    "every block": ("article.html", "posts/every-block-kind/index.html"),
    "page": ("page.html", "about/index.html"),
    "archives": ("archives.html", "archives/index.html"),
    "year archive": ("period_archives.html", "[0-9][0-9][0-9][0-9]/index.html"),
    "month archive": ("period_archives.html", "[0-9][0-9][0-9][0-9]/[0-9][0-9]/index.html"),
    "tags": ("tags.html", "tags/index.html"),
    "tag": ("tag.html", "tags/*/index.html"),
    "categories": ("categories.html", "categories/index.html"),
    "category": ("category.html", "categories/*/index.html"),
    "authors": ("authors.html", "authors/index.html"),
    "author": ("author.html", "authors/*/index.html"),
    "results": ("results.html", "results/index.html"),
    "results by gain": ("results.html", "results/by-gain/index.html"),
    "results by tag": ("results.html", "results/tags/*/index.html"),
    "series": ("series.html", "series/*/index.html"),
    "search": ("search.html", "search/index.html"),
    "404": ("404.html", "404.html"),
}


@contextmanager
def templates_written() -> Iterator[dict[str, str]]:
    """Inside: every file Pelican writes, by absolute path, -> the name of its template."""
    written: dict[str, str] = {}
    rendering: list[str] = []
    write_file = Writer.write_file

    def recording(self, name, template, *args, **kwargs):
        rendering.append(template.name)
        try:
            return write_file(self, name, template, *args, **kwargs)
        finally:
            rendering.pop()

    def record(path, context):
        written[str(Path(path).resolve())] = rendering[-1]

    Writer.write_file = recording
    signals.content_written.connect(record)
    try:
        yield written
    finally:
        Writer.write_file = write_file
        signals.content_written.disconnect(record)


@dataclass
class QualityBuild:
    """A build and the template each of its pages was written with (output-relative paths)."""

    site: BuiltSite
    templates: dict[str, str]

    def page_types(self) -> dict[str, str | None]:
        """Output-relative path of one page of each kind, or None when the build has none."""
        return {kind: next((path for pattern in patterns for path in sorted(self.templates)
                            if self.templates[path] == template and fnmatch.fnmatchcase(path, pattern)), None)
                for kind, (template, *patterns) in PAGE_KINDS.items()}

    def check_page_kinds(self) -> list[str]:
        """Every HTML page comes from a template a kind covers, and every kind has a page."""
        covered = {template for template, *_ in PAGE_KINDS.values()}
        problems = [f"{path}: no page kind covers its template {self.templates.get(path)!r} (add one to PAGE_KINDS)"
                    for path in (p.relative_to(self.site.output).as_posix() for p in self.site.pages())
                    if self.templates.get(path) not in covered]
        return problems + [f"no {kind} page ({PAGE_KINDS[kind][0]} at {PAGE_KINDS[kind][1]})"
                           for kind, path in self.page_types().items() if path is None]


def quality_build(settings_file: Path, output: Path, content: Path, env: dict[str, str] | None = None) -> QualityBuild:
    """``content`` built with ``settings_file`` into ``output``, recording each page's template."""
    with templates_written() as written:
        site = build_site(settings_file, output, env=env, overrides={"PATH": str(content)})
    root = output.resolve()
    return QualityBuild(site, {Path(path).relative_to(root).as_posix(): template
                               for path, template in written.items() if Path(path).is_relative_to(root)})


def url_of(base: str, relative: str) -> str:
    """The URL a page is served at: folder URLs for index.html files."""
    return base + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


# --------------------------------------------------------------------------------------
# Static checks on an output folder
# --------------------------------------------------------------------------------------

# Elements and attributes that reference another resource (srcset is parsed separately).
REFERENCE_ATTRS = {
    "a": ("href",), "area": ("href",), "link": ("href",), "img": ("src", "srcset"),
    "script": ("src",), "source": ("src", "srcset"), "iframe": ("src",), "object": ("data",),
    "embed": ("src",), "video": ("src", "poster"), "audio": ("src",), "track": ("src",),
    "image": ("href", "xlink:href"), "use": ("href", "xlink:href"), "form": ("action",),
}
# Elements that make the browser fetch something (what the third-party rule is about).
FETCHING_ELEMENTS = ("link", "script", "img", "iframe", "source", "object", "embed", "video",
                     "audio", "track", "image", "use")
META_URL_PROPERTIES = ("og:url", "og:image", "og:image:url", "twitter:image")
CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')""")
NON_HTTP = ("mailto:", "tel:", "data:", "javascript:", "blob:", "about:")


def _srcset_urls(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def _css_urls(css: str) -> list[str]:
    return [next(g for g in match.groups() if g is not None) for match in CSS_URL.finditer(css)]


def references(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """Every (description, URL) an HTML page references: elements, meta, inline CSS."""
    found: list[tuple[str, str]] = []
    for tag in soup.find_all(list(REFERENCE_ATTRS)):
        for attr in REFERENCE_ATTRS[tag.name]:
            value = tag.get(attr)
            if value is None:
                continue
            urls = _srcset_urls(value) if attr == "srcset" else [value.strip()]
            found += [(f"<{tag.name} {attr}>", url) for url in urls]
    for meta in soup.find_all("meta", property=True):
        if meta["property"] in META_URL_PROPERTIES and meta.get("content"):
            found.append((f'<meta property="{meta["property"]}">', meta["content"].strip()))
    for style in soup.find_all("style"):
        found += [("<style> url()", url) for url in _css_urls(style.get_text())]
    for tag in soup.find_all(style=True):
        found += [(f"<{tag.name} style> url()", url) for url in _css_urls(tag["style"])]
    return found


def anchors(path: Path) -> set[str]:
    """Fragment targets of an HTML or SVG file: every id, and name on <a>."""
    if path.suffix not in (".html", ".htm", ".svg"):
        return set()
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    return ids | {tag["name"] for tag in soup.find_all("a", attrs={"name": True})}


def _page_url(base: str, relative: str) -> str:
    if relative == "index.html" or relative.endswith("/index.html"):
        relative = relative[: -len("index.html")]
    return urljoin(base, relative)


def check_links(output: Path, site_url: str = ROOT_SITE_URL) -> list[str]:
    """Every local link, anchor and asset of the site resolves; nothing leaves ``site_url``.

    Crawls from index.html, seeded with every generated HTML page so that pages nobody
    links to (404.html) are checked too, and follows stylesheets for url() and @import.
    A URL is local when it resolves to ``site_url``'s origin: it must then stay under
    ``site_url``'s path and name an existing file (a folder means its index.html); a
    #fragment must be an id (or <a name>) on the target page.
    """
    base = site_url.rstrip("/") + "/"
    origin = urlsplit(base)
    base_path = origin.path
    problems: list[str] = []
    anchor_cache: dict[Path, set[str]] = {}
    seen: set[Path] = set()
    queue = [output / "index.html", *sorted(output.rglob("*.html"))]
    if not queue[0].is_file():
        return [f"{output}: no index.html"]
    while queue:
        source = queue.pop(0)
        if source in seen:
            continue
        seen.add(source)
        relative = source.relative_to(output).as_posix()
        url = _page_url(base, relative)
        if source.suffix == ".css":
            refs = [("url()", u) for u in _css_urls(source.read_text(encoding="utf-8"))]
        else:
            refs = references(BeautifulSoup(source.read_text(encoding="utf-8"), "html.parser"))
        for what, ref in refs:
            if not ref and source.suffix == ".css":
                problems.append(f"{relative}: empty {what}")
                continue
            if ref.lower().startswith(NON_HTTP) or (source.suffix == ".css" and ref.startswith("#")):
                continue
            target_url = urlsplit(urljoin(url, ref))
            if (target_url.scheme, target_url.netloc) != (origin.scheme, origin.netloc):
                continue  # another site: not ours to check (third_party_references polices fetches)
            path = target_url.path or "/"
            if not (path + "/").startswith(base_path):
                problems.append(f"{relative}: {what} {ref!r} leaves the site's path {base_path} ({path})")
                continue
            local = unquote(path[len(base_path):])
            target = output / local
            if local == "" or local.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                problems.append(f"{relative}: {what} {ref!r} -> missing {target.relative_to(output).as_posix()}")
                continue
            fragment = unquote(target_url.fragment)
            if fragment and fragment.lower() != "top" and target.suffix in (".html", ".svg"):
                if target not in anchor_cache:
                    anchor_cache[target] = anchors(target)
                if fragment not in anchor_cache[target]:
                    where = target.relative_to(output).as_posix()
                    problems.append(f"{relative}: {what} {ref!r} -> no id {fragment!r} in {where}")
            if target.suffix in (".html", ".css") and target not in seen:
                queue.append(target)
    return problems


def _is_foreign(ref: str, site_url: str | None) -> bool:
    ref = ref.strip()
    if not re.match(r"(?i)^(https?:)?//", ref):
        return False
    if site_url:
        absolute = urljoin("https://x.invalid/", ref) if ref.startswith("//") else ref
        own = site_url.rstrip("/") + "/"
        if absolute.startswith(own) or absolute == own.rstrip("/"):
            return False
    return True


def third_party_references(output: Path, site_url: str | None = None) -> list[str]:
    """Static: no element that fetches (link/script/img/iframe/source/object/...) and no
    stylesheet url()/@import points at an absolute or protocol-relative URL outside the
    site. ``site_url`` is the site's own absolute base for absolute-URL builds."""
    problems: list[str] = []
    for page in sorted(output.rglob("*.html")):
        relative = page.relative_to(output).as_posix()
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(FETCHING_ELEMENTS):
            for attr in ("src", "href", "xlink:href", "srcset", "data", "poster"):
                value = tag.get(attr)
                if value is None:
                    continue
                for ref in (_srcset_urls(value) if attr == "srcset" else [value]):
                    if _is_foreign(ref, site_url):
                        problems.append(f"{relative}: <{tag.name} {attr}={ref!r}> fetches from a third party")
        for what, ref in references(soup):
            if "url()" in what and _is_foreign(ref, site_url):
                problems.append(f"{relative}: {what} {ref!r} fetches from a third party")
    for sheet in sorted(output.rglob("*.css")):
        relative = sheet.relative_to(output).as_posix()
        for ref in _css_urls(sheet.read_text(encoding="utf-8")):
            if _is_foreign(ref, site_url):
                problems.append(f"{relative}: url()/@import {ref!r} fetches from a third party")
    return problems


def gzip_size(data: bytes) -> int:
    """Size after gzip at level 6 (gzip's and most servers' default)."""
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def theme_assets(output: Path, assets_dir: str = "perfblog") -> dict[str, int]:
    """gzip size of every theme CSS/JS file and of every plugin CSS/JS file a page uses."""
    sizes: dict[str, int] = {}
    for path in sorted((output / "theme").rglob("*")):
        if path.suffix in (".css", ".js") and path.is_file():
            sizes[path.relative_to(output).as_posix()] = gzip_size(path.read_bytes())
    plugin = (output / assets_dir).resolve()
    for page in sorted(output.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        refs = [t.get("href") for t in soup.find_all("link", rel="stylesheet")]
        refs += [t.get("src") for t in soup.find_all("script", src=True)]
        for ref in filter(None, refs):
            split = urlsplit(ref)
            if split.scheme or split.netloc:
                continue
            base = output if split.path.startswith("/") else page.parent
            target = (base / unquote(split.path).lstrip("/")).resolve()
            if target.is_file() and target.is_relative_to(plugin) and target.suffix in (".css", ".js"):
                sizes[target.relative_to(output.resolve()).as_posix()] = gzip_size(target.read_bytes())
    return sizes


def over_budget(what: str, sizes: dict[str, int], budget: int) -> list[str]:
    """One problem naming every item, largest first, when the sizes add up to more than ``budget``."""
    total = sum(sizes.values())
    if total <= budget:
        return []
    table = "\n".join(f"  {size:>8,} B  {name}" for name, size in sorted(sizes.items(), key=lambda kv: -kv[1]))
    return [f"{what} is {total:,} B gzip, over the {budget:,} B budget:\n{table}"]


def check_theme_budget(output: Path, budget: int = THEME_ASSETS_BUDGET) -> list[str]:
    return over_budget("theme CSS+JS", theme_assets(output), budget)


@dataclass
class VnuReport:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def run_vnu(jar: Path, *paths: Path) -> VnuReport:
    """The Nu HTML Checker over HTML files and folders (non-HTML files are skipped)."""
    java = shutil.which("java")
    if not java:
        raise RuntimeError("java is not installed: run `make system-deps` (Debian: default-jre-headless)")
    result = subprocess.run(
        [java, "-Xss4m", "-jar", str(jar), "--stdout", "--exit-zero-always", "--format", "json",
         "--skip-non-html", *map(str, paths)],
        capture_output=True, text=True, timeout=600,
    )
    try:
        messages = json.loads(result.stdout)["messages"]
    except (ValueError, KeyError) as error:
        raise RuntimeError(f"vnu gave no JSON ({error}):\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    report = VnuReport()
    roots = [str(p.resolve()) for p in paths]
    for m in messages:
        where = unquote(m.get("url", "").removeprefix("file:"))
        for root in roots:
            if where.startswith(root):
                where = where[len(root):].lstrip("/") or Path(root).name
        text = f"{where}:{m.get('lastLine', '?')}:{m.get('firstColumn', m.get('lastColumn', '?'))}: {m.get('message')}"
        if m.get("extract"):
            text += f"  [{m['extract'].strip()}]"
        if m.get("type") in ("error", "non-document-error") or m.get("subType") == "fatal":
            report.errors.append(text)
        elif m.get("subType") == "warning":
            report.warnings.append(text)
    return report


# --------------------------------------------------------------------------------------
# Browser checks (Playwright sync API)
# --------------------------------------------------------------------------------------

ALLOWED_HOSTS = frozenset({"127.0.0.1"})

DESCRIBE_JS = r"""
const describe = (el) => {
  if (!el || !el.tagName) return String(el);
  let s = el.tagName.toLowerCase();
  if (el.id) s += '#' + el.id;
  const cls = el.getAttribute('class');
  if (cls) s += '.' + cls.trim().split(/\s+/).slice(0, 3).join('.');
  const href = el.getAttribute('href');
  if (href) s += `[href="${href.length > 60 ? href.slice(0, 57) + '...' : href}"]`;
  const label = (el.getAttribute('aria-label') || el.textContent || '').trim().replace(/\s+/g, ' ');
  if (label) s += ` "${label.slice(0, 40)}"`;
  return s;
};
"""


@dataclass
class Visit:
    """One page load with everything a gate looks at."""

    page: object
    url: str
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    third_party: list[str] = field(default_factory=list)
    responses: list = field(default_factory=list)

    def problems(self) -> list[str]:
        """Everything that went wrong, once each (checks may reload the page)."""
        return list(dict.fromkeys(
            [f"console error: {m}" for m in self.console_errors]
            + [f"request failed: {m}" for m in self.failed_requests]
            + [f"third-party request: {m}" for m in self.third_party]))


def guard(page, third_party: list[str], allowed_hosts=ALLOWED_HOSTS) -> None:
    """Route every request of ``page``: other hosts are recorded and never reach the network."""

    def handle(route):
        url = route.request.url
        host = urlsplit(url).hostname
        if host in allowed_hosts:
            route.continue_()
        else:
            third_party.append(url)
            route.abort("blockedbyclient")

    page.route("**/*", handle)


def open_page(context, url: str, *, allowed_hosts=ALLOWED_HOSTS) -> Visit:
    """Open ``url`` in a new page of ``context``, with every request routed and recorded."""
    page = context.new_page()
    visit = Visit(page, url)
    guard(page, visit.third_party, allowed_hosts)
    page.on("console", lambda m: m.type == "error" and visit.console_errors.append(
        f"{m.text} ({m.location.get('url', '')}:{m.location.get('lineNumber', '')})"))
    page.on("pageerror", lambda e: visit.console_errors.append(f"uncaught {e}"))
    # net::ERR_ABORTED: a load cancelled by the next navigation (the checks reload pages).
    page.on("requestfailed", lambda r: urlsplit(r.url).hostname in allowed_hosts
            and r.failure != "net::ERR_ABORTED" and visit.failed_requests.append(f"{r.url}: {r.failure}"))

    def on_response(response):
        visit.responses.append(response)
        if response.status >= 400:
            visit.failed_requests.append(f"{response.url}: HTTP {response.status}")

    page.on("response", on_response)
    page.goto(url, wait_until="load")  # CSS, images, scripts (incl. defer) are in
    return visit


OVERFLOW_JS = DESCRIBE_JS + r"""
() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const culprits = [];
  if (root.scrollWidth > width) {
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right <= width + 0.5 || !el.getClientRects().length) continue;
      let clipped = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== 'visible') { clipped = true; break; }
      }
      if (!clipped) culprits.push(`${describe(el)} reaches ${Math.round(r.right)}px`);
    }
  }
  return {scrollWidth: root.scrollWidth, clientWidth: width, culprits: culprits.slice(0, 8)};
}
"""


def horizontal_overflow(page) -> list[str]:
    """The page must not scroll sideways: document scrollWidth <= clientWidth."""
    result = page.evaluate(OVERFLOW_JS)
    if result["scrollWidth"] <= result["clientWidth"]:
        return []
    return [f"page scrolls sideways: scrollWidth {result['scrollWidth']} > clientWidth "
            f"{result['clientWidth']}; widest: " + "; ".join(result["culprits"])]


IMAGES_JS = DESCRIBE_JS + r"""
async () => {
  const rendered = (img) => img.getClientRects().length > 0;
  const images = [...document.images].filter(rendered);
  for (const img of images) {              // bring lazy images into view so they load
    if (!img.complete) {
      img.scrollIntoView({block: 'center'});
      await new Promise((r) => requestAnimationFrame(() => r()));
    }
  }
  await Promise.all(images.map((img) => img.complete ? null : new Promise((r) => {
    img.addEventListener('load', r, {once: true});
    img.addEventListener('error', r, {once: true});
    setTimeout(r, 5000);
  })));
  window.scrollTo(0, 0);
  return images.filter((img) => !(img.complete && img.naturalWidth > 0))
               .map((img) => `${describe(img)} src=${img.currentSrc || img.getAttribute('src')}`);
}
"""


def broken_images(page) -> list[str]:
    """Every rendered <img> loads (naturalWidth > 0); lazy ones are scrolled into view."""
    return [f"image not loaded: {i}" for i in page.evaluate(IMAGES_JS)]


ACTIVE_JS = DESCRIBE_JS + r"""
() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const cs = getComputedStyle(el);
  const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
  const shadow = !!cs.boxShadow && cs.boxShadow !== 'none';
  let opacity = 1;
  const scrollers = [];
  for (let p = el; p && p.nodeType === 1; p = p.parentElement) {
    opacity *= parseFloat(getComputedStyle(p).opacity);
    if (p.dataset && p.dataset.qScroll !== undefined) scrollers.push(p.dataset.qScroll);
  }
  const r = el.getBoundingClientRect();
  const main = document.querySelector('main');
  return {
    id: el.dataset ? (el.dataset.qId ?? null) : null, desc: describe(el),
    tag: el.tagName.toLowerCase(), href: el.getAttribute('href'),
    indicator: outline || shadow, opacity, scrollers,
    inViewport: r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
    isMain: el === main, inOrAfterMain: !!main && (main.contains(el) ||
      !!(main.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)),
  };
}
"""

MARK_FOCUSABLE_JS = DESCRIBE_JS + r"""
() => {
  const selector = 'a[href], area[href], button, input:not([type="hidden"]), select, textarea, '
    + 'summary, iframe, audio[controls], video[controls], [contenteditable]:not([contenteditable="false"]), [tabindex]';
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const expected = [];
  for (const el of document.querySelectorAll(selector)) {
    if (el.tabIndex < 0 || el.disabled || el.closest('[inert]') || !shown(el)) continue;
    if (el.closest('details:not([open])') && el.tagName !== 'SUMMARY') continue;
    el.dataset.qId = String(expected.length);
    expected.push(describe(el));
  }
  const scrollers = [];
  for (const el of document.body.querySelectorAll('*')) {
    const cs = getComputedStyle(el);
    const sx = /auto|scroll/.test(cs.overflowX) && el.scrollWidth > el.clientWidth + 1;
    const sy = /auto|scroll/.test(cs.overflowY) && el.scrollHeight > el.clientHeight + 1;
    if ((sx || sy) && shown(el)) {
      el.dataset.qScroll = String(scrollers.length);
      scrollers.push(describe(el));
    }
  }
  return {expected, scrollers};
}
"""


def reload_fresh(page) -> None:
    """Load the page again without its #fragment: focus and the sequential focus
    navigation starting point are back at the top of the document."""
    page.goto(page.url.split("#")[0], wait_until="load")


def check_skip_link(page) -> list[str]:
    """From the top of the (re)loaded page: the first Tab lands on a visible skip link
    with a focus indicator, Enter moves focus to <main>, and the next Tab continues
    inside (or after) main."""
    reload_fresh(page)
    page.keyboard.press("Tab")
    first = page.evaluate(ACTIVE_JS)
    if first is None:
        return ["Tab from the top focuses nothing"]
    problems = []
    target = (first["href"] or "")[1:] if (first["href"] or "").startswith("#") else None
    is_skip = first["tag"] == "a" and target and page.evaluate(
        "(id) => { const t = document.getElementById(id); return !!t && (t.tagName === 'MAIN' || t.getAttribute('role') === 'main'); }",
        target)
    if not is_skip:
        return [f"first Tab stop is {first['desc']}, not a skip link to <main>"]
    if not first["indicator"] or first["opacity"] == 0 or not first["inViewport"]:
        problems.append(f"skip link not visibly focused: {first}")
    page.keyboard.press("Enter")
    after = page.evaluate(ACTIVE_JS)
    if not after or not after["isMain"]:
        problems.append(f"Enter on the skip link moved focus to {after and after['desc']}, not <main>")
    page.keyboard.press("Tab")
    following = page.evaluate(ACTIVE_JS)
    if following and not following["inOrAfterMain"]:
        problems.append(f"Tab after the skip link went back to {following['desc']}, before <main>")
    return problems


def check_tab_order(page) -> list[str]:
    """Reload the page, then Tab through all of it: every interactive element (links, buttons, inputs,
    summary, [tabindex] incl. scroll regions) is reached, each with a visible focus
    indicator (outline or box-shadow, not transparent by opacity), and every region that
    scrolls is reachable (focusable itself or holding a focusable element)."""
    reload_fresh(page)
    marked = page.evaluate(MARK_FOCUSABLE_JS)
    expected, scrollers = marked["expected"], marked["scrollers"]
    reached: dict[str, dict] = {}
    scroll_reached: set[str] = set()
    problems: list[str] = []
    first_key = None
    for step in range(len(expected) + len(scrollers) + 20):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE_JS)
        if active is None:
            if reached:
                break
            continue
        key = active["id"] if active["id"] is not None else active["desc"]
        if key == first_key:
            break
        first_key = first_key or key
        reached[key] = active
        scroll_reached.update(active["scrollers"])
        if not active["indicator"]:
            problems.append(f"no visible focus indicator on {active['desc']}")
        elif active["opacity"] == 0:
            problems.append(f"focused element is fully transparent: {active['desc']}")
    for index, desc in enumerate(expected):
        if str(index) not in reached:
            problems.append(f"not reachable with Tab: {desc}")
    for index, desc in enumerate(scrollers):
        if str(index) not in scroll_reached:
            problems.append(f"scroll region not reachable with Tab (add tabindex=0 and a label): {desc}")
    return problems


def run_axe(page, axe_js: Path, tags=AXE_TAGS) -> list[dict]:
    """axe-core violations on the page (each a dict: id, impact, help, nodes)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(axe_js))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        list(tags),
    )
    return result["violations"]


def format_violations(violations: list[dict]) -> list[str]:
    lines = []
    for v in violations:
        nodes = "; ".join(
            f"{' '.join(map(str, n['target']))}: {(n.get('failureSummary') or '').replace(chr(10), ' ')}"
            for n in v["nodes"][:5])
        lines.append(f"[{v['id']}] ({v.get('impact')}) {v['help']} -- {nodes}")
    return lines


COMPRESSIBLE = re.compile(r"text/|javascript|json|xml|svg|css|font/(ttf|otf)|wasm")


def transferred(responses) -> dict[str, int]:
    """gzip size of every response body (raw size for already-compressed types)."""
    sizes: dict[str, int] = {}
    for response in responses:
        if response.request.method != "GET" or not (200 <= response.status < 300):
            continue
        try:
            body = response.body()
        except Exception:  # e.g. a redirect or a body that was evicted
            continue
        content_type = response.headers.get("content-type", "")
        sizes[response.url] = gzip_size(body) if COMPRESSIBLE.search(content_type) else len(body)
    return sizes


def check_page_weight(responses, budget: int = PAGE_WEIGHT_BUDGET) -> list[str]:
    return over_budget("the page with everything it fetched", transferred(responses), budget)


# --------------------------------------------------------------------------------------
# Reading on screens: text size, tables, captions, scroll cues
# --------------------------------------------------------------------------------------

MIN_TEXT_PX = 11

SMALL_TEXT_JS = DESCRIBE_JS + r"""
async (min) => {
  const small = [];
  const note = (el, px, what) => { if (px < min - 0.05) small.push(`${what} ${describe(el)}: ${px.toFixed(1)}px`); };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode());) {
    const el = node.parentElement;
    if (!node.data.trim() || el.closest('svg, script, style, noscript, template')) continue;
    if (el.checkVisibility({visibilityProperty: true})) note(el, parseFloat(getComputedStyle(el).fontSize), 'text');
  }
  // SVG text as drawn: its font size times the scale from user units to CSS px.
  for (const text of document.querySelectorAll('svg text')) {
    if (!text.textContent.trim() || !text.checkVisibility({visibilityProperty: true})) continue;
    const m = text.getScreenCTM();
    note(text, parseFloat(getComputedStyle(text).fontSize) * Math.hypot(m.a, m.b), 'SVG text');
  }
  // Flame graphs that other tools drew, shown as <img>: their smallest font size, scaled.
  for (const img of document.querySelectorAll('.pb-external-flame img')) {
    if (!img.checkVisibility() || !img.naturalWidth) continue;
    const svg = await (await fetch(img.currentSrc)).text();
    const sizes = [...svg.matchAll(/font-size\s*[:=]\s*["']?([\d.]+)/g)].map((m) => parseFloat(m[1]));
    if (sizes.length) note(img, Math.min(...sizes) * img.getBoundingClientRect().width / img.naturalWidth, 'SVG image text');
  }
  return small;
}
"""


def small_text(page, min_px: float = MIN_TEXT_PX) -> list[str]:
    """Every visible text, SVG text as rendered (scaled by its SVG's size on screen) and the
    text of flame graph images is at least ``min_px`` CSS px."""
    found = page.evaluate(SMALL_TEXT_JS, min_px)
    counts = {line: found.count(line) for line in found}
    return [f"smaller than {min_px}px: {line}" + (f" (x{n})" if n > 1 else "") for line, n in counts.items()]


TABLES_JS = DESCRIBE_JS + r"""
() => {
  const problems = [];
  const clip = (el) => {  // the box that clips el: the nearest ancestor that does not let it overflow
    for (let p = el.parentElement; p; p = p.parentElement) if (getComputedStyle(p).overflowX !== 'visible') return p;
    return null;
  };
  // Data tables: a code diff is lines of code laid out in a table, as wide as its column.
  for (const table of document.querySelectorAll('main table:not(.pb-diff table)')) {
    if (!table.checkVisibility()) continue;
    const width = table.getBoundingClientRect().width;
    const saved = table.getAttribute('style');
    table.style.cssText += '; width: max-content; min-width: 0';
    const content = table.getBoundingClientRect().width;
    saved === null ? table.removeAttribute('style') : table.setAttribute('style', saved);
    if (width > content + 1) problems.push(`${describe(table)} is ${Math.round(width)}px wide, its content ${Math.round(content)}px`);
  }
  for (const caption of document.querySelectorAll('main caption, main figcaption')) {
    if (!caption.checkVisibility() || !caption.textContent.trim()) continue;
    const r = caption.getBoundingClientRect();
    const box = clip(caption);
    const b = box ? box.getBoundingClientRect() : {left: 0, right: document.documentElement.clientWidth};
    if (r.left < b.left - 0.5 || r.right > b.right + 0.5 || caption.scrollWidth > caption.clientWidth + 1)
      problems.push(`caption clipped: ${describe(caption)} spans ${Math.round(r.left)}-${Math.round(r.right)}px in a box of ${Math.round(b.left)}-${Math.round(b.right)}px`);
  }
  return problems;
}
"""


def table_problems(page) -> list[str]:
    """Tables are no wider than their content, and no caption (of a table or a figure) is
    cut off by the box it is in or by the window."""
    return page.evaluate(TABLES_JS)


SCROLLING_TABLES_JS = DESCRIBE_JS + r"""
() => {
  const boxes = new Set();
  for (const table of document.querySelectorAll('main table')) {
    let p = table.parentElement;
    while (p && !/auto|scroll/.test(getComputedStyle(p).overflowX)) p = p.parentElement;
    if (p && p.scrollWidth > p.clientWidth + 1 && p.checkVisibility()) boxes.add(p);
  }
  return [...boxes].map((box, i) => { box.dataset.qCue = i; box.scrollLeft = 0; return describe(box); });
}
"""

CUE_STRIP_JS = r"""
([i, off]) => {
  const box = document.querySelector(`[data-q-cue="${i}"]`);
  box.style.background = off ? getComputedStyle(document.body).backgroundColor : '';
  box.scrollIntoView({block: 'center'});
  const r = box.getBoundingClientRect();
  const top = Math.max(r.top, 0);
  return {x: r.right - 8 + scrollX, y: top + scrollY, width: 6, height: Math.min(r.bottom, innerHeight) - top};
}
"""

# A cue must change some pixel of its strip by at least this much (0-255, in one channel).
SCROLL_CUE_MIN_CHANGE = 24


def missing_scroll_cues(page) -> list[str]:
    """Every table box that scrolls sideways shows a cue at its right edge, where there is
    more to see: that strip looks different from the same strip with the box's background
    (where the theme draws the cue) replaced by the page's."""
    from PIL import Image, ImageChops  # a perfblog dependency (social cards)

    def strip(i: int, off: bool) -> Image.Image:
        clip = page.evaluate(CUE_STRIP_JS, [i, off])
        return Image.open(io.BytesIO(page.screenshot(clip=clip, full_page=True))).convert("RGB")

    problems = []
    for i, desc in enumerate(page.evaluate(SCROLLING_TABLES_JS)):
        change = max(high for _, high in ImageChops.difference(strip(i, False), strip(i, True)).getextrema())
        page.evaluate(CUE_STRIP_JS, [i, False])  # the background back
        if change < SCROLL_CUE_MIN_CHANGE:
            problems.append(f"no visible scroll cue on {desc}: its right edge changes by {change} of 255")
    return problems
