"""Property tests: on arbitrary text the parser never raises and its offsets hold."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import brief_from

PIECES = st.sampled_from(
    [
        "The U.S. said.",
        "No. 2",
        "e.g. ",
        "...",
        "“",
        "”",
        "¹",
        "²³",
        " ",
        "\n",
        "\n\n",
        "[^1]",
        "[^2]: ",
        "[1]",
        "1 ",
        "2 ",
        "# ",
        "## Heading",
        "Notes",
        "| 1. | x |",
        "By",
        "January 5, 2025",
        "(",
        ")",
        "word",
        "Word",
        "km²",
        "*",
        "_",
        "[a](b)",
        "\t",
        "\r\n",
        "\u00a0",
        "  ",
        "?",
        "!",
        ".",
        "1965 war",
    ]
)
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=60).map("".join)


def check(text: str, markdown: bool) -> None:
    brief = brief_from(text, markdown=markdown)
    for s in brief.sentences:
        assert brief.body[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.text
    claims = {s.id: s for s in brief.sentences}
    for m in brief.markers:
        assert m.sentence in claims
        assert m.number in claims[m.sentence].markers
        assert m.line >= 1 and m.column >= 1
    assert sum(len(s.markers) for s in brief.sentences) == len(brief.markers)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_text_parser_invariants(text: str) -> None:
    check(text, markdown=False)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_markdown_parser_invariants(text: str) -> None:
    check(text, markdown=True)
