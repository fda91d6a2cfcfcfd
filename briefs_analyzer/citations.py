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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from .dates import DATE_IN_TEXT, find_dates, parse_date
from .identifiers import find_identifiers, publisher_of
from .legal import LegalMention, called_act, find_legal
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
CONTINUED = re.compile(r"[ \t]*\r?\n?[ \t]*\(continued(?:\.{3}|…)\)[ \t]*(?:\r?\n)?", re.IGNORECASE)
DAY_COMMA_YEAR = re.compile(
    r"\b((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}),((?:1[5-9]|20)\d\d)\b"
)

# --- splitting --------------------------------------------------------------------------------
SENTENCE_GAP = re.compile(r"([.?!])([\"”’]?)(\s+)(?=\S)")
SIGNAL = re.compile(
    r"^(?:(?:for|on)\b[^;,“”\"]{0,250}?,\s+)?(?:but\s+)?"
    r"(?:see(?:\s+also|\s+generally)?|cf\.|compare|accord|contra|refer\s+to|e\.g\.|for\s+example|for\s+instance)\b"
    r"[.,]?(?:\s*e\.g\.,?)?\s*",
    re.IGNORECASE,
)
PARENTHETICAL = re.compile(r"\([^()]*\)")
SIGNAL_WORD = re.compile(r"^[(\"“]?(?:See|Cf\.|Compare|Accord|But\s+see|Contra)\b")
LEADING_JUNK = re.compile(r"^(?:[\s.,;:]+|(?:and|or|also)(?:\s+(?=\S)|$))", re.IGNORECASE)
NEW_WORK_JOIN = re.compile(r",\s+(?:and|as\s+reported\s+in|see\s+also|see,?\s+e\.g\.,|or)\s+", re.IGNORECASE)
NEW_WORK = re.compile(  # what starts another work after ", and"
    r"(?:(?:archived\s+)?CRS\s+(?:Report|In\s+Focus|Insight)|GAO[-/,]|[“\"]|[A-Z]{2,8},\s"
    r"|(?:[A-Z][\w/.&’'-]*\s+){0,6}(?:Instruction|Directive|Memorandum|Publication)\s+\d"
    r"|(?:[A-Z][\w.’'-]*\s+){1,3}[A-Z][\w’'-]+(?:\s+et\s+al\.)?,\s+[“\"*]"
    r"|(?:[A-Z][\w.’'-]*\s+){1,3}[A-Z][\w’'-]+(?:\s+et\s+al\.)?(?:,\s+(?:[A-Z][\w.’'-]*\s+){1,3}[A-Z][\w’'-]+)*"
    r",?\s+and\s+(?:[A-Z][\w.’'-]*\s+){1,3}[A-Z][\w’'-]+,\s+[A-Z“\"*])"
)
MID_SENTENCE_REPORT = re.compile(r"(?:archived\s+)?CRS\s+(?:Report|In\s+Focus|Insight)\s+[A-Z]{0,3}\d")
# A citation is finished (what follows ", and" may start another) once it has printed one of these.
FINISHED = re.compile(
    r"[”\"]|https?://|www\.|\b(?:1[5-9]|20)\d\d\b|\b(?:CRS|GAO)\b.*\d|\d+\s+(?:U\.S\.C|C\.F\.R)|\b[A-Z]{2,}-?\d"
)
SUBTITLE_AFTER_SEMICOLON = re.compile(r";\s+(?:A|An)\s+[A-Z]")  # "Repealing Don’t Ask, Don't Tell; A Historical ..."
ATTRIBUTION = re.compile(
    r"\b(?:comes?\s+from|according\s+to|can\s+be\s+found\s+in|as\s+reported\s+in|data\b[^.;]{0,80}?\bfrom)\s+",
    re.IGNORECASE,
)
CONTINUATION = re.compile(
    r"^(?:available\s+(?:at|from|online)|(?:last\s+)?accessed|retrieved|online\s+at|url\s*:|<?https?://|<?www\.)",
    re.IGNORECASE,
)
ABBREVIATIONS = frozenset(
    {"al", "ed", "eds", "trans", "vol", "vols", "no", "nos", "pp", "ch", "chap", "sec", "secs", "sess"}
    | {"cong", "art", "cl", "para", "paras", "cf", "eg", "ie", "v", "vs", "op", "cit", "rev", "repr"}
    | {"comp", "dept", "fig", "nn", "esp", "approx", "assn", "corp", "univ", "inst", "natl", "intl", "govt"}
    | {"exec", "admin", "comm", "gov", "dep", "inc", "div", "rep", "sen", "res", "ord", "proc", "ann", "doc", "rept"}
    | {"prt", "pub", "leg", "dist", "cir", "app", "mgmt", "natl", "assn", "serv", "comm'n", "envtl", "jud"}
    | {"supp", "stat", "cong", "sess", "reg", "jan", "feb", "mar", "apr", "aug", "sept", "oct", "nov", "dec"}
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
ACCESSED = re.compile(
    r"\(?\b(?:last\s+)?(?:accessed|retrieved|viewed|consulted|visited)(?:\s+on)?\s*:?\s*", re.IGNORECASE
)
YEAR_PAGES = re.compile(r"\((?:[A-Za-z]+\.?\s+)?(?P<year>(?:1[5-9]|20)\d\d)\)\s*:\s*(?P<pages>\d+(?:\s*[–-]\s*\d+)?)")
YEAR_PAREN = re.compile(r"\((?:[^()]*?\s)?(?P<year>(?:1[5-9]|20)\d\d)\)")
ITALIC_VOLUME = re.compile(  # "*Nature Geoscience*, vol. 4", "*Journal* 12": not a year ("*Report*, 2022")
    r"\*(?P<container>[^*]+)\*\s*,?\s*(?:vol\.\s*|(?!(?:1[5-9]|20)\d\d\b))(?P<volume>\d{1,4})\b(?![–-]?\d)"
)
VOLUME = re.compile(r"\bvol(?:ume)?\.?\s+(?P<volume>\d{1,4})\b", re.IGNORECASE)
ISSUE = re.compile(r"\s*,?\s*(?:no|issue|iss)\.?\s*(?P<issue>\d{1,4})\b", re.IGNORECASE)
REPORT_NUMBER = re.compile(
    r"\b(?:(?:CRS|GAO|CBO)\s+(?:Report|In\s+Focus|Insight|Legal\s+Sidebar|Testimony)\s+[A-Z]*-?\d[\w-]*"
    r"|(?:Working|Discussion|Policy|Research)\s+Paper\s+(?:[Nn]o\.\s*)?[A-Z]*-?\d[\w-]*"
    r"|[HS]\.\s?(?:Doc|Rept|Prt)\.\s*(?:[Nn]o\.\s*)?\d[\w-]*"
    r"|Pub\.\s?L\.\s*No\.\s*\d+-\d+|GAO-\d\d-\d+\w*|JCX-\d[\w-]*)"
)
QUOTATION_CONTINUES = re.compile(
    r"\s+(?!(?:in|and|at|accessed|available|retrieved|last|updated|sec|vol|no|para|press|news|transcript|stored|"
    r"archived|originally|published|posted|blog|report|memorandum|video|podcast|speech|statement|testimony)\b)"
    r"[a-z]{2,}\b(?!\.)"
)
EMPTY_PARENS = re.compile(r"\(\s*[,;:]?\s*\)")
YEAR_PART = re.compile(r"^\(?(?:1[5-9]|20)\d\d\)?$")
_UNIT = (
    r"(?:(?:pp?|ch|chap|sec|secs|para|paras|art|cl|n|nn|fig|col|vol|pt|table|tables|enclosure|appendix|app|section)"
    r"\.?\s*(?:[A-Z]?\d[\w.()–-]*|[IVXLC]+\b|[ivxlc]{1,6}\b)"
    r"|(?:§§?|¶¶?)\s*[\w.()–-]*\d[\w.()–-]*"
    r"|\d+(?:\s*[–-]\s*\d+)?(?:\s*n\.\s*\d+)?)"
)
LOCATOR_PART = re.compile(rf"^(?:at\s+)?{_UNIT}(?:[.,]?\s*{_UNIT})*\.?$", re.IGNORECASE)
PAGES_PART = re.compile(r"^pp?\.\s*(?P<pages>[A-Z]?\d+(?:\s*[–-]\s*[A-Z]?\d+)?)\.?$")
BY_PART = re.compile(r"^(?:all\s+)?(?:by|coordinated\s+by|edited\s+by)\s+(?P<names>.+)$", re.IGNORECASE)
BY_NAMES_END = re.compile(r"\s+(?:for|to|in|on|with|which|that|as|from|about)\s+(?=[a-z])")
ALL_BY = re.compile(r",\s+all\s+by\s+[A-Z]")
IN_PART = re.compile(r"^in\s+(?P<container>[A-Z*].*)$")
ITALIC_PART = re.compile(r"^\*(?P<text>[^*]+)\*$")
ET_AL = re.compile(r",?\s*et\s+al\.?$", re.IGNORECASE)
AND_SPLIT = re.compile(r"\s*,\s*(?:(?:and|&)\s+)?|\s+(?:and|&)\s+|\s*&\s*")
PERSON_TOKEN = re.compile(
    r"^(?!.*[’']t$)(?:[A-Z][^\W\d_’'\-]*(?:[’'\-][^\W\d_]+)*\.?|(?:[A-Z]\.)+[A-Z]?[a-z]*\.?|[A-Z][\w-]*\.(?:org|com|net|gov|io))$"
)
NOT_A_PERSON = re.compile(r"\b(?:Congress|House|Senate|Committee|Subcommittee|Caucus|Conference|Council|Inc|Ltd)\b")
ORG_AUTHOR = re.compile(r"\b(?:Congress|House|Senate|Committee|Subcommittee)\b")
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

# --- what the walk recognises (see _parse_generic) ---------------------------------------------
ASIDE = re.compile(
    r"\s*\((?:specifically|e\.g\.|i\.e\.|for\s+example|including|which|that|see|stating|holding)\b[^()]*(?:\([^()]*\)[^()]*)*\)",
    re.IGNORECASE,
)
IMPRINT = re.compile(
    r"\((?P<body>[^()]*?)(?P<date>(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(?:\d{1,2},?\s+)?)?"
    r"(?:1[5-9]|20)\d\d)\)"
)
EDITION = re.compile(r"\b(?:ed\.|edition|rev\.)", re.IGNORECASE)
PLACE = re.compile(  # where a publisher sits: a known city, or "City, State"
    r"(?:Washington|New\s+York|London|Cambridge|Oxford|Boston|Chicago|Paris|Geneva|Brussels|Leiden)"
    r"(?:,\s*(?:D\.\s?C\.?|DC|[A-Z]{2}|[A-Z][a-z]+\.?(?:\s[A-Z][a-z]+)?))?"
    r"|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?,\s*(?:D\.\s?C\.?|DC|[A-Z]{2}|[A-Z][a-z]+\.?(?:\s[A-Z][a-z]+)?)|D\.?\s?C\.?|DC"
)
COURT_OR_PLACE = re.compile(r"(?:[A-Z][a-z]*\.\s?)+")  # "(Am. Sam. July 24, 2024)", "(Cal. 2022)"
DATE_LEAD = re.compile(
    r"\b(?:last\s+)?(?:updated|dated|published|issued|modified|revised)(?:\s+on)?\s*:?\s*$", re.IGNORECASE
)
VOLUME_COLON_ISSUE = re.compile(
    r"(?P<container>(?:[A-Z&][\w&’'.-]*\s+(?:(?:of|and|the|for|on|in|&)\s+)*)+)(?P<volume>\d{1,4}):\s?(?P<issue>\d{1,4})\b"
)
POSSESSIVE = re.compile(r"(?:the\s+)?(?P<pub>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,4})[’']s\s+(?=\*?[A-Z])")
ATTRIBUTED_WORK = re.compile(  # its title in italics (their extent), or else in Title Case
    r"(?:the\s+)?(?:(?P<pub>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,4})[’']s\s+)?"
    r"(?:\*(?P<italic>[^*]+)\*|(?P<title>[A-Z][\w’'&-]*(?:\s+(?:(?:of|and|the|for|on|in|&)\s+)*[A-Z0-9][\w’'&.-]*)+))"
)
REPOSITORY = re.compile(r"\b(?:Archive|Archives|Library|Repository|Website|Blog)\b")
PERIODICAL_NAME = re.compile(r"\b(?:Journal|Bulletin|Quarterly|Gazette)\b")
KNOWN_CONTAINER = re.compile(r"(?:the\s+)?(?:Congressional\s+Record|Federal\s+Register)", re.IGNORECASE)
FEDERAL_REGISTER = re.compile(r"\bFederal\s+Register\b")
STORED_AT = re.compile(r"^(?:stored|archived|hosted)\s+at\s+(?P<site>.+)$", re.IGNORECASE)
MEMO = re.compile(r"^Memorandum\s+from\s+(?:the\s+)?(?P<from>.+?)(?:\s+to\s+.*)?$")
INSTITUTION = re.compile(
    r"\b(?:Institute|Institution|University|Press|Laborator(?:y|ies)|Corporation|Corps|Inc\.?|Center|Centre|Bank|"
    r"Commission|Administration|Agency|Department|Office|Bureau|Foundation|Council|Association|Organi[sz]ation|"
    r"Ministry|Division|Authority|Academy|Society|Company|Ltd|LLC|GPO|Government\s+Printing\s+Office|"
    r"Service|Services|Enterprise)\b"
)
ORG_CONTINUES = re.compile(
    r"^(?:Subcommittee|Committee|Office|Bureau|Division|Department|Agency|Administration|Service|Center|Institute|"
    r"House|Senate|[A-Z]{2,}(?:-[A-Z]+)?$)"
)
TITLE_LEAD = re.compile(r"^(?:Chapter|Ch\.|Section|Part|Appendix)\s+\w+\s+of\s+(?=\*?[A-Z])")
SHORT_NAMED = re.compile(r"^[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*){0,5}(?:\s+et\s+al\.)?,\s+\*?[A-Z]")
NOISE_PART = re.compile(
    r"(?:at|available\s+at|available\s+online|online|press\s+release|news\s+release|transcript|daily\s+edition|"
    r"originally\s+published\s+at\s+.*|\d{1,3}(?:st|nd|rd|th)\s+Cong\.?(?:\s+\d(?:st|nd|rd|th)\s+sess\.?)?|"
    r"\d(?:st|nd|rd|th)\s+sess|\[compiled\s+by\]\s+.*|Parliamentarian|Washington|D\.?\s?C|DC|eds?\.\s+.*)",
    re.IGNORECASE,
)
CAPS_TITLE = re.compile(r"(?P<title>[A-Z0-9][A-Z0-9.’'&:;()\s-]*[A-Z.)])(?:\s+(?P<pin>\d[\d–-]*))?")
CAPS_NAME = re.compile(r"[A-Z][A-Z.’'&\s,-]*[A-Z.]")
DATED = re.compile(
    r",?\s*(?:dated|of|signed(?:\s+on)?)\s+(?P<date>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},\s+\d{4})"
)
TREATY_SHORT = re.compile(
    r"^(?P<acronym>[A-Z]{3,}[A-Z0-9]*)(?:[’']s)?\s+(?:Articles?|Arts?\.|Part|Parts|Preamble|Annex|Annexes)\b"
)
TITLE_WITH_QUOTE = re.compile(
    r"^[^\"“”]+:\s+(?:The\s+|A\s+)?[\"“][^\"“”]+[\"”]$"
)  # Hearings: The “Minority Witness Rule”
PROSE = re.compile(r"\b[a-z]{3,}\s+[a-z]{3,}\s+[a-z]{3,}\b")
QUOTED = re.compile(r"[“\"][^”\"]*[”\"]")
ACT_NAME = re.compile(r"^\s*(?P<act>[A-Z][^()]*?\bAct(?:\s+of\s+\d{4})?),?\s*$")
ATTACHED = frozenset({"fed_reg", "cfr", "executive_order", "report_number"})
LEGAL_WORK_TYPES = {
    "usc": "legislation", "public_law": "legislation", "stat": "legislation", "code": "legislation",
    "rule": "legislation", "cfr": "regulation", "fed_reg": "regulation", "executive_order": "regulation",
    "bill": "bill", "reporter": "legal_case", "constitution": "legislation",
}  # fmt: skip

PAIRED = {"(": ")", "[": "]", ")": "(", "]": "["}  # each bracket and its other half
TITLE_MARK = "\ue000"
PUB_MARK = "\ue001"


# --- cleaning ---------------------------------------------------------------------------------
def clean_note_text(text: str) -> str:
    """The note's text on one line, with URLs broken across lines (or across a page break) joined."""
    out = text.replace("\r\n", "\n").replace("\u00a0", " ")
    out = CONTINUED.sub("\n", out)  # "(continued...)" at a page break: the note goes on
    out = DAY_COMMA_YEAR.sub(r"\1, \2", out)  # "September 19,2024"
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
    return [text[a:b] for a, b, _ in split_spans(text)]


def split_spans(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, attributed) of each chunk: one per cited work or sentence of explanation.

    Cuts at ``;`` and sentence ends outside quotes and brackets, then inside a sentence where a
    new work starts: ``, and`` or ``, as reported in`` before a new author, title or report
    number, and before a CRS report cited mid-sentence.  ``attributed`` marks a chunk that a
    sentence attributes information to (``comes from X``, ``according to X``, ``data ... from
    X``): a work named there is cited even without its details.  Leading signals are dropped.
    """
    pieces: list[tuple[int, int, bool]] = []
    semicolons = [i + 1 for i in _top_level(text, ";") if not SUBTITLE_AFTER_SEMICOLON.match(text, i)]
    for a, b in _spans_at(text, 0, len(text), semicolons):
        for sa, sb in _spans_at(text, a, b, _sentence_cuts(text, a, b)):
            pieces.extend(_work_spans(text, sa, sb))
    merged: list[tuple[int, int, bool]] = []
    for a, b, attributed in pieces:
        a, b = _strip_span(text, a, b)
        if a >= b:
            continue
        if merged and CONTINUATION.match(text[a:b]):
            merged[-1] = (merged[-1][0], b, merged[-1][2])
        else:
            merged.append((a, b, attributed))
    return merged


def _spans_at(text: str, a: int, b: int, cuts: list[int]) -> list[tuple[int, int]]:
    bounds = [a, *sorted(c for c in cuts if a < c < b), b]
    return [(x, y) for x, y in itertools.pairwise(bounds) if text[x:y].strip(" ;")]


def _sentence_cuts(text: str, a: int, b: int) -> list[int]:
    piece = text[a:b]
    inside = _mask(piece)
    return [a + m.end(2) for m in SENTENCE_GAP.finditer(piece) if not inside[m.start(3)] and _ends_sentence(piece, m)]


def _work_spans(text: str, a: int, b: int) -> list[tuple[int, int, bool]]:
    """A sentence cut where a new work starts inside it; see :func:`split_spans`."""
    sentence = text[a:b]
    inside = _mask(sentence)
    cuts: list[int] = []
    last = 0
    for m in NEW_WORK_JOIN.finditer(sentence):
        if not inside[m.start()] and NEW_WORK.match(sentence, m.end()) and FINISHED.search(sentence[last : m.start()]):
            cuts.append(m.start() + 1)
            last = m.end()
    for m in MID_SENTENCE_REPORT.finditer(sentence):
        if m.start() > 0 and not inside[m.start()]:
            cuts.append(m.start())
    commas = _top_level(sentence, ",")
    parts = split_parts(sentence)
    cuts.extend(
        commas[i - 1] + 1
        for i in range(1, len(parts))
        if re.match(r"and\s+\*?[A-Z]", parts[i]) and _part_kind(parts[i - 1]) == "locator"
    )
    attributed_from: list[int] = []
    for m in ATTRIBUTION.finditer(sentence):
        if not inside[m.start()]:
            cuts.append(m.end())
            attributed_from.append(m.end())
    out = []
    for x, y in _spans_at(text, a, b, [a + c for c in cuts]):
        out.append((x, y, (x - a) in attributed_from))
    return out


def _strip_span(text: str, a: int, b: int) -> tuple[int, int]:
    chunk = text[a:b]
    stripped = _strip_lead(chunk)
    if not stripped:
        return b, b
    start = a + chunk.find(stripped)
    return start, start + len(stripped.rstrip(" ;"))


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
    if not re.match(r"[\"“(*]?[A-Z][A-Za-z]|[\"“]", after):  # a capital, a quotation, italics (*...*)
        return False
    if word.lower() in ("id", "ibid"):
        return True
    if m.group(2) or before.endswith((")", "]")) or before[-1:].isdigit() or "://" in before:
        return True
    next_word = re.match(r"[A-Za-z]+", after)
    if next_word and next_word.group(0).lower() in ABBREVIATIONS | {"vol", "no", "pp", "p"}:
        return False  # "... Geologists Bulletin. Vol. 89, no. 8"
    if before.endswith("*"):
        return True  # a full stop after italics (``*Title*.``) is not an abbreviation's
    if re.fullmatch(r"[A-Z][a-z]{3,}", word) and word.lower() not in ABBREVIATIONS:
        return True  # "... from the Oil and Gas Journal. Consistent with ..."
    return bool(re.fullmatch(r"[a-z]{2,}", word)) and word not in ABBREVIATIONS


def _strip_lead(chunk: str) -> str:
    out = chunk.strip()
    while True:
        new = SIGNAL.sub("", LEADING_JUNK.sub("", out), count=1).strip()
        if new == out:
            return out
        out = new


# --- one note ---------------------------------------------------------------------------------
def parse_note(text: str, italics: Sequence[tuple[int, int]] = ()) -> tuple[Citation, ...]:
    """Every citation in one note's text; a single ``commentary`` citation if it cites nothing.

    ``italics`` are the spans of ``text`` the reader found set in italics (PDF, Word, HTML): a
    title or a periodical's name, whose extent the font gives, commas and all.  Word and HTML notes
    that still carry italics as ``*...*`` in their text are read the same way.
    """
    clean = clean_note_text(mark_italics(text, italics))
    legal = _legal_mentions(clean)
    cited: list[Citation] = []
    for start, end, attributed in split_spans(clean):
        inside = [m for m in legal if start <= m.start < end]
        cited.extend(_parse_chunk(clean, start, end, inside, attributed=attributed))
    chunked = {m.start for m in legal}
    covered = {(c.identifiers[0] if c.identifiers else None) for c in cited}
    for m in legal:  # legal authorities in spans no chunk kept (e.g. between chunks)
        if m.start not in chunked and (m.scheme, m.value) not in covered:
            cited.append(_legal_citation(clean, m))
    out = _merge_repeated(_share_all_by(c for c in cited if c.kind != "commentary"))
    return tuple(_unmarked(c) for c in out) or (Citation(kind="commentary", text=clean),)


def _legal_mentions(text: str) -> list[LegalMention]:
    """The legal authorities of ``text`` found as if it had no italic marks (``90 *Federal Register* 50494``
    is ``90 Federal Register 50494`` whatever its typography), their spans given back in ``text``.

    A span that would leave one of a pair of marks outside it takes that mark in.
    """
    kept = [i for i, ch in enumerate(text) if ch != "*"]
    if len(kept) == len(text):
        return find_legal(text)
    out = []
    for m in find_legal("".join(text[i] for i in kept)):
        start = kept[m.start] if m.start < len(kept) else len(text)
        end = kept[m.end - 1] + 1 if m.end > m.start else start
        while text.count("*", start, end) % 2:
            if text.startswith("*", end):
                end += 1
            elif start > 0 and text[start - 1] == "*":
                start -= 1
            else:
                break
        out.append(replace(m, start=start, end=end))
    return out


def _unmarked(citation: Citation) -> Citation:
    """``citation`` without the ``*`` italic marks in its fields: they told the parser where a title
    ends, they are not part of it (a PDF's italics broken at a line end: ``Impossible* *Metals``)."""
    changes: dict[str, object] = {}
    for name in ("title", "container", "publisher", "short_name"):
        value = getattr(citation, name)
        if value and "*" in value:
            changes[name] = " ".join(value.replace("*", "").split()) or None
    if citation.authors and any("*" in a for a in citation.authors):
        changes["authors"] = tuple(a.replace("*", "").strip() for a in citation.authors)
    return replace(citation, **changes) if changes else citation  # type: ignore[arg-type]


def mark_italics(text: str, italics: Sequence[tuple[int, int]]) -> str:
    """``text`` with each italic span wrapped in ``*...*``, the mark the parser reads titles by.

    Spans that overlap or have only spaces between them (one title set across a line end) are one
    span; each is then taken to the extent of a title (:func:`_title_extent`)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(italics):
        start, end = max(start, 0), min(end, len(text))
        if merged and (start <= merged[-1][1] or not text[merged[-1][1] : start].strip()):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    spans = [span for span in (_title_extent(text, a, b) for a, b in merged) if span is not None]
    out = text
    for start, end in sorted(spans, reverse=True):
        out = f"{out[:start]}*{out[start:end]}*{out[end:]}"
    return out


def _title_extent(text: str, start: int, end: int) -> tuple[int, int] | None:
    """What of an italic span is a title: whole words, without the sentence's punctuation at its edges.

    A word is set in one style, so a span that stops inside a word takes the whole word.  Typesetters
    often set the punctuation next to a title in its italics: a comma, semicolon or colon after it,
    the opening bracket that follows it or the closing one before it are the sentence's, not the
    title's.  None when nothing of the span is left (a lone italic full stop).
    """
    while 0 < start < end and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while start < end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    while start < end:
        first, last, inside = text[start], text[end - 1], text[start:end]
        if first.isspace() or first in ",;:)]" or (first in "([" and inside.count(first) > inside.count(PAIRED[first])):
            start += 1
        elif last.isspace() or last in ",;:([" or (last in ")]" and inside.count(last) > inside.count(PAIRED[last])):
            end -= 1
        else:
            break
    return (start, end) if any(ch.isalnum() for ch in text[start:end]) else None


def _parse_chunk(note: str, start: int, end: int, legal: list[LegalMention], *, attributed: bool) -> list[Citation]:
    """The citations of one chunk: a repeat, legal authorities, and/or one work read field by field."""
    text = note[start:end]
    for parse in (_parse_ibid, _parse_internal_reference, _parse_supra, _parse_short_case, _parse_treaty_short):
        found = parse(text)
        if found is not None:
            return [found]
    for h in HEREINAFTER_PAREN.finditer(text):  # "(hereinafter E.O. 14285)" names, it does not cite
        legal = [x for x in legal if not start + h.start() <= x.start < start + h.end()]
    if not legal:
        return _one_per_number(_parse_generic(text, attributed=attributed))
    act_name = ACT_NAME.match(text[: legal[0].start - start])
    # "X Act, Pub. L. No. 75-717, 52 Stat. 1040": one act
    if act_name and any(m.scheme in ("public_law", "stat") for m in legal):
        ids = _unique((m.scheme, m.value) for m in legal if m.scheme in ("public_law", "stat", "usc") and m.value)
        year = YEAR_PAREN.search(text)
        return [
            Citation(
                kind="full", text=text, title=" ".join(act_name.group("act").split()), identifiers=ids,
                date=year.group("year") if year else None, work_type="legislation",
            )
        ]  # fmt: skip
    masked = text
    for m in sorted(legal, key=lambda m: -m.start):
        a, b = m.start - start, min(m.end, end) - start
        if m.title and m.scheme in ("usc", "public_law"):
            act = masked.rfind(m.title, 0, a)
            a = act if act >= 0 else a
        masked = masked[:a] + " " * (b - a) + masked[b:]
    work = _parse_generic(masked, attributed=attributed, original=text)
    if work.kind == "commentary" or not (work.title or work.authors or work.url):
        return [_legal_citation(note, m) for m in legal]
    attached = [m for m in legal if m.scheme in ATTACHED and not _in_parens(text, m.start - start)]
    ids = tuple((m.scheme, m.value) for m in attached if m.scheme and m.value)
    if any(m.scheme == "fed_reg" for m in attached) or FEDERAL_REGISTER.search(masked):
        work = replace(work, container="Federal Register", work_type="regulation")
    work = replace(work, identifiers=_unique((*work.identifiers, *ids)), text=text)
    anchor = _anchor(text, work)
    before = [_legal_citation(note, m) for m in legal if m not in attached and m.start - start < anchor]
    after = [_legal_citation(note, m) for m in legal if m not in attached and m.start - start >= anchor]
    return [*before, work, *after]


def _one_per_number(work: Citation) -> list[Citation]:
    """``GAO-04-343SP, GAO-05-927.``: report numbers alone, one citation each."""
    numbers = [pair for pair in work.identifiers if pair[0] == "report_number"]
    if len(numbers) < 2 or work.title or work.authors or work.url:
        return [work]
    return [replace(work, identifiers=(pair,), text=pair[1]) for pair in numbers]


def _anchor(text: str, work: Citation) -> int:
    """Where a work's own text starts in its chunk (its title, else its first author, else its URL),
    found whatever italic marks stand in the chunk (the fields have none)."""
    kept = [i for i, ch in enumerate(text) if ch != "*"]
    plain = "".join(text[i] for i in kept)
    for probe in (work.title, work.authors[0] if work.authors else None, work.url):
        if probe and (at := plain.find(probe.replace("*", ""))) >= 0:
            return kept[at]
    return 0


def _in_parens(text: str, at: int) -> bool:
    depth = 0
    for ch in text[:at]:
        depth += ch == "("
        depth -= ch == ")" and depth > 0
    return depth > 0


def _legal_citation(note: str, m: LegalMention) -> Citation:
    """A legal authority as a citation of its own."""
    text = note[m.start : m.end]
    if m.kind == "id":
        return Citation(kind="ibid", text=text, locator=m.locator)
    if m.kind == "supra":
        names = tuple(_names(m.antecedent) or ()) if m.antecedent else ()
        return Citation(kind="supra", text=text, authors=names, target_note=m.target_note)
    if m.kind == "short":
        return Citation(
            kind="short", text=text, title=m.antecedent, volume=m.volume, container=m.reporter, locator=m.locator
        )
    kind: CitationKind = "full"
    date = m.date
    if date is None and (dated := DATED.match(note, m.end)):
        date = parse_date(dated.group("date"))
    title = m.title
    if title is None and m.scheme == "bill":
        title = called_act(note, m.end)
    return Citation(
        kind=kind,
        text=text,
        title=title,
        date=date,
        identifiers=((m.scheme, m.value),) if m.scheme and m.value else (),
        work_type=LEGAL_WORK_TYPES.get(m.scheme or ""),
        locator=m.locator,
    )


def _unique(pairs: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(dict.fromkeys(pairs))


def _share_all_by(citations: Iterable[Citation]) -> list[Citation]:
    """``X, Y, and Z, all by A``: A wrote every work of the run that ``all by`` closes."""
    out = list(citations)
    run_start = 0
    for i, c in enumerate(out):
        if ALL_BY.search(c.text):
            for j in range(run_start, i):
                if not out[j].authors and out[j].kind == "full" and out[j].identifiers:
                    out[j] = replace(out[j], authors=c.authors)
            run_start = i + 1
        elif c.authors:
            run_start = i + 1
    return out


def _merge_repeated(citations: list[Citation]) -> list[Citation]:
    """A work cited twice in one note is one citation, with the fuller of the two readings."""
    out: list[Citation] = []
    for c in citations:
        key = _work_key(c)
        twin = next((i for i, o in enumerate(out) if key is not None and _same_work(o, c)), None)
        if twin is None:
            out.append(c)
        elif _fullness(c) > _fullness(out[twin]):
            out[twin] = c
    return out


def _same_work(a: Citation, b: Citation) -> bool:
    """Two readings of one work in a note: the same identifiers (one set inside the other), or one bare URL."""
    if _work_key(a) == _work_key(b):
        return True
    ids_a, ids_b = set(a.identifiers), set(b.identifiers)
    return bool(ids_a and ids_b) and (ids_a <= ids_b or ids_b <= ids_a)


def _work_key(c: Citation) -> str | None:
    if c.kind not in ("full", "short"):
        return None
    if c.identifiers:
        return "|".join(f"{k}={v}" for k, v in sorted(c.identifiers))
    if c.url and not c.title:
        return "url " + c.url
    return None


def _fullness(c: Citation) -> int:
    return sum(bool(v) for v in (c.title, c.authors, c.date, c.url, c.container, c.publisher)) + len(c.identifiers)


# --- one citation -----------------------------------------------------------------------------
def parse_citation(text: str) -> Citation:
    """One chunk of a note (signals already removed) as a Citation."""
    for parse in (_parse_ibid, _parse_internal_reference, _parse_supra, _parse_short_case):
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


def _parse_treaty_short(text: str) -> Citation | None:
    """``UNCLOS Article 77(1)``, ``UNCLOS’s Preamble``: an instrument's abbreviation and a provision."""
    m = TREATY_SHORT.match(text)
    if not m:
        return None
    return Citation(
        kind="short", text=text, title=m.group("acronym"), locator=text[m.end("acronym") :].strip(" ’'s.") or None
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
    identifiers: list[tuple[str, str]] = field(default_factory=list)
    book: bool = False  # an imprint "(Place: Publisher, Year)" was printed
    chapter: bool = False  # "in <book>, eds. ..."
    locator_follows_head: bool = False


def _parse_generic(text: str, *, attributed: bool = False, original: str | None = None) -> Citation:
    draft = _Draft(text=original or text)
    rest = ASIDE.sub("", text)
    steps = (
        _take_url, _take_short_name, _take_identifiers, _take_title, _take_accessed, _take_imprint, _take_date,
        _take_year, _take_volume,
    )  # fmt: skip
    for step in steps:
        rest = step(draft, rest)
    if attributed:
        rest = _take_possessive(draft, rest)
    rest = EMPTY_PARENS.sub("", rest)
    _read_parts(draft, split_parts(rest))
    citation = _finish(draft)
    if attributed and (citation.kind == "commentary" or not (citation.title or citation.url or citation.container)):
        return _parse_attributed(text) or citation
    return citation


def _parse_attributed(text: str) -> Citation | None:
    """A work a sentence attributes information to, named in prose: ``EIA’s Monthly Energy Review (2006)``."""
    m = ATTRIBUTED_WORK.match(text.strip())
    if not m or (m.group("title") and len(m.group("title").split()) < 2):
        return None
    name = " ".join((m.group("italic") or m.group("title")).split())
    paren = re.match(r"\s*\((?P<date>[^()]*)\)", text.strip()[m.end() :])
    date = parse_date(paren.group("date")) if paren else None
    edition = bool(re.search(r"\b(?:1[5-9]|20)\d\d$", name))
    kind: CitationKind = "full" if date or edition else "short"
    # "the Oil and Gas Journal": a periodical
    title, container = (None, name) if PERIODICAL_NAME.search(name) else (name, None)
    return Citation(kind=kind, text=text, title=title, container=container, publisher=m.group("pub"), date=date)


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
    if draft.url:
        draft.identifiers.extend(
            (f.scheme, f.value) for f in find_identifiers(draft.url) if f.scheme in ("arxiv", "doi")
        )
    text = ANGLE_URL.sub("", text)
    return URL.sub(lambda m: m.group(0)[len(clean_url(m.group(0))) :], text)


def _take_short_name(draft: _Draft, text: str) -> str:
    m = HEREINAFTER_PAREN.search(text) or HEREINAFTER_BARE.search(text)
    if not m:
        return text
    draft.short_name = _unquote(m.group("name").strip().rstrip(".,;"))
    return _replace(text, m)


def _take_identifiers(draft: _Draft, text: str) -> str:
    """Report numbers, DOIs, ISBNs...: kept as identifiers and cut out of the text."""
    inside = _mask(text, brackets=False)
    for found in reversed(find_identifiers(text)):
        if inside[found.start]:
            continue
        pair = (found.scheme, found.value)
        if pair not in draft.identifiers:
            draft.identifiers.insert(0, pair)
        draft.publisher = draft.publisher or publisher_of(found) or found.issuer
        text = text[: found.start] + " " + text[found.end :]
    return text


def _take_title(draft: _Draft, text: str) -> str:
    """The first quoted span that stands where a title stands: first, or after authors or a container."""
    parens = [(a, b) for a, b in _bracket_spans(text) if text[a] in "(["]
    for start, end in sorted(_quote_spans(text)):
        if any(a < start < b for a, b in parens):
            continue
        if not _may_precede_title(text[:start]) or QUOTATION_CONTINUES.match(text[end + 1 :]):
            continue
        draft.title = text[start + 1 : end].strip().rstrip(",;: ").strip() or None
        if draft.title and not draft.title.endswith(("?", "!", "...", "…")):
            draft.title = draft.title.rstrip(".")
        draft.quoted = draft.title is not None
        return text[:start] + TITLE_MARK + ", " + text[end + 1 :]
    return text


def _may_precede_title(before: str) -> bool:
    """Nothing, or names / an italic container / a report number, ending with a comma, colon or dash."""
    before = before.rstrip()
    if not before:
        return True
    if not before.endswith((",", ":", "*", "–", "—")):
        return False
    parts = [_strip_part(p) for p in split_parts(before.rstrip(",:–— ").strip())]
    return all(
        ITALIC_PART.match(p) or REPORT_NUMBER.match(p) or _names(p) or MEMO.match(p) or re.match(r"to\s", p)
        for p in parts
        if p
    )


def _take_accessed(draft: _Draft, text: str) -> str:
    for m in ACCESSED.finditer(text):
        date = DATE_IN_TEXT.match(text, m.end())
        if date:
            draft.accessed = parse_date(date.group(0))
            end = date.end()
            start = m.start()
            if text[start:end].startswith("(") and text[end : end + 1] == ")":
                end += 1
            elif start > 0 and text[start - 1] == "(" and text[end : end + 1] == ")":
                start, end = start - 1, end + 1
            return text[:start] + text[end:]
    return text


def _take_imprint(draft: _Draft, text: str) -> str:
    """``(Place: Publisher, Date)``, ``(Publisher, Year)``, ``(Washington, D.C.: Date)``, ``(Month Year)``."""
    for m in IMPRINT.finditer(text):
        date = parse_date(m.group("date"))
        if date is None or re.match(r"\s*:\s*\d", text[m.end() :]):  # "(2016): 98" is a journal's year and pages
            continue
        body = m.group("body").strip().rstrip(",").strip()
        publisher = _imprint_publisher(body)
        if publisher:
            draft.publisher = publisher
            draft.book = True
        draft.date = draft.date or (date if len(date) > 4 else None)
        draft.year = draft.year or date[:4]
        return _replace(text, m, PUB_MARK if publisher else "")
    return text


def _imprint_publisher(body: str) -> str | None:
    if not body or EDITION.search(body) or COURT_OR_PLACE.fullmatch(body) or not body[0].isupper():
        return None
    if ":" in body:
        left, right = (x.strip() for x in body.split(":", 1))
        if PLACE.fullmatch(left):
            return right or None
        if PLACE.fullmatch(right) or not right:
            return left if not PLACE.fullmatch(left) else None
        return right
    return None if PLACE.fullmatch(body) else body


def _take_date(draft: _Draft, text: str) -> str:
    """The first date that stands as a part of its own (not one inside a title: ``... of 10 December 1982``)."""
    if draft.date:
        return text
    inside = _mask(text, brackets=False)
    for start, end, iso in find_dates(text):
        if inside[start]:
            continue
        before = text[:start].rstrip()
        after = text[end:].lstrip()
        own_part = not before or before.endswith((",", "(", TITLE_MARK, "”", '"')) or DATE_LEAD.search(before)
        if own_part and (not after or after[0] in ",.;)"):
            draft.date = iso
            lead = DATE_LEAD.search(before)
            cut = start - (len(text[:start]) - len(before)) - (len(lead.group(0)) if lead else 0)
            return text[: max(cut, 0) if lead else start] + text[end:]
    return text


def _take_year(draft: _Draft, text: str) -> str:
    m = YEAR_PAGES.search(text)
    if m:
        draft.year, draft.pages = m.group("year"), m.group("pages")
        return _replace(text, m)
    m = YEAR_PAREN.search(text)
    if m:
        draft.year = draft.year or m.group("year")
        return _replace(text, m)
    return text


def _take_volume(draft: _Draft, text: str) -> str:
    m = ITALIC_VOLUME.search(text)
    if m:
        draft.container, draft.volume = m.group("container").strip(), m.group("volume")
        text = _replace(text, m, f"*{draft.container}*")
        after = m.start() + len(draft.container) + 2
    elif m := VOLUME_COLON_ISSUE.search(text):  # "Journal of Human Lactation 8:2"
        draft.container, draft.volume, draft.issue = m.group("container").strip(), m.group("volume"), m.group("issue")
        return _replace(text, m, ", ")
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


def _take_possessive(draft: _Draft, text: str) -> str:
    """``EIA’s Monthly Energy Review``: the agency is the publisher."""
    m = POSSESSIVE.match(text.strip())
    if not m:
        return text
    draft.publisher = draft.publisher or m.group("pub")
    return text.strip()[m.end() :]


def _read_parts(draft: _Draft, parts: list[str]) -> None:
    """Authors, title, container and locators from the comma-separated parts left over."""
    parts = [p for p in parts if _part_kind(p) != "empty"]
    kinds = [_part_kind(p) for p in parts]
    used = _take_by_authors(draft, parts, kinds)
    record = next((i for i, p in enumerate(parts) if KNOWN_CONTAINER.fullmatch(_unitalic(_strip_part(p)))), None)
    if record is not None:
        draft.container = KNOWN_CONTAINER.fullmatch(_unitalic(_strip_part(parts[record]))).group(0)  # type: ignore[union-attr]
        used.add(record)
    last_head: int | None
    caps = _bluebook_title(parts, kinds, used)
    if caps is not None:
        last_head = _read_bluebook_layout(draft, parts, kinds, used, caps)
    elif TITLE_MARK in "".join(parts):
        last_head = _read_quoted_layout(draft, parts, kinds, used)
    elif record is not None and record > 0 and draft.title is None:
        last_head = _read_record_layout(draft, parts, kinds, used, record)
    else:
        last_head = _read_plain_layout(draft, parts, kinds, used)
    for i, (part, kind) in enumerate(zip(parts, kinds, strict=True)):
        if kind == "locator" and i not in used:
            draft.locators.append(_strip_part(part))
        elif kind == "in" and draft.container is None and (m := IN_PART.match(_strip_part(part))):
            names = [_unitalic(m.group("container"))]
            for j in range(i + 1, len(parts)):  # "in The Convention, Part XI Regime ..., eds. A and B"
                if kinds[j] != "head" or j in used:
                    break
                names.append(_unitalic(_strip_part(parts[j])))
                used.add(j)
            draft.container = ", ".join(names)
            draft.chapter = True
        elif kind == "year" and draft.year is None:
            draft.year = _strip_part(part).strip("()")
        elif kind == "stored" and (m := STORED_AT.match(_strip_part(part))):
            draft.container = _unitalic(m.group("site"))
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
            named = BY_NAMES_END.split(m.group("names"), maxsplit=1)[0].strip(" ;")
            draft.authors.extend(_names(named) or [named])
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
    before = [i for i in range(at) if i not in used]
    for i in before:
        if kinds[i] == "italic":
            draft.container = draft.container or _unitalic(_strip_part(parts[i]))
    heads = [_strip_part(parts[i]) for i in before if kinds[i] != "italic"]
    if heads and not draft.authors:
        draft.authors.extend(_author_slot(heads))
    for i in range(at + 1, len(parts)):
        if i in used or kinds[i] not in ("italic", "head"):
            continue
        name = _unitalic(_strip_part(parts[i]))
        issuer = INSTITUTION.search(name) and not PERIODICAL_NAME.search(name) and not REPOSITORY.search(name)
        web_page = draft.url is not None and not draft.url.lower().endswith(".pdf")  # the site, not the issuer
        if kinds[i] == "head" and issuer and not web_page and not draft.publisher:
            draft.publisher = name
        elif draft.container is None and draft.publisher is None:
            draft.container = name
        break
    return at


def _bluebook_title(parts: list[str], kinds: list[str], used: set[int]) -> int | None:
    """Bluebook prints a book's or report's author and title in capitals: the last such part is the title.

    A part set in italics after the capitals is the title, and the capitals its author (``GAO, *Title*``).
    """
    heads = [i for i, k in enumerate(kinds) if k in ("head", "other", "italic") and i not in used]
    caps = [i for i in heads if kinds[i] != "italic" and CAPS_TITLE.fullmatch(_strip_part(parts[i]))]
    if not caps or TITLE_MARK in "".join(parts) or heads[-1] != caps[-1]:
        return None
    return caps[-1]


def _read_bluebook_layout(draft: _Draft, parts: list[str], kinds: list[str], used: set[int], at: int) -> int:
    m = CAPS_TITLE.fullmatch(_strip_part(parts[at]))
    assert m is not None
    draft.title = m.group("title").strip()
    if m.group("pin"):
        draft.locators.append(m.group("pin"))
    before = [_strip_part(parts[i]) for i in range(at) if i not in used and kinds[i] in ("head", "other")]
    if before and all(CAPS_NAME.fullmatch(b) for b in before):
        draft.authors.append(", ".join(before))  # "OFF. OF THE COMM’R, U.S. FOOD & DRUG ADMIN.": one body
    elif before:
        draft.authors.extend(_author_slot(before))
    return at


def _read_record_layout(draft: _Draft, parts: list[str], kinds: list[str], used: set[int], record: int) -> int | None:
    """``The Clerk, remarks from the chair, Congressional Record, vol. 143``: speaker, then title."""
    heads = [i for i in range(record) if i not in used and kinds[i] not in ("locator", "year")]
    if len(heads) >= 2 and _names(_strip_part(parts[heads[0]])):
        draft.authors.append(_strip_part(parts[heads[0]]))
        heads = heads[1:]
    if heads:
        draft.title = ", ".join(_strip_part(parts[i]) for i in heads)
    return record


def _author_slot(heads: list[str]) -> list[str]:
    """The author slot before a title: people one by one, an organisation (even with commas) whole."""
    memo = MEMO.match(heads[0])
    if memo:
        return [_clean_author(memo.group("from"))]
    people: list[str] = []
    for head in heads:
        names = _names(head, people_only=True)
        if not names:
            break
        people.extend(names)
    else:
        return [_clean_author(p) for p in people]
    return [_clean_author(", ".join(heads))]


def _clean_author(name: str) -> str:
    out = ET_AL.sub("", name)
    while PARENTHETICAL.search(out):
        out = PARENTHETICAL.sub("", out)
    return " ".join(out.replace(" ,", ",").split()).strip(" ,")


def _read_plain_layout(draft: _Draft, parts: list[str], kinds: list[str], used: set[int]) -> int | None:
    heads = [i for i, k in enumerate(kinds) if k in ("head", "italic") and i not in used]
    if not heads:
        return None
    run = [heads[0]]
    while run[-1] + 1 in heads or (
        run[-1] + 1 < len(parts) and re.match(r"and\s", parts[run[-1] + 1]) and run[-1] + 1 not in used
    ):
        run.append(run[-1] + 1)
    n_authors = _author_parts(parts, kinds, run)
    if not draft.authors and n_authors:
        first = _strip_part(parts[run[0]])
        if ORG_CONTINUES.match(_strip_part(parts[run[1]])) if n_authors > 1 else False:
            draft.authors.append(_clean_author(", ".join(_strip_part(parts[i]) for i in run[:n_authors])))
        else:
            for i in run[:n_authors]:
                draft.authors.extend(_clean_author(n) for n in (_names(_strip_part(parts[i])) or [first]))
    title_at = run[n_authors]
    end = title_at
    for i in run[n_authors + 1 :]:
        part = _strip_part(parts[i])
        if PUB_MARK in parts[end] or (kinds[i] == "head" and INSTITUTION.search(part) and not re.match(r"and\s", part)):
            break
        end = i
    title = ", ".join(_unitalic(parts[i].replace(PUB_MARK, "").strip()) for i in range(title_at, end + 1))
    title = TITLE_LEAD.sub("", re.sub(r"^and\s+(?=[A-Z*])", "", title.lstrip(":;–— ")))
    draft.title = title if KEEP_FINAL_PERIOD.search(title) else title.rstrip(". ")
    after = [i for i in heads if i > end]
    if after:
        names = [_unitalic(_strip_part(parts[i])) for i in after if not PLACE.fullmatch(_strip_part(parts[i]))]
        joined = ", ".join(names)
        if joined and kinds[after[0]] == "head" and INSTITUTION.search(joined) and draft.publisher is None:
            draft.publisher = joined
        elif joined and draft.container is None and (kinds[after[0]] == "italic" or draft.publisher is None):
            draft.container = names[0]
    return run[-1]


def _author_parts(parts: list[str], kinds: list[str], run: list[int]) -> int:
    """How many parts of the leading run of heads are the author slot (the title follows them)."""
    if len(run) < 2:
        return 0
    first = _strip_part(parts[run[0]])
    if not _names(first):
        return 0
    n = 1
    people = len(_names(first) or ()) > 1 or _person_like(first, full_name=True)
    if not people and _organisation_like(first):
        if not (INSTITUTION.search(first) or ORG_AUTHOR.search(first) or re.fullmatch(r"[A-Z]{2,}", first)):
            return 0
        while n < len(run) - 1 and ORG_CONTINUES.match(_strip_part(parts[run[n]])):
            n += 1
        return n
    while n < len(run) - 1 and _names(_strip_part(parts[run[n]]), people_only=True):
        n += 1
    return n


def _finish(draft: _Draft) -> Citation:
    container = draft.container
    if draft.publisher and container and normalize_name(draft.publisher) == normalize_name(container):
        container = None
    if (
        draft.authors
        and draft.publisher
        and normalize_name(draft.publisher) in {normalize_name(a) for a in draft.authors}
    ):
        draft.publisher = None
    if container and KNOWN_CONTAINER.fullmatch(container):
        draft.identifiers.extend(_record_identifier(draft, container))
    kind = _kind_of(draft, container)
    pages, locators = draft.pages, draft.locators
    if kind == "full":  # "pp. 115-133" in a full citation is the article's pages, not a pinpoint
        page_parts = [m.group("pages") for loc in locators if (m := PAGES_PART.match(loc))]
        pages = pages or (page_parts[0] if page_parts else None)
        locators = [loc for loc in locators if not PAGES_PART.match(loc)]
    cross = CROSS_REFERENCE.search(draft.text) if kind == "cross_reference" else None
    authors = tuple(a for a in (_clean_author(a) for a in draft.authors) if a)
    return Citation(
        kind=kind,
        text=draft.text,
        authors=authors,
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
        publisher=draft.publisher,
        identifiers=_unique(draft.identifiers),
        work_type=_work_type(draft, container) if kind == "full" else None,
    )


def _record_identifier(draft: _Draft, container: str) -> list[tuple[str, str]]:
    """``Congressional Record, vol. 169 ..., p. H4978`` -> ``169 Cong. Rec. H4978``."""
    if not container.lower().startswith("congressional") or not draft.volume:
        return []
    pages = draft.pages or next((loc for loc in draft.locators if re.match(r"pp?\.", loc)), None)
    first = re.search(r"[A-Z]?\d+", pages or "")
    if not first:
        return []
    return [("congressional_record", f"{draft.volume} Cong. Rec. {first.group(0)}")]


def _work_type(draft: _Draft, container: str | None) -> str | None:
    if container and container.lower() == "federal register":
        return "regulation"
    if draft.chapter:
        return "chapter"
    if container and (draft.volume or draft.issue):
        return "article-journal"
    if any(scheme == "report_number" for scheme, _ in draft.identifiers):
        return "report"
    if draft.book and not container:
        return "book"
    if container and PERIODICAL_NAME.search(container):
        return "article-journal"
    if draft.url and not container and not draft.publisher:
        return "webpage"
    if draft.publisher and not container:
        return "report"
    return None


def _kind_of(draft: _Draft, container: str | None) -> CitationKind:
    strong = any(
        (draft.date, draft.year, draft.accessed, draft.volume, draft.issue, container, draft.short_name)
    ) or bool(draft.identifiers or draft.publisher)
    bare = not (draft.title or draft.container or draft.url or draft.authors or draft.date)
    if bare and draft.identifiers and PROSE.search(QUOTED.sub("", draft.text)):
        return "commentary"  # "IRS Notice 2025-68 states that ...": a document named in the story
    if (draft.title or draft.container or draft.publisher or draft.identifiers) and strong:
        return "full"
    if draft.url and (draft.title or not draft.authors) and not draft.locator_follows_head:
        return "full"
    if CROSS_REFERENCE.search(draft.text):
        return "cross_reference"
    if draft.quoted or ((draft.authors or draft.title) and draft.locator_follows_head):
        return "short"
    if draft.authors and draft.title and SHORT_NAMED.match(draft.text):
        return "short"
    return "commentary"


# --- parts and names --------------------------------------------------------------------------
def normalize_name(text: str) -> str:
    return " ".join(re.sub(r"[^\w ]", " ", text.lower()).split())


def _strip_part(part: str) -> str:
    out = part.replace(PUB_MARK, "").strip()
    out = re.sub(r"^and\s+(?=[A-Z*])", "", out)
    return out if KEEP_FINAL_PERIOD.search(out) else out.rstrip(".").strip()


def _part_kind(part: str) -> str:
    """What one comma-separated part of a citation is."""
    if TITLE_MARK in part:
        return "title"
    bare = _strip_part(part)
    if not bare or ET_AL.fullmatch(bare) or bare in ("(", ")") or NOISE_PART.fullmatch(bare):
        return "empty"
    if ITALIC_PART.match(bare):
        return "italic"
    if any(q in bare for q in '"“”'):
        return "head" if _title_like(re.sub(r"[\"“”]", "", bare)) and TITLE_WITH_QUOTE.search(bare) else "other"
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
    if STORED_AT.match(bare):
        return "stored"
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


def _person_like(name: str, *, full_name: bool = False) -> bool:
    tokens = ET_AL.sub("", name).split()
    core = [t for t in tokens if t not in PARTICLES]
    if len(core) > 1 and (INSTITUTION.search(name) or NOT_A_PERSON.search(name)):
        return False
    if full_name and len(core) < 2:
        return False
    return 1 <= len(core) <= 4 and bool(PERSON_TOKEN.match(tokens[0])) and all(PERSON_TOKEN.match(t) for t in core)


def _organisation_like(name: str) -> bool:
    tokens = ET_AL.sub("", PARENTHETICAL.sub("", name)).split()
    allowed = all(
        PERSON_TOKEN.match(t) or t in CONNECTORS or t in PARTICLES or ABBREVIATION_TOKEN.match(t) for t in tokens
    )
    return 1 <= len(tokens) <= 12 and allowed and bool(PERSON_TOKEN.match(tokens[0])) and tokens[-1] not in CONNECTORS


def _names(text: str, *, people_only: bool = False) -> list[str] | None:
    """``text`` as a list of author names, or None if it does not read as names."""
    text = re.sub(r"^(?:and|by)\s+", "", text.strip(), flags=re.IGNORECASE)
    if not text or any(ch in text for ch in ':"“”0123456789'):
        return None
    if CAPS_NAME.fullmatch(text) and not people_only:
        return [text]  # a Bluebook corporate author in capitals: "U.S. FOOD & DRUG ADMIN."
    pieces = [p.strip() for p in AND_SPLIT.split(ET_AL.sub("", text)) if p.strip()]
    if len(pieces) > 1 and all(_person_like(p, full_name=people_only) for p in pieces):
        return pieces
    if _person_like(text, full_name=people_only) or (not people_only and _organisation_like(text)):
        return [ET_AL.sub("", text).strip()]
    return None


def _unitalic(text: str) -> str:
    return text.strip().strip("*").strip()


def _unquote(text: str) -> str:
    return text.strip().strip('*"“”').strip().rstrip(",.").strip()
