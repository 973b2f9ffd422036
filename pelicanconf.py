"""Development settings: `make html`, `make devserver`, and the tests use these.

perfblog's defaults for every site (URLs, Markdown, what is never published) come
from perfblog.glue.sitesettings; this site runs the plugin and theme of this checkout.
"""

from perfblog.glue.sitesettings import *  # noqa: F403

AUTHOR = "perfblog team"
SITENAME = "perfblog"
SITESUBTITLE = "Optimization journeys, measured"
SITEDESCRIPTION = (
    "Performance-engineering write-ups built from real benchmark output: "
    "honest comparisons, flame graphs and every raw number behind them."
)

THEME = theme_path()  # plugins/perfblog/theme: the theme the wheel ships
PLUGIN_PATHS = ["plugins"]
EXTRA_PATH_METADATA = {"extra/favicon.svg": {"path": "favicon.svg"}}
