"""Note text -> citations.

One note is turned into one or more :class:`~briefs_analyzer.model.Citation` objects in three
steps, each a small function:

``clean_note_text``
    joins URLs broken across lines (a break inside ``<...>`` is dropped; a bare URL that ends a
    line is continued by the next line when that line plainly continues it) and collapses spaces.
``split_citations``
    cuts the note into one chunk per citation: at ``;`` outside quotes, brackets and italics,
    then at sentence ends, then at ``, and`` between two short forms; leading signals
    (``See``, ``See also``, ``Cf.``, ``For more, see``) are dropped.
``parse_citation``
    reads one chunk: repeats first (``Ibid.``/``Id.``, ``supra``, cross-references), then legal
    forms (cases, codes), then the Chicago-style walk over comma-separated parts.

A note is ``commentary`` when none of its chunks cites anything; chunks of explanation in a note
that also cites are dropped.  Nothing here knows about other notes: resolution is in
:mod:`briefs_analyzer.resolve`.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from .dates import DATE_IN_TEXT, find_dates, parse_date
from .model import Citation, CitationKind

# --- URLs -------------------------------------------------------------------------------------
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"“”\]]+", re.IGNORECASE)
ANGLE_URL = re.compile(r"<\s*((?:https?://|www\.)[^<>]*?)\s*>", re.IGNORECASE | re.DOTALL)
ARCHIVE_URL = re.compile(r"\[\s*(?:https?://|www\.)[^\]]*\]", re.IGNORECASE)
URL_AT_LINE_END = re.compile(r"((?:https?://|www\.)[^\s<>\"“”]*)[ \t]*\r?\n[ \t]*(\S+)", re.IGNORECASE)
URL_INNER_CHARS = re.compile(r"[/?=&#%_~]|\.\w|\w-\w")
URL_TRAILING = ".,;:!?'\"”’»"
NUMBER_BROKEN_AT_HYPHEN = re.compile(r"(\d)-[ \t]*\r?\n[ \t]*(\d)")
WHITESPACE = re.compile(r"\s+")

# --- splitting --------------------------------------------------------------------------------
SENTENCE_GAP = re.compile(r"([.?!])([\"”’]?)(\s+)(?=\S)")
SIGNAL = re.compile(
    r"^(?:(?:for|on)\b[^;]*?,\s+)?(?:but\s+)?"
    r"(?:see(?:\s+also|\s+generally)?|cf\.|compare|accord|contra|refer\s+to|e\.g\.)\b"
    r"[.,]?(?:\s*e\.g\.,?)?\s*",
    re.IGNORECASE,
)
PARENTHETICAL = re.compile(r"\([^()]*\)")
SIGNAL_WORD = re.compile(r"^[(\"“]?(?:See|Cf\.|Compare|Accord|But\s+see|Contra)\b")
LEADING_JUNK = re.compile(r"^(?:[\s.,;:]+|(?:and|or|also)\s+(?=\S))", re.IGNORECASE)
CONTINUATION = re.compile(
    r"^(?:available\s+(?:at|from|online)|(?:last\s+)?accessed|retrieved|online\s+at|url\s*:|<?https?://|<?www\.)",
    re.IGNORECASE,
)
ABBREVIATIONS = frozenset(
    {"al", "ed", "eds", "trans", "vol", "vols", "no", "nos", "pp", "ch", "chap", "sec", "secs", "sess"}
    | {"cong", "art", "cl", "para", "paras", "cf", "eg", "ie", "v", "vs", "op", "cit", "rev", "repr"}
    | {"comp", "dept", "fig", "nn", "esp", "approx"}
)

# --- repeats ----------------------------------------------------------------------------------
IBID = re.compile(r"^(?:ibid\b\.?|id\.)\s*,?\s*", re.IGNORECASE)
LOCATOR_START = re.compile(r"^(?:pp?\.|§|¶|ch\.|chap\.|n\.|para\.|\d)", re.IGNORECASE)
SUPRA = re.compile(r"\bsupra\b", re.IGNORECASE)
NOTE_NUMBER = re.compile(r"^\s*,?\s*(?:notes?|nn?\.)\s*(?P<note>\d+)", re.IGNORECASE)
AT_LOCATOR = re.compile(r"^\s*,?\s*at\s+(?P<loc>[^\s(,;]+(?:\s*[–-]\s*[^\s(,;]+)?)", re.IGNORECASE)
CROSS_REFERENCE = re.compile(
    r"(?:\b(?:see|refer\s+to)(?:\s+also)?\s+(?:(?:supra|infra|above|below)\s+)?(?:notes?|nn?\.)"
    r"|\b(?:foot|end)notes?|\binfra\s+notes?|^(?:notes?|nn?\.))\s+(?P<note>\d+)",
    re.IGNORECASE,
)
INTERNAL_REFERENCE = re.compile(
    r"^(?:infra|supra|above|below)\b(?:\s+(?:notes?|nn?\.)\s+(?P<note>\d+))?", re.IGNORECASE
)
HEREINAFTER_PAREN = re.compile(
    r"\(\s*hereinafter(?:\s+(?:cited\s+as|referred\s+to\s+as))?[:,]?\s+(?P<name>(?:[^()]|\([^()]*\))+)\)",
    re.IGNORECASE,
)
HEREINAFTER_BARE = re.compile(
    r"\bhereinafter(?:\s+(?:cited\s+as|referred\s+to\s+as))?[:,]?\s+"
    r"(?P<name>[“\"][^”\"]+[”\"]|\*[^*]+\*|[^,.;]+)",
    re.IGNORECASE,
)

# --- legal forms ------------------------------------------------------------------------------
REPORTER = r"[A-Z][A-Za-z0-9.&’' ]*?"
CASE = re.compile(
    rf"^(?P<title>[A-Z][^;]*?\sv\.\s[^;]*?),\s(?P<volume>\d{{1,4}})\s(?P<reporter>{REPORTER})\s"
    r"(?P<page>\d{1,5})(?:,\s(?P<pin>\d[\d–-]*(?:,\s?\d[\d–-]*)*))?\s\((?P<court>[^()]*?\s)?(?P<year>(?:1[7-9]|20)\d\d)\)"
)
SHORT_CASE = re.compile(
    rf"^(?P<title>[A-Z][^,;]*?),\s(?P<volume>\d{{1,4}})\s(?P<reporter>{REPORTER})\sat\s(?P<pin>\d[\d,–-]*)"
)
CODE = re.compile(  # statutes, the Constitution, public laws and bills: the code title is the source
    r"^(?P<title>\d{1,3}\s(?:U\.S\.C\.(?:A\.|S\.)?|C\.F\.R\.|Stat\.)|U\.S\.\s+CONST\.?|U\.S\.\s+Const\."
    r"|P\.\s?L\.\s?\d+-\d+|Pub\.\s?L\.\s?(?:No\.\s?)?\d+-\d+"
    r"|(?:H\.\s?R\.|S\.|[HS]\.\s?(?:J\.\s?|Con\.\s?)?Res\.)\s?\d+)"
)

# --- fields -----------------------------------------------------------------------------------
ACCESSED = re.compile(r"\(?\b(?:last\s+)?(?:accessed|retrieved|viewed|consulted)(?:\s+on)?\s*:?\s*", re.IGNORECASE)
YEAR_PAGES = re.compile(r"\((?:[A-Za-z]+\.?\s+)?(?P<year>(?:1[5-9]|20)\d\d)\)\s*:\s*(?P<pages>\d+(?:\s*[–-]\s*\d+)?)")
PUBLISHER_PAREN = re.compile(
    r"\((?:(?P<place>[A-Z][^():,]*):\s*)?(?P<publisher>[A-Z][^()]*?),?\s+(?P<year>(?:1[5-9]|20)\d\d)\)"
)
YEAR_PAREN = re.compile(r"\((?:[^()]*?\s)?(?P<year>(?:1[5-9]|20)\d\d)\)")
ITALIC_VOLUME = re.compile(r"\*(?P<container>[^*]+)\*\s*,?\s*(?:vol\.\s*)?(?P<volume>\d{1,4})\b(?![–-]?\d)")
VOLUME = re.compile(r"\bvol(?:ume)?\.?\s+(?P<volume>\d{1,4})\b", re.IGNORECASE)
ISSUE = re.compile(r"\s*,?\s*(?:no|issue|iss)\.?\s*(?P<issue>\d{1,4})\b", re.IGNORECASE)
REPORT_NUMBER = re.compile(
    r"\b(?:(?:CRS|GAO|CBO)\s+(?:Report|In\s+Focus|Insight|Legal\s+Sidebar|Testimony)\s+[A-Z]*-?\d[\w-]*"
    r"|(?:Working|Discussion|Policy|Research)\s+Paper\s+(?:[Nn]o\.\s*)?[A-Z]*-?\d[\w-]*"
    r"|[HS]\.\s?(?:Doc|Rept|Prt)\.\s*(?:[Nn]o\.\s*)?\d[\w-]*"
    r"|Pub\.\s?L\.\s*No\.\s*\d+-\d+|GAO-\d\d-\d+\w*|JCX-\d[\w-]*)"
)
QUOTATION_CONTINUES = re.compile(
    r"\s+(?!(?:in|and|at|accessed|available|retrieved|last|updated|sec|vol|no|para)\b)[a-z]{2,}\b(?!\.)"
)
EMPTY_PARENS = re.compile(r"\(\s*[,;:]?\s*\)")
YEAR_PART = re.compile(r"^\(?(?:1[5-9]|20)\d\d\)?$")
_UNIT = (
    r"(?:(?:pp?|ch|chap|sec|secs|para|paras|art|cl|n|nn|fig|col|vol|pt)\.?\s*(?:[A-Z]?\d[\w.()–-]*|[IVXLC]+\b)"
    r"|(?:§§?|¶¶?)\s*[\w.()–-]*\d[\w.()–-]*"
    r"|\d+(?:\s*[–-]\s*\d+)?(?:\s*n\.\s*\d+)?)"
)
LOCATOR_PART = re.compile(rf"^(?:at\s+)?{_UNIT}(?:[.,]?\s*{_UNIT})*\.?$", re.IGNORECASE)
PAGES_PART = re.compile(r"^pp?\.\s*(?P<pages>[A-Z]?\d+(?:\s*[–-]\s*[A-Z]?\d+)?)\.?$")
BY_PART = re.compile(r"^(?:by|coordinated\s+by|edited\s+by)\s+(?P<names>.+)$", re.IGNORECASE)
IN_PART = re.compile(r"^in\s+(?P<container>[A-Z*].*)$")
ITALIC_PART = re.compile(r"^\*(?P<text>[^*]+)\*$")
ET_AL = re.compile(r",?\s*et\s+al\.?$", re.IGNORECASE)
AND_SPLIT = re.compile(r"\s*,\s*(?:(?:and|&)\s+)?|\s+(?:and|&)\s+|\s*&\s*")
PERSON_TOKEN = re.compile(r"^(?:[A-Z][A-Za-z’'\-]*\.?|(?:[A-Z]\.)+[A-Z]?[a-z]*\.?)$")
ABBREVIATION_TOKEN = re.compile(r"^\([A-Z][\w.&’'-]*\)$")
KEEP_FINAL_PERIOD = re.compile(r"(?:^|[\s.])(?:[A-Z]|Jr|Sr|Inc|Co|Ltd|Corp|al|St)\.$")
WORD = re.compile(r"[^\W\d_][\w’'&.-]*|\d[\w.-]*")

PARTICLES = frozenset(
    {"de", "da", "del", "della", "der", "den", "di", "du", "la", "le", "van", "von", "bin", "ibn", "al", "el"}
    | {"y", "dos", "das"}
)
CONNECTORS = frozenset({"of", "on", "for", "and", "the", "in", "&"})
SMALL_WORDS = frozenset(
    {"a", "an", "the", "and", "or", "but", "nor", "of", "on", "in", "to", "for", "at", "by", "from"}
    | {"with", "as", "into", "over", "vs", "v", "via", "per", "than", "upon", "about", "after", "before"}
    | {"between", "under", "without", "within", "its", "is", "are", "&"}
)

TITLE_MARK = "\ue000"
PUB_MARK = "\ue001"


# --- cleaning ---------------------------------------------------------------------------------
def clean_note_text(text: str) -> str:
    """The note's text on one line, with URLs broken across lines joined."""
    out = text.replace("\r\n", "\n").replace("\u00a0", " ")
    out = ANGLE_URL.sub(lambda m: "<" + WHITESPACE.sub("", m.group(1)) + ">", out)
    out = _join_bare_urls(out)
    out = NUMBER_BROKEN_AT_HYPHEN.sub(r"\1-\2", out)
    return WHITESPACE.sub(" ", out).strip()


