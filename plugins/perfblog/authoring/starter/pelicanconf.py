"""Development settings: `make html` and `make devserver` use these."""

from perfblog.glue.sitesettings import *  # noqa: F403

AUTHOR = "__AUTHOR__"
SITENAME = "__NAME__"
SITESUBTITLE = "Optimization journeys, measured"
SITEDESCRIPTION = "Performance work, with the real tool output behind every number."
