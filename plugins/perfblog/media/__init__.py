"""Blocks that show image files made by other tools: a before/after pair, and flame-graph SVGs.

``images`` reads sizes and types from file content (never from the name);
``svgsafe`` strips active content from SVGs before they are published;
``render`` declares the kinds.
"""
