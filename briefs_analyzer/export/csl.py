"""CSL-JSON: one item per distinct source, for Zotero, pandoc and any citeproc.

Each item's ``type`` comes from :func:`briefs_analyzer.export.works.describe` (cases
``legal_case``, statutes ``legislation``, bills ``bill``, regulations ``regulation``, reports
``report`` with ``number``, ``genre`` and ``publisher``, books ``book`` with ``publisher``,
journal articles, newspaper articles, web pages); ``container-title`` is written only for works
that sit in a container (a journal, a newspaper, a site, a book for a chapter, a case's reporter).
Names go through :func:`~briefs_analyzer.export.names.person_name`; ``issued`` and ``accessed``
keep only the date parts that are known (``2019-12`` -> ``[[2019, 12]]``).  Missing fields are
left out.  Every item of the real test corpus renders in citeproc-py's Chicago styles
(notes-bibliography and author-date; ``tests/test_bibliography.py``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from briefs_analyzer.export import Corpus, ExportOptions
from briefs_analyzer.export.names import person_name
from briefs_analyzer.export.works import describe
from briefs_analyzer.model import Source
from briefs_analyzer.outputs import write_text

ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def date_parts(date: str) -> dict[str, Any]:
    match = ISO_DATE.match(date.strip())
    if not match:
        return {"raw": date}
    return {"date-parts": [[int(p) for p in match.groups() if p is not None]]}


def csl_item(s: Source) -> dict[str, Any]:
    work = describe(s)
    item: dict[str, Any] = {"id": s.id, "type": work.type}
    fields: dict[str, Any] = {
        "title": work.title,
        "author": [person_name(a) for a in s.authors] or None,
        "container-title": work.container,
        "publisher": work.publisher,
        "publisher-place": work.publisher_place,
        "genre": work.genre,
        "number": work.number,
        "authority": work.authority,
        "issued": date_parts(s.date) if s.date else None,
        "accessed": date_parts(s.accessed) if s.accessed else None,
        "URL": s.url,
        "DOI": work.doi,
        "ISBN": work.isbn,
        "volume": work.volume or s.volume,
        "issue": s.issue,
        "page": work.page or s.pages,
        "section": work.section,
    }
    item.update((k, v) for k, v in fields.items() if v is not None)
    return item


def csl_json(corpus: Corpus) -> list[dict[str, Any]]:
    """CSL-JSON items for every distinct source of the corpus (``id`` = the source id)."""
    return [csl_item(s) for s in corpus.sources]


def write(corpus: Corpus, path: Path, options: ExportOptions) -> None:
    write_text(path, json.dumps(csl_json(corpus), ensure_ascii=False, indent=2) + "\n")