def _join_bare_urls(text: str) -> str:
    while True:
        for m in URL_AT_LINE_END.finditer(text):
            if _continues_url(m.group(1), m.group(2)):
                text = text[: m.end(1)] + text[m.start(2) :]
                break
        else:
            return text


def _continues_url(url: str, following: str) -> bool:
    """Is ``following`` (the first word of the next line) the rest of ``url``?"""
    if url[-1] in URL_TRAILING + ")]" or URL.match(following):
        return False
    bare = following.rstrip(URL_TRAILING + ")")
    if not bare or bare.lower() in SMALL_WORDS:
        return False
    if URL_INNER_CHARS.search(bare):
        return True
    capitalised_word = bare[0].isupper() and bare[1:].islower()
    return url[-1] in "/-_=&?#%~" and bare[0].isalnum() and not capitalised_word


def clean_url(url: str) -> str:
    """A URL as printed, without its angle brackets and the punctuation of the sentence around it."""
    out = url.strip().strip("<>").strip()
    while out and (
        out[-1] in URL_TRAILING
        or (out[-1] == ")" and out.count("(") < out.count(")"))
        or (out[-1] == "]" and out.count("[") < out.count("]"))
    ):
        out = out[:-1]
    return out


# --- protected spans --------------------------------------------------------------------------
def _quote_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    straight = [i for i, ch in enumerate(text) if ch == '"']
    spans.extend(zip(straight[::2], straight[1::2], strict=False))
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch == "“":
            stack.append(i)
        elif ch == "”" and stack:
            start = stack.pop()
            if not stack:
                spans.append((start, i))
    return spans


