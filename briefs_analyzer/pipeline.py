"""The stages that run after parsing, in order.  Each is a pure ``Brief -> Brief`` function."""

from __future__ import annotations

from dataclasses import replace

from briefs_analyzer.config import Config
from briefs_analyzer.corpus import Stage
from briefs_analyzer.model import Brief
from briefs_analyzer.resolve import resolve_notes
from briefs_analyzer.sources import SourceTypes, default_source_types, load_source_types


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


def default_stages(config: Config | None = None) -> tuple[Stage, ...]:
    config = config or Config()
    types = load_source_types(config.source_types) if config.source_types else None
    return (citation_stage(types),)
