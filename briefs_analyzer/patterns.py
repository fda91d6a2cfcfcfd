"""Regular expressions and word lists the parser uses, as named constants."""

from __future__ import annotations

import re

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUPERSCRIPT_TO_INT = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")

# --- note definitions at the start of a line -------------------------------------------
NOTE_SUPERSCRIPT = re.compile(rf"^\s*([{SUPERSCRIPT_DIGITS}]+)\s*(?=\S)(.*)$")
NOTE_MARKDOWN = re.compile(r"^\s{0,3}\[\^(\d+)\]:\s?(.*)$")
NOTE_BRACKET = re.compile(r"^\s*\[(\d{1,4})\]:?\s+(?=\S)(.*)$")
NOTE_PLAIN = re.compile(r"^\s*(\d{1,4})(?:\.|\))?\s+(?=\S)(.*)$")
NOTE_TABLE_ROW = re.compile(r"^\s*\|\s*\[?(\d{1,4})\]?\.?\s*\|\s*(.*?)\s*\|?\s*$")

# --- note markers inside body text ------------------------------------------------------
MARKER_SUPERSCRIPT = re.compile(rf"[{SUPERSCRIPT_DIGITS}]+")
MARKER_MARKDOWN = re.compile(r"\[\^(\d+)\]")
MARKER_BRACKET = re.compile(r"\[(\d{1,4})\]")
# A squared or cubed unit is an exponent, not a note marker: km², m³.
UNIT_BEFORE_SUPERSCRIPT = re.compile(r"(?:\b(?:k?m|cm|mm|ft|in|mi|sq|yd)|\^)$")
_UNIT_WINDOW = 8  # the longest unit, the character before it (for \b), and room to spare


def unit_before(text: str, end: int | None = None) -> bool:
    """Whether ``text[:end]`` ends in a unit that a superscript is the exponent of (``km``, ``^``).

    Only the last few characters are looked at: searching the whole text before each superscript
    made a paragraph of n characters with a marker every sentence cost n² (a 400k-character line
    took 80 s).  The window holds the character before the unit, so ``\b`` sees what it would.
    """
    stop = len(text) if end is None else end
    return UNIT_BEFORE_SUPERSCRIPT.search(text, max(0, stop - _UNIT_WINDOW), stop) is not None


# --- headings of an endnote list ----------------------------------------------------------
NOTES_HEADING = re.compile(
    r"^\s*(?:#{1,6}\s*)?[*_]*\s*(notes|endnotes|end\s+notes|footnotes|references|sources\s+and\s+notes)\s*[*_]*\s*:?\s*$",
    re.IGNORECASE,
)

# --- Markdown syntax that is not text -----------------------------------------------------
MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
MD_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")
MD_IMAGE = re.compile(r"^\s*!\[[^\]]*\]\([^)]*\)\s*$")
MD_LINK = re.compile(r"(?<!!)\[([^\]^][^\]]*)\]\((?:[^()]|\([^()]*\))*\)")
MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
MD_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+")
MD_BLOCKQUOTE = re.compile(r"^\s{0,3}>\s?")
MD_TABLE_LINE = re.compile(r"^\s*\|")
MD_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")

# A list item's bullet (Symbol and Wingdings bullets read as these, see ingest/pdflines.py), and
# a bullet or number standing alone as a list's label: ``•``, ``10.``, ``a)``, ``(iv)``.
BULLETS = "•◦▪▫●○■□‣⁃∙➢❖✓"
LIST_MARK = re.compile(rf"(?:[{BULLETS}·*–—-]|\(?[0-9]{{1,3}}[.)]|\(?[a-zA-Z][.)]|\([ivx]{{1,4}}\))")

# What may stand between the links of a menu or breadcrumb trail.
_NAV_SEPARATORS = re.compile(r"[\s|>»›•·,;/\-–—]*")
# A breadcrumb trail ends with the page it leads to, unlinked: ``[Home](/) > [Reports](/r) > R44243``.
_TRAIL_END = re.compile(r"[>»›]\s*[^\s>»›.!?]+(?:\s[^\s>»›.!?]+){0,2}\s*$")


def links_only(text: str) -> bool:
    """A line (a list item's, without its bullet) that is nothing but Markdown links."""
    body = MD_LIST_ITEM.sub("", text, count=1)
    if "](" not in body or "[^" in body:
        return False
    rest, links = MD_LINK.subn("", body)
    if links >= 2:
        rest = _TRAIL_END.sub("", rest)
    return links > 0 and _NAV_SEPARATORS.fullmatch(rest) is not None


HTML_COMMENT = re.compile(r"^\s*<!--.*-->\s*$")

