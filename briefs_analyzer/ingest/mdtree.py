"""What each line of a Markdown body *is*, from its CommonMark/GFM syntax tree (markdown-it-py).

The line reader (:mod:`briefs_analyzer.textlines`) keeps reading a Markdown brief line by line,
with its note and marker logic; this module tells it what the format knows exactly, so it never
guesses with regular expressions where the syntax tree is sure:

* a **heading** (ATX ``# Title`` and setext ``Title`` / ``=====``: the underline is no text) and
  its level;
* a **list item**'s first line, ordered or bulleted, and how deep it is nested;
* a **table** (GFM, with or without leading pipes): its rows, up to a line without a pipe (prose
  right under a table, which GFM would take for a row of one cell);
* a **code** block (fenced or indented) and an **HTML** block, which never give claims, and an
  HTML comment (``<!-- briefs: ... -->``, a directive), which gives nothing.  An "indented code
  block" whose every line stands eight columns in or more is a converter's layout of prose (the
  GAO and CRS Markdown made from PDFs and web pages indent bullets and labels so), not code.

Lines the tree puts in a paragraph, or in nothing (a link reference definition such as
``[1]: https://...`` is a bracketed note to a brief), get no hint: the reader treats them as it
treats text, so a ``[^1]: ...`` note definition (a paragraph to CommonMark without the footnote
plugin) and a run of ``| 1. | ... |`` rows with no delimiter row (a CRS notes table) stay notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from markdown_it import MarkdownIt

from briefs_analyzer.ingest.document import Line

HintKind = Literal["heading", "item", "table", "code", "html", "comment"]


@dataclass(frozen=True)
class MdBlock:
    """A block of the tree the reader takes whole: its lines, and what the tree says of it."""

    kind: HintKind
    lines: tuple[Line, ...]
    level: int = 0  # a heading's level
    content: str = ""  # a heading's text, a code block's code
    setext: bool = False  # a heading underlined (its last line is the underline)
    fenced: bool = False  # a code block between fences (else indented)


@dataclass(frozen=True)
class Hint:
    """What the tree says of one line.  ``block`` is the block it opens or belongs to."""

    kind: HintKind
    block: MdBlock | None = None
    ordered: bool = False  # a list item of a numbered list
    depth: int = 0  # a list item's nesting (1: a top-level list)
    first: bool = False  # the first line of its block


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table")
    md.disable(["inline", "text_join"])  # only the blocks are wanted: no inline parsing, whatever the text
    return md


_MD = _parser()


def line_hints(lines: Sequence[Line]) -> dict[int, Hint]:
    """The hints for ``lines`` (the body of a Markdown brief), by line number."""
    tokens = _MD.parse("\n".join(line.text for line in lines))
    hints: dict[int, Hint] = {}

    def mark(block: MdBlock) -> None:
        for i, line in enumerate(block.lines):
            hints[line.number] = Hint(block.kind, block, first=i == 0)

    lists: list[bool] = []  # the open lists, True for an ordered one
    containers = 0  # open blockquotes and lists: a heading or table inside one is left to the text reader
    for i, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append(token.type == "ordered_list_open")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        if token.type.endswith("_open") and token.type.startswith(("bullet_list", "ordered_list", "blockquote")):
            containers += 1
        elif token.type.endswith("_close") and token.type.startswith(("bullet_list", "ordered_list", "blockquote")):
            containers -= 1
        if token.map is None:
            continue
        start, end = token.map
        span = tuple(lines[start:end])
        if not span:
            continue
        if token.type == "list_item_open":
            hints[span[0].number] = Hint("item", ordered=lists[-1] if lists else False, depth=len(lists))
        elif token.type == "heading_open" and containers == 0:
            setext = token.markup[:1] in ("=", "-")
            content = tokens[i + 1].content if i + 1 < len(tokens) else ""
            mark(MdBlock("heading", span, int(token.tag[1:]), content, setext))
        elif token.type == "table_open" and containers == 0:
            # GFM runs a table on to the next blank line; a line without a pipe right under it is
            # prose a converter left there, not a row of one cell.
            for line in span:
                if "|" not in line.text:
                    break
                hints[line.number] = Hint("table")
        elif token.type == "code_block" and _layout_indent(span):
            continue  # prose a converter indented, left to the text reader
        elif token.type in ("fence", "code_block"):
            mark(MdBlock("code", span, content=token.content, fenced=token.type == "fence"))
        elif token.type == "html_block":
            kind: HintKind = "comment" if token.content.lstrip().startswith("<!--") else "html"
            mark(MdBlock(kind, span, content=token.content))
    return hints


_LAYOUT_INDENT = 8  # columns


def _layout_indent(lines: Sequence[Line]) -> bool:
    """An indented code block all of whose lines stand 8 columns in or more: a converter's layout
    (a PDF's bullets set 20 spaces in, a ``Disclaimer:`` centred with 30), never code a brief shows
    (CommonMark's four columns)."""
    texts = [line.text.expandtabs(4) for line in lines if line.text.strip()]
    return all(len(t) - len(t.lstrip()) >= _LAYOUT_INDENT for t in texts)
