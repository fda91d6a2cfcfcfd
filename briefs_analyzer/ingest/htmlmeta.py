"""A web page's metadata, where the page keeps it: Highwire ``citation_*`` tags, Dublin Core, Open
Graph ``article:*``, schema.org JSON-LD, ``<time datetime>``, then its ``<title>``.
"""

from __future__ import annotations

from dateutil import parser as dateparser

from briefs_analyzer.dates import parse_date
from briefs_analyzer.metadata import Gathered, people, plausible_title
from briefs_analyzer.model import Metadata, Person, Problem
from briefs_analyzer.rules import BAD_METADATA

from .htmltree import SLASH_DATE, El, sourceline, text_of

# --- metadata ------------------------------------------------------------------------------


def _meta(root: El, *names: str) -> list[str]:
    wanted = {n.lower() for n in names}
    values = []
    for meta in root.iter("meta"):
        key = (meta.get("name") or meta.get("property") or "").lower()
        content = " ".join((meta.get("content") or "").split())
        if key in wanted and content:
            values.append(content)
    return values


def _iso_date(text: str) -> str | None:
    text = text.strip()
    if m := SLASH_DATE.match(text):
        text = "-".join(f"{int(g):02d}" if i else g for i, g in enumerate(m.groups()) if g)
    if found := parse_date(text):
        return found
    try:
        return dateparser.isoparse(text).date().isoformat()
    except (ValueError, OverflowError):
        return None


_LD_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "report",
        "scholarlyarticle",
        "blogposting",
        "webpage",
        "creativework",
        "analysisnewsarticle",
        "techarticle",
        "governmentpermit",
        "legislation",
    }
)


def _ld_names(value: object) -> list[str]:
    """Names from a JSON-LD author or publisher: a string, an object with a name, or a list of them."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        return [name] if isinstance(name, str) else []
    if isinstance(value, list):
        return [n for item in value for n in _ld_names(item)]
    return []


def _ld_people(value: object) -> tuple[Person, ...]:
    """Persons of a JSON-LD ``author`` or ``editor``: names, with ``jobTitle`` as the role and
    ``affiliation`` (a name or an organisation object) kept."""
    items = value if isinstance(value, list) else [value]
    out: list[Person] = []
    for item in items:
        names = _ld_names(item)
        role = item.get("jobTitle") if isinstance(item, dict) else None
        affiliation = next(iter(_ld_names(item.get("affiliation"))), None) if isinstance(item, dict) else None
        for person in people(names):
            out.append(Person(person.name, role if isinstance(role, str) else None, affiliation))
    return tuple(out)


def _json_ld(root: El) -> tuple[dict[str, object], list[Problem]]:
    """The first article-like object of the page's JSON-LD (``@graph`` included), and problems met."""
    import json

    problems: list[Problem] = []
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except ValueError as exc:
            problems.append(
                BAD_METADATA.problem(line=sourceline(script), reason=f"JSON-LD that does not parse ({exc})")
            )
            continue
        items = data if isinstance(data, list) else [data]
        items = [*items, *(g for item in items if isinstance(item, dict) for g in item.get("@graph") or [])]
        for item in items:
            if not isinstance(item, dict):
                continue
            types = item.get("@type")
            names = {t.lower() for t in ([types] if isinstance(types, str) else types or []) if isinstance(t, str)}
            if names & _LD_TYPES:
                return item, problems
    return {}, problems


def page_metadata(root: El, container: El) -> tuple[Metadata, list[Problem]]:
    """Title, authors, date, publisher and abstract from the page's own metadata, in order of trust:
    Highwire ``citation_*`` tags, schema.org JSON-LD, Dublin Core, Open Graph, ``<time datetime>``."""
    ld, problems = _json_ld(root)
    gathered = Gathered()
    put = gathered.put

    def first_date(values: list[str], origin: str) -> None:
        for value in values:
            iso = _iso_date(value)
            if iso:
                put("date", iso, origin)
                return
            problems.append(BAD_METADATA.problem(reason=f"a date that cannot be read: {value!r}"))

    put("title", plausible_title(next(iter(_meta(root, "citation_title")), None)), "html-citation")
    put("authors", people(_meta(root, "citation_author")), "html-citation")
    first_date(_meta(root, "citation_publication_date", "citation_date"), "html-citation")
    put("organization", next(iter(_meta(root, "citation_publisher")), None), "html-citation")
    put("report_number", next(iter(_meta(root, "citation_technical_report_number")), None), "html-citation")
    put("abstract", next(iter(_meta(root, "citation_abstract")), None), "html-citation")
    if ld:
        headline = ld.get("headline") or ld.get("name")
        put("title", plausible_title(headline if isinstance(headline, str) else None), "html-jsonld")
        put("authors", _ld_people(ld.get("author")), "html-jsonld")
        put("editors", _ld_people(ld.get("editor")), "html-jsonld")
        date = ld.get("datePublished") or ld.get("dateCreated")
        first_date([date] if isinstance(date, str) else [], "html-jsonld")
        put("organization", next(iter(_ld_names(ld.get("publisher"))), None), "html-jsonld")
        abstract = ld.get("description") or ld.get("abstract")
        put("abstract", abstract if isinstance(abstract, str) else None, "html-jsonld")
    put("title", plausible_title(next(iter(_meta(root, "dc.title")), None)), "html-dc")
    put("authors", people(_meta(root, "dc.creator")), "html-dc")
    first_date(_meta(root, "dc.date", "dc.date.issued"), "html-dc")
    put("organization", next(iter(_meta(root, "dc.publisher")), None), "html-dc")
    put("title", plausible_title(next(iter(_meta(root, "og:title")), None)), "html-og")
    first_date(_meta(root, "article:published_time"), "html-og")
    put("authors", people(a for a in _meta(root, "author", "article:author") if "://" not in a), "html-meta")
    first_date([t.get("datetime") or "" for t in container.iter("time") if t.get("datetime")], "html-time")
    return gathered.metadata(), problems


def page_title(root: El) -> Metadata:
    """The ``<title>`` element: trusted less than the title the page prints (it often names the site)."""
    title_el = next(root.iter("title"), None)
    title = plausible_title(text_of(title_el)) if title_el is not None else None
    return Metadata(title=title, provenance=(("title", "html-title"),) if title else ())