def _bracket_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for opener, closer in ("()", "[]"):
        stack: list[int] = []
        for i, ch in enumerate(text):
            if ch == opener:
                stack.append(i)
            elif ch == closer and stack:
                spans.append((stack.pop(), i))
    stars = [i for i, ch in enumerate(text) if ch == "*"]
    spans.extend(zip(stars[::2], stars[1::2], strict=False))
    spans.extend((m.start(), m.end() - 1) for m in ANGLE_URL.finditer(text))
    spans.extend((m.start(), m.start() + len(clean_url(m.group(0))) - 1) for m in URL.finditer(text))
    return spans


def _mask(text: str, *, brackets: bool = True) -> list[bool]:
    """True at every character inside quotes (and, if ``brackets``, brackets, italics and URLs)."""
    inside = [False] * len(text)
    spans = _quote_spans(text) + (_bracket_spans(text) if brackets else [])
    for start, end in spans:
        for i in range(start, end + 1):
            inside[i] = True
    return inside


def _split_at(text: str, positions: list[int]) -> list[str]:
    bounds = [0, *positions, len(text)]
    return [text[a:b] for a, b in itertools.pairwise(bounds)]


def _top_level(text: str, char: str) -> list[int]:
    inside = _mask(text)
    return [
        i
        for i, ch in enumerate(text)
        if ch == char and not inside[i] and (char != "," or i + 1 == len(text) or text[i + 1].isspace())
    ]


