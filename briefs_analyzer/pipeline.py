"""The stages after parsing, and the cache key they make: per-brief stages, then a batch stage.

A file is read and parsed by :func:`briefs_analyzer.corpus.analyze_file` (``read_document`` then
``parse``); what a :class:`Pipeline` holds runs on the parsed brief.  The per-brief stages are
pure ``Brief -> Brief`` functions (citation resolution, then claim support, which reads the
resolved notes).  The batch stage (entities and events with spaCy) takes a list of briefs so
that spaCy's ``nlp.pipe`` can batch them; its model is loaded on first use, so a run served from
the cache never loads it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from briefs_analyzer._version import __version__
from briefs_analyzer.config import Config
from briefs_analyzer.limits import DEFAULT_LIMITS, Limits
from briefs_analyzer.model import Brief
from briefs_analyzer.resolve import resolve_notes
from briefs_analyzer.sources import SourceTypes, default_source_types, load_source_types
from briefs_analyzer.support import support_stage

if TYPE_CHECKING:
    from spacy.language import Language

Stage = Callable[[Brief], Brief]
BatchStage = Callable[[Sequence[Brief]], Iterator[Brief]]


def citation_stage(source_types: SourceTypes | None = None) -> Stage:
    """Parse every note into citations, resolve repeats, and give each source its id."""
    types = source_types or default_source_types()

    def resolve_citations(brief: Brief) -> Brief:
        resolution = resolve_notes(brief.notes, source_types=types)
        return replace(
            brief,
            notes=resolution.notes,
            sources=resolution.sources,
            problems=(*brief.problems, *resolution.problems),
        )

    return resolve_citations


@dataclass
class EntityStage:
    """Entities and agreement events for a batch of briefs (spaCy, loaded on first use)."""

    model: str | None
    gazetteers: tuple[Path, ...] = ()
    nlp: Language | None = field(default=None, repr=False)

    def __call__(self, briefs: Sequence[Brief]) -> Iterator[Brief]:
        from briefs_analyzer.nlp import annotate_many, load_pipeline

        if self.nlp is None:
            self.nlp = load_pipeline(self.model, self.gazetteers)
        return annotate_many(briefs, self.nlp)


@dataclass
class Pipeline:
    stages: tuple[Stage, ...]
    batch: BatchStage | None
    key: str  # changes whenever the results could: analyser code, version, configuration
    pdf_engine: str = "pdfium"
    limits: Limits = DEFAULT_LIMITS  # what one file may take: guards resources, not results, so not in the key


@cache
def code_fingerprint() -> str:
    """A hash of the analyser's own code and data files, so a cache never outlives a change."""
    h = hashlib.sha256(__version__.encode())
    root = resources.files("briefs_analyzer")
    for path in sorted(Path(str(root)).rglob("*")):
        if path.suffix in (".py", ".toml", ".jsonl", ".json") and "__pycache__" not in path.parts:
            h.update(path.name.encode() + path.read_bytes())
    return h.hexdigest()[:16]


def _file_digest(path: Path | None) -> str:
    if path is None:
        return "-"
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return f"missing:{path}"


def build_pipeline(config: Config | None = None, *, entities: bool = True) -> Pipeline:
    """The default pipeline for ``config``; ``entities=False`` skips the NLP layer."""
    config = config or Config()
    types = load_source_types(config.source_types) if config.source_types else None
    batch = EntityStage(config.model, config.gazetteers) if entities else None
    key = hashlib.sha256(
        "\0".join(
            [
                code_fingerprint(),
                _file_digest(config.source_types),
                *(_file_digest(g) for g in config.gazetteers),
                f"model={config.model}" if entities else "no-entities",
                f"pdf={config.pdf_engine}",
            ]
        ).encode()
    ).hexdigest()[:16]
    return Pipeline(
        stages=(citation_stage(types), support_stage),
        batch=batch,
        key=key,
        pdf_engine=config.pdf_engine,
        limits=config.limits,
    )


def default_stages(config: Config | None = None) -> tuple[Stage, ...]:
    """The per-brief stages alone (no NLP): for callers that analyse one file at a time."""
    return build_pipeline(config, entities=False).stages


def run_batch(pipeline: Pipeline, briefs: list[Brief]) -> list[Brief | Exception]:
    """The batch stage over ``briefs``; a brief that makes it fail is retried alone."""
    if pipeline.batch is None or not briefs:
        return list(briefs)
    try:
        return list(pipeline.batch(briefs))
    except Exception:  # noqa: BLE001 - find the brief at fault and keep the others
        out: list[Brief | Exception] = []
        for brief in briefs:
            try:
                out.extend(pipeline.batch([brief]))
            except Exception as exc:  # noqa: BLE001
                out.append(exc)
        return out
