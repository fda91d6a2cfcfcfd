"""Who wrote a PDF, when, for whom: its information dictionary, then what its cover prints.

In order of trust, each field recording where it came from:

* the document information dictionary (``Title``, ``Author``) where it is plausible: not what a
  tool wrote (``Microsoft Word - draft3.docx``, a file name), not an organisation in the author
  field; a leading report number is taken off a title (``GAO-06-1046, GRANTS MANAGEMENT: ...``);
* the cover (the top of the first page): the title is its largest text that is not a series
  label (``INSIGHT``, ``Legal Sidebar``, ``In Focus``), an agency name, a date or a report
  number; an all-capitals topic line above the rest of a title is the title and the rest its
  subtitle; printed dates, ``Updated <date>`` and month-only dates (``September 2006`` ->
  ``2006-09``); author lines with their roles (``Name`` then ``Analyst in ...``, ``By ...``,
  ``Statement of ...``); the issuing organisation; the report number;
* an ``Author Information`` block in the back matter: names with their roles.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from briefs_analyzer.dates import parse_date
from briefs_analyzer.ingest.pdflines import VLine
from briefs_analyzer.metadata import Gathered, name_key, people, plausible_author, plausible_title
from briefs_analyzer.model import Metadata, Person
from briefs_analyzer.patterns import ORGANIZATION_WORDS, PERSON_NAME, ROLE_WORDS

# Series labels printed on covers; a logo letter may follow the label ("INSIGHTi").
SERIES = {
    "insight": "Insight",
    "in focus": "In Focus",
    "legal sidebar": "Legal Sidebar",
    "issue brief": "Issue Brief",
    "policy brief": "Policy Brief",
    "fact sheet": "Fact Sheet",
    "backgrounder": "Backgrounder",
    "testimony": "Testimony",
    "working paper": "Working Paper",
    "research paper": "Research Paper",
    "briefing paper": "Briefing Paper",
    "commentary": "Commentary",
}
_SERIES_LINE = re.compile(rf"^({'|'.join(map(re.escape, SERIES))})[a-z]?$", re.IGNORECASE)
_UPDATED = re.compile(r"^(?:updated|revised|published|issued|released)\s*:?\s*(.+)$", re.IGNORECASE)
_BY = re.compile(r"^(?:by|authors?:?)\s+(.+)$", re.IGNORECASE)
_STATEMENT = re.compile(r"^statement\s+of\s+(.+?)(?:,\s*(.+))?$", re.IGNORECASE)
_AUTHOR_INFO = re.compile(r"^(?:author(?:s)?\s+(?:contact\s+)?information|about\s+the\s+authors?)$", re.IGNORECASE)
_DESIGNATION = re.compile(r",?\s*\b(?:Esq\.?|Coordinator|Ph\.?D\.?|J\.D\.)\s*,?$")
_URL = re.compile(r"https?://|www\.|\.gov\b|\.org\b|\.com\b", re.IGNORECASE)
_MINOR_WORDS = frozenset({"of", "the", "and", "for", "on", "in", "to", "a", "an", "at", "&"})
_URL_TAIL = re.compile(r"\s+(?:https?://|www\.)\S*.*$", re.IGNORECASE)
_AGENCY = re.compile(
    r"^(?:the\s+)?(?:united\s+states\s+|u\.s\.\s+)?[A-Z][\w&.,’' -]*\b(?:service|office|institute|center|centre|"
    r"council|foundation|agency|commission|bureau|department|administration|endowment|institution|corporation|"
    r"program|programme|university|academy|board)\b[\w&.,’' -]*$",
    re.IGNORECASE,
)
_COVER_SHARE = 0.45  # the cover's title and labels stand in this top share of the first page
# A report's own number as a cover or running foot prints it: GAO-06-1046, GAO-08-587T, GAO/GGD-98-137;
# R48913, IF12106, IN12678, LSB11421, RS22331; 98-317.
_REPORT_NUMBER = re.compile(r"\bGAO(?:-|/[A-Z]{2,6}-)\d{2}-\d{2,6}[A-Z]{0,3}\b|\b(?:[A-Z]{1,3}\d{4,6}|\d{2}-\d{3})\b")


def report_numbers(text: str) -> list[str]:
    """Report numbers in cover text, most frequent first (the report's own number repeats);
    a fiscal year (``FY2026``) is not one."""
    found = [m.group(0).upper() for m in _REPORT_NUMBER.finditer(text) if not m.group(0).upper().startswith("FY")]
    return sorted(dict.fromkeys(found), key=lambda n: (-found.count(n), found.index(n)))


def _clean(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def _info_title(info: Mapping[str, str], numbers: Sequence[str]) -> str | None:
    title = plausible_title(info.get("title"))
    if title is None:
        return None
    for number in numbers:  # "GAO-06-1046, GRANTS MANAGEMENT: ..." -> "GRANTS MANAGEMENT: ..."
        if title.upper().startswith(number.upper()):
            title = title[len(number) :].lstrip(" ,:;-–—")
    return title or None


def _info_authors(info: Mapping[str, str]) -> tuple[Person, ...]:
    raw = info.get("author") or ""
    if not raw or _URL.search(raw) or ORGANIZATION_WORDS.search(raw.replace(",", " ")):
        return ()  # an organisation (or a login name) in the author field
    return people([raw])


def _extends(longer: str, prefix: str) -> bool:
    """Does ``longer`` start with ``prefix`` (compared as names are) and go on?"""
    return len(longer) > len(prefix) + 3 and name_key(longer).startswith(name_key(prefix))


def _date(lines: Sequence[VLine]) -> tuple[str | None, str | None]:
    """The cover's date and its kind: ``updated`` for an ``Updated <date>`` line."""
    for ln in lines:
        text = _clean(ln.text)
        if (m := _UPDATED.match(text)) and (iso := parse_date(m.group(1))):
            return iso, "updated" if text.lower().startswith(("updated", "revised")) else "published"
        if iso := parse_date(text):
            return iso, "published"
    return None, None


def _is_label(text: str, numbers: Sequence[str]) -> bool:
    """A series label, an agency name, a date, a report number, a URL or a role: not the title."""
    return bool(
        _SERIES_LINE.match(text)
        or parse_date(text)
        or _UPDATED.match(text)
        or _URL.search(text)
        or any(text.upper() == n.upper() for n in numbers)
        or (_AGENCY.match(text) and len(text.split()) <= 8)
        or text.lower().startswith(("report to", "testimony before", "prepared for"))
    )


_LOGO_CHARS = 5
_UNDER_TITLE_LINES = 4  # the author's name and the date stand within these lines under the title


def _title(
    lines: Sequence[VLine], numbers: Sequence[str], body_size: float
) -> tuple[str | None, str | None, VLine | None]:
    """The cover's title (its largest text that is not a label), a subtitle, if printed apart, and
    the title's last line.

    The title is the topmost stack of lines set at the largest size (a logo's few capitals and
    the labels left out), read top to bottom whatever stands beside it.
    """
    candidates = [
        ln
        for ln in lines
        if ln.size >= body_size * 1.15
        and not _is_label(_clean(ln.text), numbers)
        and sum(c.isalpha() or c == "." for c in ln.text) >= 3
    ]
    named = [ln for ln in candidates if not _logo(ln)]
    if not named:
        return None, None, None
    largest = max(ln.size for ln in named)
    stack = sorted((ln for ln in candidates if abs(ln.size - largest) <= 0.5), key=lambda ln: ln.top)
    # The block opens at its first line that is no logo; a few capitals standing right over it
    # or under it are words of the title broken in a narrow column ("U.S." / "SANCTIONS ON").
    start = next(i for i, ln in enumerate(stack) if not _logo(ln))
    while start and stack[start].top - stack[start - 1].bottom <= 1.2 * stack[start].size:
        start -= 1
    block = [stack[start]]
    for ln in stack[start + 1 :]:
        if ln.top - block[-1].bottom > 1.2 * ln.size:
            break
        block.append(ln)
    texts = [_clean(ln.text) for ln in block]
    # A topic in capitals over the title ("CRUDE OIL" / "Uncertainty about ..."): title and subtitle.
    caps = 0
    while caps < len(texts) and texts[caps].isupper():
        caps += 1
    if 0 < caps < len(texts):
        return " ".join(texts[:caps]), " ".join(texts[caps:]), block[-1]
    return " ".join(texts), None, block[-1]


def _logo(ln: VLine) -> bool:
    """A few capitals on their own (``GAO``, ``CRS``): a logo set as text, unless the title goes on
    next to them."""
    text = _clean(ln.text)
    return text.isupper() and len(text) <= _LOGO_CHARS


def _pairs(lines: Sequence[VLine]) -> list[Person]:
    """People a block lists: each name with the role printed under it (``Analyst in ...``) or after
    a comma, found by position, so a grid of names is read column by column."""
    found: list[tuple[float, float, Person]] = []
    for ln in lines:
        text = _clean(ln.text).rstrip(",")
        name, _, inline = text.partition(", ")
        name = _DESIGNATION.sub("", name).strip()
        if not (plausible_author(name) and PERSON_NAME.match(name)) or ROLE_WORDS.search(name):
            continue
        under = [
            o
            for o in lines
            if abs(o.x0 - ln.x0) < 4 and 0 <= o.top - ln.bottom < 1.2 * ln.size and ROLE_WORDS.search(o.text)
        ]
        role = _clean(under[0].text) if under else None
        if role is None and inline and ROLE_WORDS.search(inline) and not _DESIGNATION.fullmatch(inline):
            role = inline
        if role is not None:
            found.append((round(ln.x0 / 20), ln.top, Person(name, role)))
    return [p for _, _, p in sorted(found, key=lambda f: (f[0], f[1]))]


def _statement(lines: Sequence[VLine]) -> list[Person]:
    """``Statement of Name, Title`` on a testimony's cover; the title may run on below."""
    for i, ln in enumerate(lines):
        m = _STATEMENT.match(_clean(ln.text))
        if m is None:
            continue
        name = _DESIGNATION.sub("", m.group(1)).strip(" ,")
        role_parts = [m.group(2)] if m.group(2) and not _DESIGNATION.fullmatch(m.group(2).strip(" ,")) else []
        for o in lines[i + 1 : i + 4]:
            if abs(o.size - ln.size) > 0.5 or o.top - ln.bottom > 3 * ln.size or parse_date(_clean(o.text)):
                break
            role_parts.append(_clean(o.text))
        role = " ".join(p.strip(" ,") for p in role_parts if p.strip(" ,")) or None
        return [Person(name, role)]
    return []


def _under_title(lines: Sequence[VLine], title: str | None) -> list[Person]:
    """Names standing alone under the title, as a title block prints its authors (one a line)."""
    if not title:
        return []
    texts = [_clean(ln.text) for ln in lines]
    last = max((i for i, t in enumerate(texts) if t and t in title), default=None)
    if last is None:
        return []
    out: list[Person] = []
    for text in texts[last + 1 : last + 4]:
        name = _BY.sub(r"\1", text)
        named = PERSON_NAME.fullmatch(name) is not None and plausible_author(name) is not None
        if named and not ROLE_WORDS.search(name) and len(name.split()) <= 5 and not parse_date(name):
            out.append(Person(name))
            continue
        if out or parse_date(text):
            break
    return out


def _author_block(lines: Sequence[VLine]) -> list[VLine]:
    """The lines under an ``Author Information`` heading of the back matter, up to the next heading."""
    out: list[VLine] = []
    inside = False
    for ln in lines:
        text = _clean(ln.text)
        if _AUTHOR_INFO.match(text):
            inside = True
        elif inside and (ln.bold or ln.size > max((o.size for o in out), default=ln.size) + 1) and not _pairs([ln]):
            if not PERSON_NAME.match(text):
                break
            out.append(ln)
        elif inside:
            out.append(ln)
    return out


def _signatory(lines: Sequence[VLine]) -> list[Person]:
    """Who signs a letter: the name opening its signature lines, and the title under it."""
    texts = [_clean(ln.text) for ln in lines]
    for i, text in enumerate(texts):
        if PERSON_NAME.match(text) and plausible_author(text) and not ROLE_WORDS.search(text):
            role: list[str] = []
            for nxt in texts[i + 1 : i + 3]:
                if not role and ROLE_WORDS.search(nxt):
                    role.append(nxt)
                elif role and (role[-1].endswith(",") or nxt[:1].islower() or nxt.startswith("and ")):
                    role.append(nxt)  # a title broken over two lines
                else:
                    break
            return [Person(text, " ".join(role) or None)]
    return []


def _organization(lines: Sequence[VLine]) -> str | None:
    """The issuing body a cover prints: a short line in title case naming a service, an office ..."""
    for ln in lines:
        text = _URL_TAIL.sub("", _clean(ln.text)).strip()
        words = [w for w in text.split() if w[:1].isalpha() and w.lower() not in _MINOR_WORDS]
        title_case = bool(words) and sum(w[:1].isupper() for w in words) >= 0.8 * len(words)
        short = len(text.split()) <= 8 and not _URL.search(text) and not parse_date(text)
        if title_case and short and _AGENCY.match(text):
            return text
    return None


def printed_metadata(
    first_page: Sequence[VLine],
    back_matter: Sequence[VLine],
    info: Mapping[str, str],
    *,
    body_size: float,
    furniture: str = "",
    signature: Sequence[VLine] = (),
    tail: Sequence[VLine] = (),
) -> Metadata:
    """Metadata of a PDF, from its information dictionary and its printed cover (provenance kept)."""
    gathered = Gathered()
    put = gathered.put

    height = max((ln.bottom for ln in first_page), default=0.0)
    cover = [ln for ln in first_page if ln.top <= _COVER_SHARE * height] or list(first_page[:12])
    cover_text = " ".join(_clean(ln.text) for ln in first_page)
    back_text = " ".join(_clean(ln.text) for ln in back_matter)
    numbers = report_numbers(f"{furniture} {furniture} {cover_text} {back_text}")  # running feet count twice
    top = _COVER_SHARE * height
    title, subtitle, last = _title(
        [ln for ln in first_page if ln.top <= top or ln.size >= 2 * body_size], numbers, body_size
    )
    from_info = _info_title(info, numbers)
    if title and from_info and title.isupper() and _extends(from_info, title):
        # The dictionary holds topic and title in one string; the cover prints the topic apart.
        subtitle = subtitle or from_info[len(title) :].lstrip(" :;,-–—") or None
        from_info = None
    put("title", from_info, "pdf-info")
    put("title", title, "pdf-cover")
    put("subtitle", subtitle, "pdf-cover")
    authors = _info_authors(info)
    printed = (
        _statement(first_page)
        or _pairs(first_page)
        or _pairs(_author_block(back_matter))
        or _signatory(signature)
        or _pairs(tail)
        or _under_title(first_page, title)
    )
    roles = {name_key(p.name): p for p in printed}
    if authors:
        authors = tuple(
            Person(a.name, roles[name_key(a.name)].role if name_key(a.name) in roles else None) for a in authors
        )
        put("authors", authors, "pdf-info")
    put("authors", tuple(printed), "pdf-cover")
    # A title set large in a narrow column runs down the page: its date is printed under it.
    after = next((i + 1 for i, ln in enumerate(first_page) if ln is last), len(first_page))
    date, _ = _date([*cover, *first_page[after : after + _UNDER_TITLE_LINES]])
    put("date", date, "pdf-cover")
    put(
        "organization",
        _organization([ln for ln in (*cover, *first_page[-6:]) if ln.size <= body_size * 1.3]),
        "pdf-cover",
    )
    put("report_number", numbers[0] if numbers else None, "pdf-cover")
    printed_series = (SERIES[m.group(1).lower()] for ln in cover if (m := _SERIES_LINE.match(_clean(ln.text))))
    put("series", next(printed_series, None), "pdf-cover")
    return gathered.metadata()