# --- front matter -------------------------------------------------------------------------
BY_LINE = re.compile(r"^\s*(?:written\s+)?by\b\s*:?\s*(.*)$", re.IGNORECASE)
EDITED_BY_LINE = re.compile(r"^\s*edited\s+by\b\s*:?\s*(.*)$", re.IGNORECASE)
CREDIT_LINE = re.compile(r"^\s*(?:source|image|photo|image credit|photo credit|credit)\s*:\s*\S", re.IGNORECASE)
PERSON_NAME = re.compile(
    r"^(?:(?:Dr|Prof|Mr|Mrs|Ms|Amb|Gen)\.?\s+)?"
    r"[A-Z][\w'’\-]*\.?(?:\s+(?:[A-Z][\w'’\-]*\.?|de|van|von|al|bin|ul|ud|der|la|le|du|da|di)){1,5}$"
)
ROLE_WORDS = re.compile(
    r"\b(?:research|assistant|associate|fellow|director|analyst|professor|lecturer|editor|researcher|"
    r"specialist|head|chair|president|consultant|intern|coordinator|manager|officer|scholar|advis[eo]r|"
    r"secretary|ambassador|dean|correspondent|economist|counsel|attorney|principal|senior|junior|visiting|"
    r"librarian)\b",
    re.IGNORECASE,
)
ORGANIZATION_WORDS = re.compile(
    r"\b(?:centre|center|institute|institution|university|college|department|council|foundation|"
    r"association|program|programme|office|school|service|agency|forum|society|ministry|commission|"
    r"bureau|initiative|endowment|academy|laboratory|group|trust|studies)\b|,|&",
    re.IGNORECASE,
)
ACRONYM_WORD = re.compile(r"\b[A-Z]{3,}\b")
# The title printed under a signature: "Director, Natural Resources and Environment".
SIGNATURE_TITLE = re.compile(
    r"^(?:managing\s+|associate\s+|deputy\s+|acting\s+|assistant\s+|executive\s+)?"
    r"(?:director|comptroller\s+general|chief|president|chair(?:man|woman)?|secretary|administrator|commissioner)\b",
    re.IGNORECASE,
)
KEY_VALUE_LINE = re.compile(r"^\s*[*_]*([A-Za-z .()]+?)[*_]*\s*:\s*[*_]*\s*(.+?)\s*$")
AUTHOR_SEPARATOR = re.compile(r"\s*(?:,\s*and\s+|\s+and\s+|\s*&\s*|\s*;\s*|,\s*(?=[A-Z]))")

# --- sentences ----------------------------------------------------------------------------
OPENING_PUNCT = "\"'“‘([{"
CLOSING_PUNCT = "\"'”’)]}"
TERMINAL_PUNCT = ".!?…:"
ABBREVIATIONS = frozenset(
    [
        "dr",
        "mr",
        "mrs",
        "ms",
        "mx",
        "prof",
        "no",
        "nos",
        "vs",
        "v",
        "st",
        "jr",
        "sr",
        "gen",
        "col",
        "lt",
        "sen",
        "rep",
        "gov",
        "inc",
        "ltd",
        "co",
        "corp",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "vol",
        "vols",
        "pp",
        "p",
        "ed",
        "eds",
        "al",
        "fig",
        "figs",
        "art",
        "arts",
        "sec",
        "secs",
        "para",
        "paras",
        "approx",
        "est",
        "dept",
        "univ",
        "amb",
        "adm",
        "capt",
        "maj",
        "sgt",
        "cong",
        "sess",
        "stat",
        "pub",
        "cf",
        "ch",
        "chs",
        "ibid",
        "id",
        "op",
        "cit",
        "ca",
        "mt",
        "ft",
        "e.g",
        "i.e",
        "etc",
        "u.s",
        "u.k",
        "u.n",
        "u.s.s.r",
        "d.c",
        "u.s.a",
        "h.r",
        "h.res",
        "s.res",
        "h.doc",
        "p.l",
        "u.s.c",
        "c.f.r",
        "e.u",
    ]
)
# Abbreviations that may also end a sentence ("... partnership with the U.S. As both ...").
MAY_END_SENTENCE = frozenset(["u.s", "u.k", "u.n", "d.c", "u.s.a", "u.s.s.r", "e.u", "etc", "inc", "ltd", "co", "corp"])
SENTENCE_STARTERS = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "in",
        "on",
        "at",
        "as",
        "but",
        "and",
        "however",
        "moreover",
        "furthermore",
        "also",
        "he",
        "she",
        "they",
        "we",
        "i",
        "there",
        "thus",
        "therefore",
        "such",
        "while",
        "although",
        "though",
        "when",
        "after",
        "before",
        "since",
        "for",
        "if",
        "despite",
        "meanwhile",
        "similarly",
        "nevertheless",
        "nonetheless",
        "yet",
        "so",
        "both",
        "many",
        "some",
        "several",
        "according",
        "following",
        "under",
        "with",
        "by",
        "instead",
        "indeed",
        "hence",
        "accordingly",
        "consequently",
        "still",
        "then",
        "today",
        "now",
        "here",
        "his",
        "her",
        "their",
        "our",
        "one",
        "two",
        "three",
        "what",
        "why",
        "how",
        "who",
        "which",
        "no",
        "not",
        "all",
        "each",
        "every",
        "most",
    ]
)
