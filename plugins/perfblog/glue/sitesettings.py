"""Pelican settings a perfblog site starts from: ``from perfblog.glue.sitesettings import *``.

One folder per post (``content/posts/<date>-<slug>/index.md`` plus its data),
folder-style URLs, the Markdown extensions perfblog's pages rely on, hidden and
build folders never published, the perfblog theme and plugin. A site's own
``pelicanconf.py`` then sets its name, author and anything it wants otherwise.
"""

from perfblog import theme_path

PATH = "content"
THEME = theme_path()
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"
SITEURL = ""
RELATIVE_URLS = True

PLUGINS = ["perfblog"]

ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["extra"]
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "Performance"
# Hidden files and folders are never published (Pelican 4.12 lets them through by
# default); README.md files beside data describe provenance and are not posts;
# build folders of benchmark crates are never content ("*/target/*" because the
# autoreload watcher matches full paths: cargo bench must not trigger rebuilds).
IGNORE_FILES = [".*", "**/.*", "README.md", "target", "*/target/*", "__pycache__"]

# Folder-style URLs: /posts/slug/ served from /posts/slug/index.html.
ARTICLE_URL = "posts/{slug}/"
ARTICLE_SAVE_AS = "posts/{slug}/index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
DRAFT_PAGE_URL = "drafts/pages/{slug}/"
DRAFT_PAGE_SAVE_AS = "drafts/pages/{slug}/index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
CATEGORY_URL = "categories/{slug}/"
CATEGORY_SAVE_AS = "categories/{slug}/index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = "categories/index.html"
AUTHOR_URL = "authors/{slug}/"
AUTHOR_SAVE_AS = "authors/{slug}/index.html"
AUTHORS_URL = "authors/"
AUTHORS_SAVE_AS = "authors/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
YEAR_ARCHIVE_URL = "{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "{date:%Y}/index.html"
MONTH_ARCHIVE_URL = "{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = "{date:%Y}/{date:%m}/index.html"
INDEX_SAVE_AS = "index.html"
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
DEFAULT_PAGINATION = 10
TEMPLATE_PAGES = {
    "404.html": "404.html",
    "sitemap.xml": "sitemap.xml",
    "robots.txt": "robots.txt",
    "search.html": "search/index.html",
}

# Feeds: one Atom feed for the whole site; none for taxonomies in development.
FEED_ALL_ATOM = None  # feeds need an absolute SITEURL: publishconf.py turns them on
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# A custom MARKDOWN dict replaces Pelican's defaults, so list everything.
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.codehilite": {"css_class": "highlight", "guess_lang": False},
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {"permalink": "#", "permalink_title": "Link to this section"},
        "markdown.extensions.smarty": {},
    },
    "output_format": "html5",
}

SUMMARY_MAX_LENGTH = 60
DISPLAY_PAGES_ON_MENU = True
DISPLAY_CATEGORIES_ON_MENU = False

# Pelican's content cache keys only on the post file; perfblog's block cache covers data files.
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
