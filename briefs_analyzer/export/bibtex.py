"""BibTeX: one entry per distinct source, written with bibtexparser v2.

Entry types follow the work (:func:`briefs_analyzer.export.works.describe`), each with the
fields the standard styles require:

============================= ============================================================
work                          entry
============================= ============================================================
article with an author        ``@article`` (author, title, journal, year; a newspaper as
                              ``journal``)
book                          ``@book`` (author, title, publisher, year)
chapter with a publisher      ``@incollection`` (author, title, booktitle, publisher, year)
report                        ``@techreport`` (author, title, institution, year; ``type`` and
                              ``number`` for a series: CRS Report R47413)
anything else                 ``@misc`` (cases, statutes, bills, regulations, web pages:
                              ``howpublished`` says where, e.g. ``982 F.3d 468``)
============================= ============================================================

A work with no author but a publishing body takes the body as its corporate author
(``{{U.S. Government Accountability Office}}``) where the entry type needs an author, and as its
``key`` otherwise, so BibTeX can sort and label it.  Keys come from the source id
(:func:`bibtex_key`).  Values are escaped (:func:`bibtex_escape`), titles double-braced to keep
their capitals, names ``Family, Given`` (institutions braced whole), ``et al.`` as ``and
others``, page ranges with ``--``, months as the standard macros (``dec``).  ``url`` is written as
it is and ``urldate`` is the ISO access date (biblatex; BibTeX ignores it).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from briefs_analyzer.export import Corpus, ExportOptions
from briefs_analyzer.export.csl import ISO_DATE
from briefs_analyzer.export.names import person_name
from briefs_analyzer.export.works import Work, describe
from briefs_analyzer.model import Source
from briefs_analyzer.outputs import write_text

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIAL_RE = re.compile("|".join(re.escape(c) for c in _SPECIAL))
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
Fields = list[tuple[str, str]]


def bibtex_escape(text: str) -> str:
    """``text`` with BibTeX/LaTeX specials escaped (``&`` -> ``\\&``...); other characters stay UTF-8."""
    return _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group()], " ".join(text.split()))


def bibtex_key(source_id: str) -> str:
    """A citation key from a source id: ``src-150f566845b2`` -> ``src150f566845b2``."""
    return re.sub(r"[^A-Za-z0-9]", "", source_id)


def _braced(text: str) -> str:
    return "{" + bibtex_escape(text) + "}"


def _name(name: str) -> str:
    parts = person_name(name)
    if "literal" in parts:
        return "{" + bibtex_escape(parts["literal"]) + "}"
    family, given = bibtex_escape(parts["family"]), bibtex_escape(parts["given"])
    return f"{family}, {bibtex_escape(parts['suffix'])}, {given}" if "suffix" in parts else f"{family}, {given}"


def _authors(s: Source) -> str | None:
    if not s.authors:
        return None
    names = [_name(a) for a in s.authors]
    if any(re.search(r"\bet al\.?$", a) for a in s.authors):
        names.append("others")
    return "{" + " and ".join(names) + "}"


def entry_type(s: Source, work: Work) -> str:
    """The BibTeX entry type for ``s``: ``@misc`` only where no standard type fits."""
    has_author = bool(s.authors)
    if work.type in ("article-journal", "article-newspaper") and work.container and has_author:
        return "article"
    if work.type == "book" and work.publisher:
        return "book"
    if work.type == "chapter" and work.container and work.publisher:
        return "incollection"
    if work.type == "report" and (work.publisher or work.container):
        return "techreport"
    return "misc"


def _where(s: Source, work: Work) -> str | None:
    """``howpublished`` of a misc entry: a reporter or code cite, else the container or publisher."""
    if work.type in ("legal_case", "legislation", "regulation") and work.container:
        cite = " ".join(p for p in (work.volume or s.volume, work.container, work.page or s.pages) if p)
        return f"{cite}, {work.section}" if work.section else cite
    if work.type == "bill":
        return ", ".join(p for p in (work.number, work.authority) if p) or None
    return work.container or work.publisher


def _typed_fields(kind: str, s: Source, work: Work) -> Fields:
    fields: Fields = []
    body = work.publisher or work.container
    if kind == "article":
        fields.append(("journal", _braced(work.container or "")))
    elif kind == "book":
        fields.append(("publisher", _braced(work.publisher or "")))
        if work.publisher_place:
            fields.append(("address", _braced(work.publisher_place)))
    elif kind == "incollection":
        fields += [("booktitle", _braced(work.container or "")), ("publisher", _braced(work.publisher or ""))]
    elif kind == "techreport":
        fields.append(("institution", _braced(body or "")))
        if work.genre:
            fields.append(("type", _braced(work.genre)))
    else:
        where = _where(s, work)
        if where:
            fields.append(("howpublished", _braced(where)))
    if work.number and kind in ("techreport", "misc"):
        fields.append(("number", _braced(work.number)))
    return fields


def _date_fields(s: Source) -> Fields:
    date = ISO_DATE.match(s.date) if s.date else None
    if not date:
        return []
    fields = [("year", "{" + date.group(1) + "}")]
    if date.group(2) and 1 <= int(date.group(2)) <= 12:
        fields.append(("month", MONTHS[int(date.group(2)) - 1]))
    return fields


def entry_fields(s: Source, work: Work, kind: str) -> Fields:
    body = work.publisher or work.container or work.authority
    author = _authors(s)
    if author is None and body and kind in ("book", "techreport"):
        author = "{{" + bibtex_escape(body) + "}}"  # a corporate author, braced whole
    fields: Fields = [("author", author)] if author else []
    if work.title:
        fields.append(("title", "{{" + bibtex_escape(work.title) + "}}"))
    fields += _typed_fields(kind, s, work)
    fields += _date_fields(s)
    if s.volume and kind in ("article", "book", "incollection"):
        fields.append(("volume", _braced(s.volume)))
    if s.issue and kind == "article":
        fields.append(("number", _braced(s.issue)))
    if s.pages and work.type not in ("legal_case", "legislation", "regulation", "bill"):
        fields.append(("pages", _braced(re.sub(r"\s*[-–—]+\s*", "--", s.pages))))
    for name, value in (("doi", work.doi), ("isbn", work.isbn)):
        if value:
            fields.append((name, _braced(value)))
    if s.url:
        fields.append(("url", "{" + s.url.replace("{", "%7B").replace("}", "%7D") + "}"))
    if s.accessed:
        fields.append(("urldate", _braced(s.accessed)))
    if author is None:  # what BibTeX sorts and labels by: the body, the title, else where it is
        key = body or work.title or s.container or _host(s.url) or s.id
        fields.append(("key", _braced(key)))
    return fields


def _host(url: str | None) -> str | None:
    """The URL's host, or None (also for a URL urllib refuses, such as a broken ``[...]`` host)."""
    if not url:
        return None
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


def bibtex(corpus: Corpus) -> str:
    """A BibTeX file with one entry per distinct source of the corpus."""
    from bibtexparser import model
    from bibtexparser.library import Library
    from bibtexparser.writer import BibtexFormat, write

    entries: list[model.Block] = []
    for s in corpus.sources:
        work = describe(s)
        kind = entry_type(s, work)
        fields = [model.Field(name, value) for name, value in entry_fields(s, work, kind)]
        entries.append(model.Entry(kind, bibtex_key(s.id), fields))
    layout = BibtexFormat()  # type: ignore[no-untyped-call]
    layout.indent = "  "
    layout.block_separator = "\n"
    text: str = write(Library(entries), bibtex_format=layout)  # no middleware: values come escaped and braced
    return text


def write(corpus: Corpus, path: Path, options: ExportOptions) -> None:
    write_text(path, bibtex(corpus))
