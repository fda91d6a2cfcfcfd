"""What a Markdown file says about itself: front matter, and a header of ``**Key:** value`` lines.

* YAML front matter (``---`` ... ``---``, as pandoc, Jekyll and Quarto write it) and TOML front
  matter (``+++`` ... ``+++``, as Hugo writes it): ``title``, ``subtitle``, ``author`` (a string, a
  list, or objects with ``name``, ``affiliation``, ``role``), ``date``, ``publisher`` /
  ``organization`` / ``institute``, ``abstract`` / ``description``.  It is read with a YAML
  library, never shown as body text; front matter that does not parse is a warning (``BA004``)
  with its line, and the rest of the brief is analysed.
* A header of bold keys before the text (``**Report No.:** IN12678``, ``| **Authors:** | Frittelli,
  John; Goldman, Ben``, ``**Published:** 2006-02-01``), as converters of web pages write them.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from typing import Any

from briefs_analyzer.dates import parse_date
from briefs_analyzer.ingest.document import Line
from briefs_analyzer.metadata import people, plausible_title
from briefs_analyzer.model import Metadata, Person, Problem
from briefs_analyzer.rules import BAD_METADATA

_FENCES = {"---": ("---", "..."), "+++": ("+++",)}
_HEADER_PAIR = re.compile(r"\*\*([^*|]{2,40}?):?\*\*\s*:?\s*\|?\s*([^|*]+?)\s*(?=\||\*\*|$)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_HEADER_LINES = 60  # a header is looked for among the first lines only
# Header keys, by what they give.
_KEYS = {
    "title": "title",
    "subtitle": "subtitle",
    "report no.": "report_number",
    "report no": "report_number",
    "report number": "report_number",
    "report": "report_number",
    "product number": "report_number",
    "crs product number": "report_number",
    "document number": "report_number",
    "publication date": "date",
    "published": "date",
    "date": "date",
    "date published": "date",
    "authors": "authors",
    "author": "authors",
    "author(s)": "authors",
    "by": "authors",
    "product type": "series",
    "crs product type": "series",
    "series": "series",
    "publisher": "organization",
    "organization": "organization",
    "organisation": "organization",
}


def _bad(message: str, line: int) -> Problem:
    return BAD_METADATA.problem(line=line, column=1, reason=message)


def front_matter(lines: Sequence[Line]) -> tuple[int, Metadata, list[Problem]]:
    """The front matter at the top of a Markdown file: (lines it takes, metadata, problems)."""
    if not lines or lines[0].text.strip() not in _FENCES:
        return 0, Metadata(), []
    opening = lines[0].text.strip()
    end = next((i for i in range(1, len(lines)) if lines[i].text.strip() in _FENCES[opening]), None)
    if end is None:
        return 0, Metadata(), [_bad("front matter that is never closed", lines[0].number)]
    source = "\n".join(line.text for line in lines[1:end])
    try:
        if opening == "+++":
            data: Any = tomllib.loads(source)
            origin = "markdown-toml"
        else:
            import yaml

            data = yaml.safe_load(source)
            origin = "markdown-yaml"
    except Exception as exc:  # noqa: BLE001 - yaml and toml raise their own errors; none may stop the brief
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return end + 1, Metadata(), [_bad(f"front matter that does not parse ({first})", lines[0].number)]
    if not isinstance(data, Mapping):
        return end + 1, Metadata(), [_bad("front matter that is not a table of keys", lines[0].number)]
    metadata, problems = _from_mapping(data, origin, lines[0].number)
    return end + 1, metadata, problems


def _text(value: object) -> str | None:
    if isinstance(value, str):
        return " ".join(value.split()) or None
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return " ".join(" ".join(v.split()) for v in value) or None
    return None


def _authors(value: object) -> tuple[Person, ...]:
    """A string, a list of strings, or objects with ``name`` (and ``affiliation``, ``role``)."""
    if isinstance(value, str):
        return people([value])
    out: list[Person] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str):
            out.extend(people([item]))
        elif isinstance(item, Mapping) and isinstance(item.get("name"), str):
            affiliation = item.get("affiliation") or item.get("institute") or item.get("organization")
            if isinstance(affiliation, list):
                affiliation = ", ".join(str(a) for a in affiliation)
            role = item.get("role") or item.get("title")
            for person in people([item["name"]]):
                out.append(Person(person.name, role if isinstance(role, str) else None, _text(affiliation) or None))
    return tuple(out)


def _date(value: object, line: int, problems: list[Problem]) -> str | None:
    if hasattr(value, "isoformat"):  # YAML reads 2025-01-23 as a date
        return str(value.isoformat())[:10]
    text = _text(value)
    if text is None:
        return None
    if m := _US_DATE.match(text):
        month, day, year = (int(g) for g in m.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
    iso = parse_date(text)
    if iso is None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        problems.append(_bad(f"a date that cannot be: {text!r}", line))
    elif iso is None:
        problems.append(_bad(f"a date that cannot be read: {text!r}", line))
    return iso


def _from_mapping(data: Mapping[Any, Any], origin: str, line: int) -> tuple[Metadata, list[Problem]]:
    problems: list[Problem] = []
    keys = {str(k).lower(): v for k, v in data.items()}
    found: dict[str, object] = {
        "title": plausible_title(_text(keys.get("title"))),
        "subtitle": _text(keys.get("subtitle")),
        "authors": _authors(keys.get("author", keys.get("authors"))),
        "editors": _authors(keys.get("editor", keys.get("editors"))),
        "date": _date(keys.get("date"), line, problems) if "date" in keys else None,
        "organization": _text(keys.get("publisher") or keys.get("organization") or keys.get("institute")),
        "abstract": _text(keys.get("abstract") or keys.get("description")),
        "report_number": _text(keys.get("report-number") or keys.get("number")),
        "series": _text(keys.get("series")),
    }
    kept = {k: v for k, v in found.items() if v}
    return Metadata(**kept, provenance=tuple(sorted((k, origin) for k in kept))), problems  # type: ignore[arg-type]


def header(lines: Sequence[Line]) -> tuple[Metadata, list[Problem]]:
    """``**Key:** value`` pairs among the first lines (a converted web page's metadata header)."""
    pairs: dict[str, str] = {}
    line_of: dict[str, int] = {}
    for line in lines[:_HEADER_LINES]:
        for m in _HEADER_PAIR.finditer(line.text):
            key = _KEYS.get(" ".join(m.group(1).split()).lower().rstrip(":"))
            value = _LINK.sub(r"\1", m.group(2)).strip()
            if key and value and key not in pairs:
                pairs[key] = value
                line_of[key] = line.number
    problems: list[Problem] = []
    found: dict[str, object] = {}
    for key, value in pairs.items():
        if key == "authors":
            found[key] = people([str(value)])
        elif key == "date":
            found[key] = _date(value, line_of[key], problems)
        elif key == "title":
            found[key] = plausible_title(str(value))
        else:
            found[key] = str(value)
    kept = {k: v for k, v in found.items() if v}
    return Metadata(**kept, provenance=tuple(sorted((k, "markdown-header") for k in kept))), problems  # type: ignore[arg-type]