def split_parts(text: str) -> list[str]:
    """``text`` cut at commas outside quotes, brackets, italics and URLs (the commas dropped)."""
    pieces = _split_at(text, _top_level(text, ","))
    return [pieces[0].strip(), *(p[1:].strip() for p in pieces[1:])]


# --- splitting a note into citation chunks ----------------------------------------------------
def split_citations(text: str) -> list[str]:
    """One chunk per citation (or per sentence of explanation), signals removed."""
    chunks: list[str] = []
    for piece in _split_at(text, _top_level(text, ";")):
        for sentence in split_sentences(piece.lstrip(";")):
            chunks.extend(_split_short_pairs(sentence))
    merged: list[str] = []
    for raw in chunks:
        chunk = _strip_lead(raw)
        if not chunk:
            continue
        if merged and CONTINUATION.match(chunk):
            merged[-1] = f"{merged[-1]} {chunk}"
        else:
            merged.append(chunk)
    return merged


def split_sentences(text: str) -> list[str]:
    """Cut at sentence ends outside quotes and brackets, keeping abbreviations and initials whole."""
    inside = _mask(text)
    cuts = [m.end(2) for m in SENTENCE_GAP.finditer(text) if not inside[m.start(3)] and _ends_sentence(text, m)]
    return [p.strip() for p in _split_at(text, cuts) if p.strip()]


def _ends_sentence(text: str, m: re.Match[str]) -> bool:
    before = text[: m.start(1)].rsplit(" ", 1)[-1]
    after = text[m.end(3) :]
    word = before.lstrip('("“')
    if SIGNAL_WORD.match(after):
        return not re.fullmatch(r"[A-Z]", word)
    if m.group(2) and m.group(1) != ".":
        return False  # a quoted title ending in "?" or "!"
    if not re.match(r"[\"“(]?[A-Z][A-Za-z]|[\"“]", after):
        return False
    if word.lower() in ("id", "ibid"):
        return True
    if m.group(2) or before.endswith((")", "]")) or before[-1:].isdigit() or "://" in before:
        return True
    return bool(re.fullmatch(r"[a-z]{2,}", word)) and word not in ABBREVIATIONS


