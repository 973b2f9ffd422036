"""The author's side of perfblog: scaffold, check, import tool output, preview.

``perfblog.cli`` only parses arguments; the work happens in these modules so
that tests can call it directly.
"""
