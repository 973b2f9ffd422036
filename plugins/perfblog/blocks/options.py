"""Declared, typed block options: each block kind lists what it accepts, in one place.

A kind declares its options (name, type, default, help) as ``Option`` values.
``read_options`` checks an author's block against that declaration before the
renderer runs: unknown keys get one wording with suggestions, missing required
keys another, and every value is converted by its type, so renderers only ever
see typed values (``block.option("min-width")`` is a float). Booleans accept
the words Python-Markdown accepts (``parseBoolValue``): yes/no, true/false,
on/off, 1/0.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from typing import Any, Callable

from markdown.util import parseBoolValue

from .errors import close_names_hint
from .syntax import needs


@dataclass(frozen=True)
class Type:
    """How an option's text becomes a value; ``parse`` raises ValueError with the reason."""

    name: str  # for documentation: "text", "yes/no", "share", ...
    parse: Callable[[str], Any]


def _text(value: str) -> str:
    return value


def _flag(value: str) -> bool:
    parsed = parseBoolValue(value, fail_on_errors=False, preserve_none=True)
    if not isinstance(parsed, bool):
        raise ValueError(f"must be yes or no, not '{value}'")
    return parsed


def _share(value: str) -> float:
    """A fraction written '0.5%' or '0.005', from 0 up to (not including) 1."""
    try:
        number = float(value[:-1]) / 100 if value.endswith("%") else float(value)
    except ValueError:
        number = -1.0
    if not 0 <= number < 1:
        raise ValueError(f"must be a share such as 0.5% or 0.005, not '{value}'")
    return number


def _fraction(value: str) -> float:
    """Strictly between 0 and 1: a significance level or a noise threshold."""
    try:
        number = float(value.rstrip("%")) / (100 if value.endswith("%") else 1)
    except ValueError:
        number = -1.0
    if not 0 < number < 1:
        raise ValueError("should be a fraction like 0.05 or a percentage like 5%")
    return number


def split_list(value: str) -> list[str]:
    """Comma-separated items; quote one that holds a comma: ``"BM_Count<std::map<K, V>>", fib``."""
    return [part.strip() for part in next(csv.reader([value], skipinitialspace=True), []) if part.strip()]


def _pairs(value: str) -> dict[str, str]:
    """``old = new, old2 = new2``."""
    pairs = {}
    for item in filter(None, (part.strip() for part in value.split(","))):
        old, sep, new = (side.strip() for side in item.partition("="))
        if not sep or not old or not new:
            raise ValueError(f"takes 'old = new' pairs separated by commas, not '{item}'")
        pairs[old] = new
    return pairs


TEXT = Type("text", _text)
FLAG = Type("yes/no", _flag)
SHARE = Type("share (0.5% or 0.005)", _share)
FRACTION = Type("fraction (0.05 or 5%)", _fraction)
NAMES = Type("comma-separated list", split_list)
PAIRS = Type("old = new, ...", _pairs)


def whole(low: int, high: int) -> Type:
    def parse(value: str) -> int:
        if not value.isdigit() or not low <= int(value) <= high:
            raise ValueError(f"must be a whole number from {low} to {high}")
        return int(value)

    return Type(f"whole number {low}-{high}", parse)


def choice(*choices: str) -> Type:
    def parse(value: str) -> str:
        lowered = value.lower()
        if lowered not in choices:
            raise ValueError(f"must be one of {', '.join(choices)}, not '{value}'{close_names_hint(lowered, choices)}")
        return lowered

    return Type(" | ".join(choices), parse)


@dataclass(frozen=True)
class Option:
    """One option a block kind accepts."""

    name: str
    type: Type = TEXT
    default: Any = None
    help: str = ""
    required: bool = False


#: Options every kind accepts: the framework reads them, not the renderer.
COMMON = (
    Option("allow", NAMES, (), "warnings the author accepts, by name (each warning says its name)"),
)


class OptionError(ValueError):
    """An option problem: the message and the key it belongs to."""

    def __init__(self, message: str, key: str | None):
        super().__init__(message)
        self.message, self.key = message, key


def read_options(kind: str, declared: tuple[Option, ...], given: dict[str, str]) -> dict[str, Any]:
    """Typed values of every declared option (defaults filled in); raises OptionError."""
    table = {o.name: o for o in (*declared, *COMMON)}
    for key in given:
        if key not in table:
            raise OptionError(f"unknown option '{key}' for a {kind} block{close_names_hint(key, table)}", key)
    values: dict[str, Any] = {}
    for option in table.values():
        text = given.get(option.name, "").strip()
        if not text:
            if option.required:
                raise OptionError(f"the {kind} block needs {needs(option.name)}", None)
            values[option.name] = option.default
            continue
        try:
            values[option.name] = option.type.parse(text)
        except ValueError as error:
            raise OptionError(f"'{option.name}' {error}", option.name) from None
    return values
