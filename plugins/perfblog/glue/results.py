"""The results index: every post's headline result in one table, sortable and filterable.

Without JavaScript, sorting and filtering are pages of their own, written here:
``results/`` (newest first), ``results/by-gain/`` (largest gain first) and
``results/tags/<tag>/`` (one tag). ``perfblog/results.js`` sorts and filters the
table in place when JavaScript runs.
"""

from __future__ import annotations

from dataclasses import dataclass

from pelican.generators import Generator

from .series import theme_template

DEFAULTS = {"RESULTS_URL": "results/", "RESULTS_SAVE_AS": "results/index.html"}


@dataclass(frozen=True)
class View:
    """One server-rendered view of the table: its URL, its title and its rows."""

    url: str
    save_as: str
    title: str
    posts: list
    current: str  # which link of the view menu is this one


def by_gain(post) -> tuple:
    """Largest factor first; posts whose headline has no numbers after all the others."""
    return (post.result is None, -(post.result.factor if post.result else 0), -post.date.timestamp())


def tags_of(post) -> list:
    return getattr(post, "tags", None) or []  # Pelican sets no attribute for a post without Tags:


class ResultsGenerator(Generator):
    """Writes the results views (template ``results.html``) once every post is processed."""

    def generate_context(self):
        posts = [p for p in self.context.get("articles", []) if getattr(p, "headline", None)]
        base_url, base = self.settings["RESULTS_URL"], self.settings["RESULTS_SAVE_AS"].rsplit("index.html", 1)[0]
        self.views = [View(base_url, f"{base}index.html", "Results, newest first", posts, "date"),
                      View(f"{base_url}by-gain/", f"{base}by-gain/index.html", "Results, largest gain first",
                           sorted(posts, key=by_gain), "gain")]
        tags = sorted({tag for p in posts for tag in tags_of(p)}, key=lambda t: t.name)
        for tag in tags:
            self.views.append(View(f"{base_url}tags/{tag.slug}/", f"{base}tags/{tag.slug}/index.html",
                                   f"Results tagged “{tag.name}”", [p for p in posts if tag in tags_of(p)],
                                   tag.slug))
        self.result_tags = tags
        self._update_context(("result_tags",))

    def generate_output(self, writer):
        template = theme_template(self, "results")
        for view in self.views if template else ():
            writer.write_file(view.save_as, template, self.context, relative_urls=self.settings["RELATIVE_URLS"],
                              view=view, url=view.url)