def _split_short_pairs(sentence: str) -> list[str]:
    """``House Practice, ch. 34, §3, and House Manual, §27`` -> two chunks."""
    commas = _top_level(sentence, ",")
    parts = split_parts(sentence)
    cuts = [
        commas[i - 1]
        for i in range(1, len(parts))
        if re.match(r"and\s+[A-Z]", parts[i]) and _part_kind(parts[i - 1]) == "locator"
    ]
    return _split_at(sentence, cuts)


def _strip_lead(chunk: str) -> str:
    out = chunk.strip()
    while True:
        new = SIGNAL.sub("", LEADING_JUNK.sub("", out), count=1).strip()
        if new == out:
            return out
        out = new


# --- one citation -----------------------------------------------------------------------------
def parse_note(text: str) -> tuple[Citation, ...]:
    """Every citation in one note's text; a single ``commentary`` citation if it cites nothing."""
    clean = clean_note_text(text)
    cited = tuple(c for c in map(parse_citation, split_citations(clean)) if c.kind != "commentary")
    return cited or (Citation(kind="commentary", text=clean),)


def parse_citation(text: str) -> Citation:
    """One chunk of a note (signals already removed) as a Citation."""
    for parse in (_parse_ibid, _parse_internal_reference, _parse_supra, _parse_case, _parse_short_case, _parse_code):
        found = parse(text)
        if found is not None:
            return found
    return _parse_generic(text)


def _parse_ibid(text: str) -> Citation | None:
    m = IBID.match(text)
    if not m:
        return None
    rest = re.sub(r"^at\s+", "", text[m.end() :], flags=re.IGNORECASE).split(" (", 1)[0]
    rest = rest.strip().rstrip(".,;: ")
    return Citation(kind="ibid", text=text, locator=rest if rest and LOCATOR_START.match(rest) else None)


def _parse_internal_reference(text: str) -> Citation | None:
    """``infra notes 246-251``, ``infra “Heading”``: a pointer to another part of the brief."""
    m = INTERNAL_REFERENCE.match(text)
    if not m or (m.group(0).lower().startswith("supra") and m.group("note")):
        return None
    return Citation(kind="cross_reference", text=text, target_note=int(m.group("note")) if m.group("note") else None)


def _parse_supra(text: str) -> Citation | None:
    inside = _mask(text)
    m = next((m for m in SUPRA.finditer(text) if not inside[m.start()]), None)
    if not m:
        return None
    head = text[: m.start()].strip().rstrip(",").strip()
    after = text[m.end() :]
    number = NOTE_NUMBER.match(after)
    target = int(number.group("note")) if number else None
    if target is None and not head:
        return Citation(kind="cross_reference", text=text)
    if number:
        after = after[number.end() :]
    at = AT_LOCATOR.match(after)
    names = _names(head) if head else None
    title = None if names or not head else _unquote(head)
    return Citation(
        kind="supra",
        text=text,
        authors=tuple(names or ()),
        title=title,
        target_note=target,
        locator=at.group("loc").rstrip(".") if at else None,
    )


def _parse_case(text: str) -> Citation | None:
    m = CASE.match(text)
    if not m:
        return None
    return Citation(
        kind="full",
        text=text,
        title=m.group("title"),
        container=m.group("reporter"),
        volume=m.group("volume"),
        pages=m.group("page"),
        locator=m.group("pin"),
        date=m.group("year"),
    )


def _parse_short_case(text: str) -> Citation | None:
    m = SHORT_CASE.match(text)
    if not m:
        return None
    return Citation(
        kind="short",
        text=text,
        title=m.group("title"),
        container=m.group("reporter"),
        volume=m.group("volume"),
        locator=m.group("pin"),
    )


def _parse_code(text: str) -> Citation | None:
    m = CODE.match(text)
    if not m:
        return None
    rest = text[m.end() :].split(" (", 1)[0].strip(".,; ")
    return Citation(kind="full", text=text, title=m.group("title").strip(), locator=rest or None)


# --- the Chicago-style walk -------------------------------------------------------------------
@dataclass
class _Draft:
    """Fields gathered from one chunk while it is being read."""

    text: str
    url: str | None = None
    short_name: str | None = None
    title: str | None = None
    quoted: bool = False
    accessed: str | None = None
    date: str | None = None
    year: str | None = None
    pages: str | None = None
    publisher: str | None = None
    volume: str | None = None
    issue: str | None = None
    container: str | None = None
    authors: list[str] = field(default_factory=list)
    locators: list[str] = field(default_factory=list)
    report: str | None = None
    locator_follows_head: bool = False


