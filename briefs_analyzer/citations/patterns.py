"""The regular expressions and word lists the citation parser reads notes with."""

from __future__ import annotations

import re

from ..patterns import ABBREVIATIONS as PROSE_ABBREVIATIONS

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
# Words a citation abbreviates, beyond the prose ones (Dr., Jan., vol.): a full stop after them
# does not end a citation's sentence.
ABBREVIATIONS = PROSE_ABBREVIATIONS | frozenset(
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

# --- what the walk recognises (see parse_generic) ---------------------------------------------
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
