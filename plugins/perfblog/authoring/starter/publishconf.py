"""Production settings: `make publish` and the GitHub Pages workflow use these.

SITEURL comes from the environment: https://USER.github.io/REPO for a project site.
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
if not SITEURL:
    sys.exit("publishconf.py: set SITEURL, e.g. SITEURL=https://USER.github.io/REPO make publish")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
DELETE_OUTPUT_DIRECTORY = True
PERFBLOG_STRICT = True  # warnings fail the build too, at the end, after every page is written
PERFBLOG_SEARCH = True  # the Pagefind search index
PERFBLOG_SOCIAL_CARDS = True  # og:image cards, drawn once and kept in CACHE_PATH
PERFBLOG_WRITE_DRAFTS = False
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
