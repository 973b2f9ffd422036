"""Production settings: `make publish` and the GitHub Pages workflow use these.

SITEURL comes from the environment so the same file serves a user site
(https://user.github.io), a project site (https://user.github.io/repo) and a
custom domain.
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
if not SITEURL:
    sys.exit(
        "publishconf.py: set SITEURL to where the site will live, e.g.\n"
        "  SITEURL=https://USER.github.io/REPO make publish"
    )
RELATIVE_URLS = False

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"

DELETE_OUTPUT_DIRECTORY = True

# A warning fails the production build too, at the end, after every page was written
# (what `pelican --fatal warnings` promises, without stopping at the first one).
PERFBLOG_STRICT = True

# The Pagefind search index (output/pagefind/), built after the pages are written.
PERFBLOG_SEARCH = True
PERFBLOG_SOCIAL_CARDS = True  # og:image cards, drawn once and kept in CACHE_PATH

# Drafts (Status: draft) are rendered by `make devserver` at /drafts/<slug>/,
# never published: the plugin skips them before Pelican reads their links (so no
# attached file leaks either), and an empty SAVE_AS is the belt to those braces.
PERFBLOG_WRITE_DRAFTS = False
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""

# A custom domain for GitHub Pages: CNAME=blog.example.org make publish
# (or commit content/extra/CNAME, see README "Deploy").
CNAME = os.environ.get("CNAME", "").strip()
if CNAME:
    TEMPLATE_PAGES = {**TEMPLATE_PAGES, "CNAME": "CNAME"}  # noqa: F405
