"""Typed reading of block options, with errors that point at the option's line."""

from __future__ import annotations

from ..blocks import Block

TRUE = {"yes", "true", "on", "1"}
FALSE = {"no", "false", "off", "0"}


def flag(block: Block, key: str, default: bool) -> bool:
    value = (block.get(key) or "").strip().lower()
    if not value:
        return default
    if value in TRUE | FALSE:
        return value in TRUE
    raise block.error(f"'{key}' must be yes or no, not '{value}'", key=key)


def share(block: Block, key: str, default: float) -> float:
    """A fraction written '0.5%' or '0.005', from 0 up to (not including) 1."""
    value = (block.get(key) or "").strip()
    if not value:
        return default
    try:
        number = float(value[:-1]) / 100 if value.endswith("%") else float(value)
    except ValueError:
        number = -1.0
    if not 0 <= number < 1:
        raise block.error(f"'{key}' must be a share such as 0.5% or 0.005, not '{value}'", key=key)
    return number


def whole(block: Block, key: str, default: int, low: int, high: int) -> int:
    value = (block.get(key) or "").strip()
    if not value:
        return default
    if not value.isdigit() or not low <= int(value) <= high:
        raise block.error(f"'{key}' must be a whole number from {low} to {high}", key=key)
    return int(value)


def choice(block: Block, key: str, choices: tuple[str, ...], default: str) -> str:
    value = (block.get(key) or "").strip().lower()
    if not value:
        return default
    if value not in choices:
        raise block.error(f"'{key}' must be one of {', '.join(choices)}, not '{value}'", key=key)
    return value


def renames(block: Block, key: str) -> dict[str, str]:
    """``old = new, old2 = new2``: frame names of "before" to rename before diffing."""
    pairs = {}
    for item in filter(None, (part.strip() for part in (block.get(key) or "").split(","))):
        old, sep, new = (side.strip() for side in item.partition("="))
        if not sep or not old or not new:
            raise block.error(f"'{key}' takes 'old = new' pairs separated by commas, not '{item}'", key=key)
        pairs[old] = new
    return pairs
