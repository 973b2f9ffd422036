"""``pelican -r``: show the post just saved first, then rebuild the whole site as always.

Pelican's autoreload rebuilds everything on every save: it walks and reads all content, and
then writes article pages newest first, so the page of the post being edited appears only
after all of that. Two steps put it in front, without changing what a rebuild produces:

1. **Preview** (start of the rebuild, ``article_generator_init``): every post whose source
   changed since the previous run is read again and processed, and its page is written
   against the *previous* run's site (its lists of posts, tags, pages). Reader and block
   caches make this a matter of milliseconds.
2. **Early write** (``get_writer``, once every generator has read and processed its content):
   the same pages are written again, now against the new site, before Pelican writes anything.

Then Pelican writes the whole site, those pages included, so the finished output is exactly
that of a normal build. While a rebuild runs, the output is a mix of old and new pages, as it
always is under ``pelican -r``; the preview page may show the edited post beside the previous
run's lists (an old title in a menu, say) for the second or two until its final version is
written. Nothing is logged during the preview: the rebuild that follows reports every
warning and error. The first run of a process writes nothing early.
"""

from __future__ import annotations

import logging
import os
from typing import Callable

from pelican import signals
from pelican.contents import Article
from pelican.generators import ArticlesGenerator

from .livepreview import AtomicWriter

log = logging.getLogger("perfblog")


def _stamp(path: str) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_ctime_ns, st.st_size


def _posts(gen: ArticlesGenerator) -> list[Article]:
    return [*gen.translations, *gen.articles, *gen.hidden_translations, *gen.hidden_articles,
            *gen.drafts_translations, *gen.drafts]


def write_post(gen: ArticlesGenerator, post: Article, output_path: str) -> None:
    """Write one post's page as ``generate_articles`` / ``generate_drafts`` would."""
    writer = AtomicWriter(output_path, settings=gen.settings)  # the server may be reading it right now
    extra = {"all_articles": gen.articles} if post.status == "draft" else {}
    with signals.content_written.muted():  # sent once, by Pelican's own write of the page
        writer.write_file(
            post.save_as, gen.get_template(post.template), gen.context,
            relative_urls=gen.settings["RELATIVE_URLS"],
            article=post, category=getattr(post, "category", None),
            override_output=hasattr(post, "override_save_as"), url=post.url, blog=True, **extra,
        )


class EditedFirst:
    """Per Pelican instance: the previous run's articles generator and its posts' stamps."""

    def __init__(self):
        self.stamps: dict[str, tuple[int, int, int] | None] = {}
        self.previous: ArticlesGenerator | None = None  # set between runs only
        self.current: ArticlesGenerator | None = None

    def remember(self, generators) -> None:
        self.current = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)

    def _edited(self, posts: list[Article]) -> list[Article]:
        return [p for p in posts if p.source_path in self.stamps and _stamp(p.source_path) != self.stamps[p.source_path]]

    def preview(self, new: ArticlesGenerator, process: Callable[[Article, ArticlesGenerator], None]) -> list[str]:
        """Step 1: read, process and write the edited posts against the previous run's site."""
        old, self.previous = self.previous, None  # let the previous run's site go after this
        if old is None:
            return []
        written = []
        saved_disable = logging.root.manager.disable
        logging.disable(logging.CRITICAL)
        try:
            for stale in self._edited(_posts(old)):
                post = new.readers.read_file(  # fills the new run's reader cache: read once
                    base_path=new.path, path=os.path.relpath(stale.source_path, new.path),
                    content_class=Article, context=old.context,
                )
                if not isinstance(post, Article) or not post.is_valid() or post.status not in ("published", "draft", "hidden"):
                    continue
                process(post, old)
                write_post(old, post, old.output_path)
                written.append(post.save_as)
        except Exception as error:  # noqa: BLE001 - the rebuild that follows reports it properly
            log.debug("perfblog: no preview of the edited post: %r", error)
        finally:
            logging.disable(saved_disable)
        return written

    def write_edited(self, output_path: str) -> list[str]:
        """Step 2: write the edited posts against the new site, before Pelican writes the rest."""
        gen, self.current = self.current, None
        if gen is None:
            return []
        posts = _posts(gen)
        edited = self._edited(posts) + [p for p in posts if self.stamps and p.source_path not in self.stamps]
        self.stamps = {p.source_path: _stamp(p.source_path) for p in posts}
        self.previous = gen
        for post in edited:
            write_post(gen, post, output_path)
        return [p.save_as for p in edited]
