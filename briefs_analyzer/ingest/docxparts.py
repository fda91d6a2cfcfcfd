"""What a Word package holds besides its running text: the WordprocessingML names, the paragraph
styles (and which are headings, titles, quotes), the body's paragraphs in reading order, the core
properties and title styles as metadata, and the comments where ``briefs check`` reads directives.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

from briefs_analyzer.dates import parse_date
from briefs_analyzer.metadata import Gathered, people, plausible_title, split_names
from briefs_analyzer.model import Metadata

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
RT_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
RT_ENDNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"
HEADING_MAX_WORDS = 15
HEADING_MAX_CHARS = 120


def qn(tag: str) -> str:
    return f"{{{_W}}}{tag}"


_P, R, T, _TBL, _TR, _TC = qn("p"), qn("r"), qn("t"), qn("tbl"), qn("tr"), qn("tc")
PPR, RPR, PSTYLE, RSTYLE, VAL = qn("pPr"), qn("rPr"), qn("pStyle"), qn("rStyle"), qn("val")
_INS, DEL, _MOVE_TO, MOVE_FROM = qn("ins"), qn("del"), qn("moveTo"), qn("moveFrom")
FOOTNOTE_REF, ENDNOTE_REF = qn("footnoteReference"), qn("endnoteReference")
ID, TYPE = qn("id"), qn("type")
BREAK_TAGS = {qn("br"), qn("cr")}
SPACE_TAGS = {qn("tab"), qn("ptab")}
# Elements whose content is never running text: properties, field codes, deleted text, the
# note's own number mark, drawings and text boxes (their paragraphs are not the body's).
SKIP = {
    PPR,
    RPR,
    qn("sdtPr"),
    qn("sdtEndPr"),
    qn("instrText"),
    qn("delText"),
    qn("delInstrText"),
    qn("footnoteRef"),
    qn("endnoteRef"),
    qn("separator"),
    qn("continuationSeparator"),
    qn("annotationRef"),
    qn("commentReference"),
    qn("drawing"),
    qn("pict"),
    qn("object"),
    qn("sym"),
    qn("fldChar"),
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent",
}
TRACKED = tuple(
    qn(t)
    for t in (
        "ins",
        "del",
        "moveFrom",
        "moveTo",
        "rPrChange",
        "pPrChange",
        "sectPrChange",
        "tblPrChange",
        "tblGridChange",
        "trPrChange",
        "tcPrChange",
        "numberingChange",
        "cellIns",
        "cellDel",
        "cellMerge",
    )
)
_FALSE = {"0", "false", "off", "none"}


@dataclass(frozen=True)
class _Style:
    name: str
    base: str | None
    outline: int | None  # 0-8 a heading level, 9 body text
    bold: bool | None
    italic: bool | None


def style_flag(props: Any, tag: str) -> bool | None:
    if props is None:
        return None
    el = props.find(qn(tag))
    if el is None:
        return None
    return str(el.get(VAL, "true")).lower() not in _FALSE


def read_styles(document: Any) -> dict[str, _Style]:
    out: dict[str, _Style] = {}
    for style in document.styles:
        el = style.element
        ppr = el.find(PPR)
        outline = ppr.find(qn("outlineLvl")) if ppr is not None else None
        based = el.find(qn("basedOn"))
        rpr = el.find(RPR)
        out[str(style.style_id)] = _Style(
            name=str(style.name or ""),
            base=str(based.get(VAL)) if based is not None else None,
            outline=int(outline.get(VAL)) if outline is not None and str(outline.get(VAL)).isdigit() else None,
            bold=style_flag(rpr, "b"),
            italic=style_flag(rpr, "i"),
        )
    return out


@dataclass
class Styles:
    table: dict[str, _Style]
    default_paragraph: str | None

    def chain(self, style_id: str | None) -> Iterator[_Style]:
        seen: set[str] = set()
        while style_id and style_id in self.table and style_id not in seen:
            seen.add(style_id)
            yield self.table[style_id]
            style_id = self.table[style_id].base

    def first(self, style_id: str | None, attr: str) -> Any:
        for style in self.chain(style_id):
            value = getattr(style, attr)
            if value is not None:
                return value
        return None

    def name(self, style_id: str | None) -> str:
        style = self.table.get(style_id or "")
        return style.name if style else ""


def paragraphs_in(parent: Any) -> Iterator[Any]:
    """The body's paragraphs in reading order: table cells and content controls included."""
    for child in parent:
        tag = child.tag
        if tag == _P:
            yield child
        elif tag in (_TBL, _TR, _TC, qn("sdt"), qn("sdtContent"), qn("customXml"), _INS, _MOVE_TO):
            yield from paragraphs_in(child)


def cell_places(body: Any) -> dict[Any, tuple[int, int, int]]:
    """For each paragraph inside a table: (table, row, cell), tables counted in order (nested ones flattened)."""
    out: dict[Any, tuple[int, int, int]] = {}
    for t, table in enumerate(body.iter(_TBL)):
        for r, row in enumerate(table.iter(_TR)):
            for c, cell in enumerate(row.iter(_TC)):
                for p in cell.iter(_P):
                    out.setdefault(p, (t, r, c))
    return out


def package_metadata(document: Any, hints: dict[str, list[str]]) -> Metadata:
    """Title, subtitle, authors, date and abstract from the title styles, then the core properties.

    The file's created and modified times are when the file was saved, never a publication date.
    """
    core = document.core_properties
    gathered = Gathered()
    put = gathered.put

    put("title", plausible_title(" ".join(hints.get("title", []))), "docx-style")
    put("subtitle", " ".join(hints.get("subtitle", [])) or None, "docx-style")
    put("authors", people(n for line in hints.get("author", []) for n in split_names(line)), "docx-style")
    put("date", next((d for d in (parse_date(t) for t in hints.get("date", [])) if d), None), "docx-style")
    put("abstract", " ".join(hints.get("abstract", [])) or None, "docx-style")
    put("title", plausible_title(str(core.title or "")), "docx-core")
    put("authors", people(split_names(str(core.author or ""))), "docx-core")
    return gathered.metadata()


_COMMENTS_PART = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"


def word_comments(document: Any, body: Any) -> tuple[tuple[str, int], ...]:
    """Word comments as (text, paragraph number): where ``briefs check`` reads inline directives."""
    part = next(
        (r.target_part for r in document.part.rels.values() if not r.is_external and str(r.reltype) == _COMMENTS_PART),
        None,
    )
    if part is None:
        return ()
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(part.blob, parser)
    except etree.XMLSyntaxError:
        return ()
    texts = {str(c.get(ID)): " ".join("".join(str(t) for t in c.itertext()).split()) for c in root.iter(qn("comment"))}
    anchors: dict[str, int] = {}
    for n, p in enumerate(paragraphs_in(body), start=1):
        for el in p.iter(qn("commentRangeStart"), qn("commentReference")):
            anchors.setdefault(str(el.get(ID)), n)
    return tuple((text, anchors.get(cid, 1)) for cid, text in texts.items() if text)