def _parse_generic(text: str) -> Citation:
    draft = _Draft(text=text)
    rest = text
    for step in (_take_url, _take_short_name, _take_title, _take_accessed, _take_date, _take_year, _take_volume):
        rest = step(draft, rest)
    rest = EMPTY_PARENS.sub("", rest)
    _read_parts(draft, split_parts(rest))
    return _finish(draft)


def _replace(text: str, m: re.Match[str], new: str = "") -> str:
    return text[: m.start()] + new + text[m.end() :]


def _first_outside_quotes(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    inside = _mask(text, brackets=False)
    return next((m for m in pattern.finditer(text) if not inside[m.start()]), None)


def _take_url(draft: _Draft, text: str) -> str:
    text = ARCHIVE_URL.sub("", text)
    angle = ANGLE_URL.search(text)
    bare = URL.search(text)
    first = angle.group(1) if angle and (not bare or angle.start() < bare.start()) else bare and bare.group(0)
    draft.url = clean_url(first) if first else None
    text = ANGLE_URL.sub("", text)
    return URL.sub(lambda m: m.group(0)[len(clean_url(m.group(0))) :], text)


def _take_short_name(draft: _Draft, text: str) -> str:
    m = HEREINAFTER_PAREN.search(text) or HEREINAFTER_BARE.search(text)
    if not m:
        return text
    draft.short_name = _unquote(m.group("name").strip().rstrip(".,;"))
    return _replace(text, m)


def _take_title(draft: _Draft, text: str) -> str:
    """The first quoted span that stands where a title stands: first, or after authors or a container."""
    parens = [(a, b) for a, b in _bracket_spans(text) if text[a] in "(["]
    for start, end in sorted(_quote_spans(text)):
        if any(a < start < b for a, b in parens):
            continue
        if not _may_precede_title(text[:start]) or QUOTATION_CONTINUES.match(text[end + 1 :]):
            continue
        draft.title = text[start + 1 : end].strip().rstrip(",.;: ").strip() or None
        draft.quoted = draft.title is not None
        return text[:start] + TITLE_MARK + ", " + text[end + 1 :]
    return text


def _may_precede_title(before: str) -> bool:
    """Nothing, or names / an italic container / a report number, ending with a comma or colon."""
    before = before.rstrip()
    if not before:
        return True
    if not before.endswith((",", ":", "*")):
        return False
    parts = [_strip_part(p) for p in split_parts(before.rstrip(",:").strip())]
    return all(ITALIC_PART.match(p) or REPORT_NUMBER.match(p) or _names(p) for p in parts if p)


def _take_accessed(draft: _Draft, text: str) -> str:
    for m in ACCESSED.finditer(text):
        date = DATE_IN_TEXT.match(text, m.end())
        if date:
            draft.accessed = parse_date(date.group(0))
            end = date.end() + (1 if m.group(0).startswith("(") and text[date.end() : date.end() + 1] == ")" else 0)
            return text[: m.start()] + text[end:]
    return text


def _take_date(draft: _Draft, text: str) -> str:
    inside = _mask(text, brackets=False)
    for start, end, iso in find_dates(text):
        if not inside[start]:
            draft.date = iso
            return text[:start] + text[end:]
    return text


def _take_year(draft: _Draft, text: str) -> str:
    m = YEAR_PAGES.search(text)
    if m:
        draft.year, draft.pages = m.group("year"), m.group("pages")
        return _replace(text, m)
    m = PUBLISHER_PAREN.search(text)
    if m:
        draft.year, draft.publisher = m.group("year"), m.group("publisher").strip()
        return _replace(text, m, PUB_MARK)
    m = YEAR_PAREN.search(text)
    if m:
        draft.year = m.group("year")
        return _replace(text, m)
    return text


def _take_volume(draft: _Draft, text: str) -> str:
    m = ITALIC_VOLUME.search(text)
    if m:
        draft.container, draft.volume = m.group("container").strip(), m.group("volume")
        text = _replace(text, m, f"*{draft.container}*")
        after = m.start() + len(draft.container) + 2
    else:
        m = _first_outside_quotes(VOLUME, text)
        if not m:
            return text
        draft.volume = m.group("volume")
        text = _replace(text, m)
        after = m.start()
    issue = ISSUE.match(text, after)
    if issue:
        draft.issue = issue.group("issue")
        text = text[:after] + text[issue.end() :]
    return text


def _read_parts(draft: _Draft, parts: list[str]) -> None:
    """Authors, title, container and locators from the comma-separated parts left over."""
    parts = [p for p in parts if _part_kind(p) != "empty"]
    kinds = [_part_kind(p) for p in parts]
    used = _take_by_authors(draft, parts, kinds)
    if TITLE_MARK in "".join(parts):
        last_head = _read_quoted_layout(draft, parts, kinds, used)
    else:
        last_head = _read_plain_layout(draft, parts, kinds, used)
    for i, (part, kind) in enumerate(zip(parts, kinds, strict=True)):
        if kind == "locator" and i not in used:
            draft.locators.append(_strip_part(part))
        elif kind == "report" and draft.report is None:
            draft.report = _strip_part(part)
        elif kind == "in" and draft.container is None and (m := IN_PART.match(_strip_part(part))):
            draft.container = _unitalic(m.group("container"))
        elif kind == "year" and draft.year is None:
            draft.year = _strip_part(part).strip("()")
    if draft.report is None and (found := REPORT_NUMBER.search(draft.text)):
        draft.report = found.group(0)
    draft.locator_follows_head = (
        last_head is not None and last_head + 1 < len(kinds) and kinds[last_head + 1] == "locator"
    )


def _take_by_authors(draft: _Draft, parts: list[str], kinds: list[str]) -> set[int]:
    used: set[int] = set()
    for i, kind in enumerate(kinds):
        if kind != "by":
            continue
        m = BY_PART.match(_strip_part(parts[i]))
        if m:
            draft.authors.extend(_names(m.group("names")) or [m.group("names")])
        used.add(i)
        for j in range(i + 1, len(parts)):
            names = _names(_strip_part(parts[j]), people_only=True)
            if not names:
                break
            draft.authors.extend(names)
            used.add(j)
        break
    return used


def _read_quoted_layout(draft: _Draft, parts: list[str], kinds: list[str], used: set[int]) -> int | None:
    at = next(i for i, p in enumerate(parts) if TITLE_MARK in p)
    for i in range(at):
        part = _strip_part(parts[i])
        if kinds[i] == "italic":
            draft.container = draft.container or _unitalic(part)
        elif (names := _names(part)) and i not in used:
            draft.authors.extend(names)
    for i in range(at + 1, len(parts)):
        if draft.container is None and kinds[i] in ("italic", "head") and i not in used:
            draft.container = _unitalic(_strip_part(parts[i]))
    return at


def _read_plain_layout(draft: _Draft, parts: list[str], kinds: list[str], used: set[int]) -> int | None:
    heads = [i for i, k in enumerate(kinds) if k in ("head", "italic") and i not in used]
    if not heads:
        return None
    run = [heads[0]]
    while run[-1] + 1 in heads:
        run.append(run[-1] + 1)
    n_authors = 0
    if len(run) >= 2 and kinds[run[0]] == "head" and _names(_strip_part(parts[run[0]])):
        n_authors = 1
        while n_authors < len(run) - 1 and _names(_strip_part(parts[run[n_authors]]), people_only=True):
            n_authors += 1
    if not draft.authors:
        for i in run[:n_authors]:
            draft.authors.extend(_names(_strip_part(parts[i])) or [])
    title_at = run[n_authors]
    end = title_at
    if any(PUB_MARK in parts[i] for i in run[n_authors:]):
        end = next(i for i in run[n_authors:] if PUB_MARK in parts[i])
    listed = [i for i in run[n_authors + 1 :] if re.match(r"and\s", parts[i])]
    if listed:  # "Theories, Tools, and Trends": a title with a list in it
        end = max(end, listed[0])
    title = ", ".join(_unitalic(parts[i].replace(PUB_MARK, "").strip()) for i in range(title_at, end + 1))
    draft.title = re.sub(r"^and\s+(?=[A-Z*])", "", title)
    draft.title = draft.title if KEEP_FINAL_PERIOD.search(draft.title) else draft.title.rstrip(". ")
    for i in heads:
        if i > end and draft.container is None:
            draft.container = _unitalic(_strip_part(parts[i]))
    return run[-1]


def _finish(draft: _Draft) -> Citation:
    container = draft.container or draft.publisher or draft.report
    kind = _kind_of(draft, container)
    pages, locators = draft.pages, draft.locators
    if kind == "full":  # "pp. 115-133" in a full citation is the article's pages, not a pinpoint
        page_parts = [m.group("pages") for loc in locators if (m := PAGES_PART.match(loc))]
        pages = pages or (page_parts[0] if page_parts else None)
        locators = [loc for loc in locators if not PAGES_PART.match(loc)]
    cross = CROSS_REFERENCE.search(draft.text) if kind == "cross_reference" else None
    return Citation(
        kind=kind,
        text=draft.text,
        authors=tuple(draft.authors),
        title=draft.title,
        container=container,
        date=draft.date or draft.year,
        accessed=draft.accessed,
        volume=draft.volume,
        issue=draft.issue,
        pages=pages,
        url=draft.url,
        locator=", ".join(locators) or None,
        target_note=int(cross.group("note")) if cross else None,
        short_name=draft.short_name,
    )


def _kind_of(draft: _Draft, container: str | None) -> CitationKind:
    strong = any(
        (draft.date, draft.year, draft.accessed, draft.volume, draft.issue, container, draft.report, draft.short_name)
    )
    if (draft.title or draft.container or draft.publisher) and strong:
        return "full"
    if draft.title and draft.url and not draft.locator_follows_head:
        return "full"
    if CROSS_REFERENCE.search(draft.text):
        return "cross_reference"
    if draft.quoted or ((draft.authors or draft.title) and draft.locator_follows_head):
        return "short"
    return "commentary"


# --- parts and names --------------------------------------------------------------------------
def _strip_part(part: str) -> str:
    out = part.replace(PUB_MARK, "").strip()
    out = re.sub(r"^and\s+(?=[A-Z*])", "", out)
    return out if KEEP_FINAL_PERIOD.search(out) else out.rstrip(".").strip()


def _part_kind(part: str) -> str:
    """What one comma-separated part of a citation is."""
    if TITLE_MARK in part:
        return "title"
    bare = _strip_part(part)
    if not bare or ET_AL.fullmatch(bare) or bare in ("(", ")"):
        return "empty"
    if ITALIC_PART.match(bare):
        return "italic"
    if YEAR_PART.match(bare):
        return "year"
    if LOCATOR_PART.match(bare):
        return "locator"
    if REPORT_NUMBER.match(bare):
        return "report"
    if BY_PART.match(bare):
        return "by"
    if IN_PART.match(bare):
        return "in"
    return "head" if _title_like(bare) else "other"


def _title_like(text: str) -> bool:
    """Title Case (or an organisation's name): nearly every significant word capitalised."""
    while PARENTHETICAL.search(text):
        text = PARENTHETICAL.sub(" ", text)
    words = WORD.findall(ET_AL.sub("", text))
    significant = [w for w in words if w.lower() not in SMALL_WORDS and w not in PARTICLES]
    if not significant or not (significant[0][0].isupper() or significant[0][0].isdigit()):
        return False
    lower = sum(1 for w in significant if w[0].islower())
    return lower <= 2 and lower / len(significant) <= 0.2


def _person_like(name: str) -> bool:
    tokens = ET_AL.sub("", name).split()
    core = [t for t in tokens if t not in PARTICLES]
    return 1 <= len(core) <= 4 and bool(PERSON_TOKEN.match(tokens[0])) and all(PERSON_TOKEN.match(t) for t in core)


def _organisation_like(name: str) -> bool:
    tokens = ET_AL.sub("", name).split()
    allowed = all(
        PERSON_TOKEN.match(t) or t in CONNECTORS or t in PARTICLES or ABBREVIATION_TOKEN.match(t) for t in tokens
    )
    return 1 <= len(tokens) <= 9 and allowed and bool(PERSON_TOKEN.match(tokens[0])) and tokens[-1] not in CONNECTORS


def _names(text: str, *, people_only: bool = False) -> list[str] | None:
    """``text`` as a list of author names, or None if it does not read as names."""
    text = re.sub(r"^(?:and|by)\s+", "", text.strip(), flags=re.IGNORECASE)
    if not text or any(ch in text for ch in ':"“”0123456789'):
        return None
    pieces = [p.strip() for p in AND_SPLIT.split(text) if p.strip()]
    if len(pieces) > 1 and all(_person_like(p) for p in pieces):
        return pieces
    if _person_like(text) or (not people_only and _organisation_like(text)):
        return [text]
    return None


def _unitalic(text: str) -> str:
    return text.strip().strip("*").strip()


def _unquote(text: str) -> str:
    return text.strip().strip('*"“”').strip().rstrip(",.").strip()
