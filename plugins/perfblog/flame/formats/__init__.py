"""Readers for profile formats other than folded stacks and perf script, one module each.

Each module has a ``read_*(path, weight)`` that returns a ``Profile`` (root-first
stacks with weights and their unit); ``flame.load`` registers and detects them.
"""
