"""U.S. legal citations in note text: statutes, regulations, bills, executive orders, cases and their short forms.

:func:`find_legal` returns every legal authority a note cites, with its span, its normal
identifier (the labels' rubric: ``10 U.S.C. § 1552``, ``38 C.F.R. § 3.12``, ``38 C.F.R. Part 3``,
``P.L. 116-92``, ``52 Stat. 1040``, ``91 Fed. Reg. 11194``, ``H.R. 3633 (119th Congress)``,
``E.O. 14347``, ``319 F.3d 560``...) and, for a case, its name and year.  Statutes and regulations
are one work per *section*: subsection pinpoints (``(a)(1)``) are dropped, and ``§§ 73.3, 73.4(a)``
gives two mentions.

Cases, ``Id.``, ``supra`` and short case and statute forms (``Murphy, 584 U.S. at 478``,
``52 Stat. at 1052``) come from eyecite (Free Law Project), imported only when a note looks as if
it holds one (:data:`LOOKS_LEGAL`), so a brief without legal notes never pays for it.  The forms
CRS and GAO print that eyecite does not read (``P.L. 116-92``, ``89 Federal Register 32361``,
``§1553a``, ``Internal Revenue Code §152``, bills, executive orders, chamber rules) are read with
the patterns below.  Mentions inside quotation marks are not citations (they are quoted text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from .identifiers import CONGRESS_DOC, CONGRESS_DOC_KIND

LegalKind = Literal["full", "short", "id", "supra"]


@dataclass(frozen=True)
class LegalMention:
    """One legal authority in a text.  ``scheme``/``value`` are the identifier (None for Id./supra)."""

    kind: LegalKind
    start: int
    end: int
    scheme: str | None = None
    value: str | None = None
    title: str | None = None  # a case's name, an act's name
    date: str | None = None
    volume: str | None = None  # for short forms: the reporter volume (``52`` of ``52 Stat. at 1052``)
    reporter: str | None = None
    locator: str | None = None
    target_note: int | None = None  # supra note N
    antecedent: str | None = None  # the name before a short form or supra (``Murphy``)


_SECTION = r"\d+[A-Za-z]?(?:[-–]\d+[A-Za-z]?)*(?:\.\d+[A-Za-z]?)*"
_PIN = r"(?:\([\w.]{1,6}\))*"
USC = re.compile(
    rf"\b(?P<title>\d{{1,2}})\s+U\.\s?S\.\s?C\.(?:\s?A\.|\s?S\.)?\s*(?P<signs>§§?|[Ss]ec(?:tions?|s?\.))?\s*"
    rf"(?P<section>{_SECTION}){_PIN}(?P<more>(?:\s*(?:,|and|or)\s*(?:§\s*)?{_SECTION}{_PIN}(?![\w.]*\s+(?:U\.S\.C|C\.F\.R)))*)"
    r"(?P<etseq>\s+et\s+seq\.?)?"
)
CFR = re.compile(
    rf"\b(?P<title>\d{{1,2}})\s+C\.\s?F\.\s?R\.\s*(?:(?:Part|pt\.)\s*(?P<part>\d+)|(?P<signs>§§?)?\s*"
    rf"(?P<section>\d+(?:\.\d+[A-Za-z]?)*){_PIN}(?P<more>(?:\s*(?:,|and|or)\s*(?:§\s*)?\d+\.\d+[A-Za-z]?{_PIN})*))"
)
TITLE_SECTION = re.compile(
    r"\bTitle\s+(?P<title>\d{1,2}),\s+Section\s+(?P<section>[\d.]+\w*),?\s+of\s+the\s+"
    r"(?P<code>Code\s+of\s+Federal\s+Regulations|United\s+States\s+Code)",
    re.IGNORECASE,
)
IRC = re.compile(r"\b(?:Internal\s+Revenue\s+Code|I\.\s?R\.\s?C\.|IRC)\s*(?:§|[Ss]ection)\s*(?P<section>\d+[A-Za-z]*)")
PUBLIC_LAW = re.compile(
    r"\b(?:P\.\s?L\.|Pub\.\s?L\.(?:\s?No\.)?|Public\s+Law(?:\s+No\.)?)\s*(?P<congress>\d{1,3})[-–](?P<n>\d{1,4})\b"
)
STAT = re.compile(r"\b(?P<volume>\d{1,3})\s+Stat\.\s+(?P<page>\d{1,5})\b")
FED_REG = re.compile(
    r"\b(?P<volume>\d{1,3})\s+(?:Fed\.\s?Reg\.|Federal\s+Register|F\.\s?R\.|FR)\s+(?P<page>\d{1,3}(?:,\d{3})|\d{1,6})\b"
)
BILL = re.compile(
    r"(?<![\w.])(?P<type>H\.\s?R\.|H\.\s?Res\.|S\.\s?Res\.|H\.\s?J\.\s?Res\.|S\.\s?J\.\s?Res\.|H\.\s?Con\.\s?Res\.|"
    r"S\.\s?Con\.\s?Res\.|S\.)\s?(?P<n>\d{1,5})\b(?!\s*(?:U\.S|F\.|S\.\s?Ct|Stat))"
)
BILL_CONGRESS = re.compile(
    r"\s*(?:,\s*|\()(?P<n>\d{1,3})(?:st|nd|rd|th)\s+(?:Cong\.|Congress)\)?(?:,?\s*(?:\d(?:st|nd|rd|th)\s+Sess\.))?"
)
CONGRESS_IN_TEXT = re.compile(r"\b(?P<n>\d{1,3})(?:st|nd|rd|th)\s+Congress\b")
STATE_BILL = re.compile(
    r"\b(?P<type>[SAH]\.\s?B\.)\s?(?P<n>\d{1,5}),\s*(?P<leg>[^,()]*?Leg\.),\s*(?:Reg\.\s*Sess\.\s*)?"
    r"\((?P<state>[A-Z][a-z]*\.(?:\s[A-Z][a-z]*\.)?)\s+(?P<year>\d{4})\)"
)
STATE_CODE = re.compile(
    r"\b(?P<code>(?:[A-Z][a-z]{0,4}\.\s?){1,3}(?:Rev\.\s?)?(?:Stat|Code|Gen\.\s?Laws)\.(?:\s?Ann\.)?)\s*§\s*"
    r"(?P<section>[\d.:-]+\d)(?:\s*\((?P<year>\d{4})\))?"
)
EXECUTIVE_ORDER = re.compile(
    r"\b(?:Executive\s+Order|Exec\.\s?Order|E\.\s?O\.)(?:\s*\(E\.\s?O\.\))?\s*(?:No\.\s*)?(?P<n>\d[\d-]*\d)\b"
    r"(?:\s+of\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},\s+\d{4})?"
)
ORDER_PLACE = re.compile(r"\((?P<place>[A-Z][a-z]*\.(?:\s[A-Z][a-z]*\.)*)\s+[A-Z][a-z]{2}")
CONSTITUTION = re.compile(
    r"\bU\.\s?S\.\s+Const(?:\.|itution)?,?\s+(?P<unit>art\.|Art\.|amend\.|Amend\.|Article|Amendment)\s*(?P<n>[IVXLC]+)\b",
    re.IGNORECASE,
)
CHAMBER_RULE = re.compile(
    r"\b(?P<chamber>House|Senate)\s+Rule\s+(?P<rule>[IVXLC]+),\s+(?P<unit>clause|paragraph)\s+(?P<pin>[\w()]+)"
)
COMMITTEE_RULE = re.compile(
    r"\b(?:committee\s+)?Rule\s+(?P<rule>\d+)\s+of\s+the\s+(?P<committee>(?:[A-Z][\w&]*\s+)+Committee)"
)
ACT_BEFORE = re.compile(
    r"(?P<act>(?:[A-Z][\w’'&.-]*\s+(?:(?:of|and|for|on|the|to)\s+)*)+Act(?:\s+of\s+\d{4})?)\s*\((?:[^()]*,\s*)?$"
)
CALLED_ACT = re.compile(
    r"\b(?:called|named|entitled|titled|known\s+as)\s+(?:the\s+)?(?P<act>(?:[A-Z][\w’'&.-]*\s+(?:(?:of|and|for|on|the|to)\s+)*)+Act(?:\s+of\s+\d{4})?)"
)
SENTENCE_END = re.compile(r"\.\s+(?=[A-Z][a-z])")
# A quick test before the full search: only notes with one of these go to eyecite.
LOOKS_LEGAL = re.compile(
    r"\sv\.\s|\bId\.|\bid\.|\bsupra\b|\b\d{1,4}\s+(?:[A-Z][A-Za-z.0-9]*\s?){1,4}(?:\d{1,5}|at\s+\d)"
)
CASE_REPORTER_SCHEMES = frozenset({"reporter"})


def _quoted(text: str) -> list[tuple[int, int]]:
    """Spans inside curly or straight double quotes (legal mentions there are quoted text)."""
    spans: list[tuple[int, int]] = []
    depth, start = 0, 0
    for i, ch in enumerate(text):
        if ch == "“":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "”" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i))
    straight = [i for i, ch in enumerate(text) if ch == '"']
    spans.extend(zip(straight[::2], straight[1::2], strict=False))
    return spans


def _sections(first: str, more: str | None) -> list[str]:
    out = [first]
    for m in re.finditer(rf"(?:§\s*)?(?P<s>{_SECTION}){_PIN}", more or ""):
        out.append(m.group("s"))
    return out


def _bill_type(raw: str) -> str:
    return raw.replace(" ", "")


def _congress_near(text: str, start: int, end: int) -> str | None:
    """The Congress a bill belongs to: printed right after it, else the nearest one in its sentence."""
    after = BILL_CONGRESS.match(text, end)
    if after:
        return after.group("n")
    sentence_start = max(text.rfind(". ", 0, start), text.rfind("; ", 0, start)) + 1
    before = list(CONGRESS_IN_TEXT.finditer(text, sentence_start, start))
    if before:
        return before[-1].group("n")
    return None


def _ordinal(n: str) -> str:
    number = int(n)
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _act_title(text: str, start: int) -> str | None:
    """``Submerged Lands Act (43 U.S.C. ...)``: the act a parenthetical identifier belongs to."""
    m = ACT_BEFORE.search(text[max(0, start - 200) : start])
    return " ".join(m.group("act").split()) if m else None


def _statutes(text: str) -> list[LegalMention]:
    out: list[LegalMention] = []
    for m in USC.finditer(text):
        etseq = " et seq." if m.group("etseq") else ""
        for section in _sections(m.group("section"), m.group("more")):
            value = f"{m.group('title')} U.S.C. § {section}{etseq}"
            out.append(LegalMention("full", m.start(), m.end(), "usc", value, title=_act_title(text, m.start())))
    for m in CFR.finditer(text):
        if m.group("part"):
            out.append(
                LegalMention("full", m.start(), m.end(), "cfr", f"{m.group('title')} C.F.R. Part {m.group('part')}")
            )
            continue
        for section in _sections(m.group("section"), m.group("more")):
            out.append(LegalMention("full", m.start(), m.end(), "cfr", f"{m.group('title')} C.F.R. § {section}"))
    for m in TITLE_SECTION.finditer(text):
        code = "C.F.R." if m.group("code").lower().startswith("code") else "U.S.C."
        scheme = "cfr" if code == "C.F.R." else "usc"
        out.append(
            LegalMention("full", m.start(), m.end(), scheme, f"{m.group('title')} {code} § {m.group('section')}")
        )
    for m in IRC.finditer(text):
        out.append(
            LegalMention(
                "full", m.start(), m.end(), "usc", f"26 U.S.C. § {m.group('section')}", title="Internal Revenue Code"
            )
        )
    for m in PUBLIC_LAW.finditer(text):
        value = f"P.L. {m.group('congress')}-{m.group('n')}"
        out.append(LegalMention("full", m.start(), m.end(), "public_law", value, title=_act_title(text, m.start())))
    for m in STAT.finditer(text):
        out.append(LegalMention("full", m.start(), m.end(), "stat", f"{m.group('volume')} Stat. {m.group('page')}"))
    for m in FED_REG.finditer(text):
        page = m.group("page").replace(",", "")
        out.append(LegalMention("full", m.start(), m.end(), "fed_reg", f"{m.group('volume')} Fed. Reg. {page}"))
    for m in STATE_BILL.finditer(text):
        value = f"{_bill_type(m.group('type'))} {m.group('n')} ({' '.join(m.group('leg').split())}, {m.group('state')})"
        out.append(LegalMention("full", m.start(), m.end(), "bill", value, date=m.group("year")))
    for m in BILL.finditer(text):
        congress = _congress_near(text, m.start(), m.end())
        value = f"{_bill_type(m.group('type'))} {m.group('n')}" + (
            f" ({_ordinal(congress)} Congress)" if congress else ""
        )
        out.append(LegalMention("full", m.start(), m.end(), "bill", value))
    for m in STATE_CODE.finditer(text):
        if "U.S" in m.group("code"):
            continue
        value = f"{' '.join(m.group('code').split())} § {m.group('section')}"
        out.append(LegalMention("full", m.start(), m.end(), "code", value, date=m.group("year")))
    for m in EXECUTIVE_ORDER.finditer(text):
        place = ORDER_PLACE.search(text, m.end(), min(len(text), m.end() + 250))
        value = f"E.O. {m.group('n')}" + (f" ({place.group('place')})" if place and "-" in m.group("n") else "")
        out.append(LegalMention("full", m.start(), m.end(), "executive_order", value))
    for m in CONGRESS_DOC.finditer(text):  # H.Rept. 105-532: a congressional document, cited wherever it stands
        chamber = "H" if m.group("chamber").startswith("H") else "S"
        value = f"{chamber}.{CONGRESS_DOC_KIND[m.group('kind').lower()]}. {m.group('number')}"
        out.append(LegalMention("full", m.start(), m.end(), "report_number", value))
    for m in CONSTITUTION.finditer(text):
        unit = "amend." if m.group("unit").lower().startswith("amend") else "art."
        out.append(LegalMention("full", m.start(), m.end(), "constitution", f"U.S. Const. {unit} {m.group('n')}"))
    for m in CHAMBER_RULE.finditer(text):
        value = f"{m.group('chamber')} Rule {m.group('rule')}, {m.group('unit')} {m.group('pin')}"
        out.append(LegalMention("full", m.start(), m.end(), "rule", value))
    for m in COMMITTEE_RULE.finditer(text):
        value = f"{' '.join(m.group('committee').split())} Rule {m.group('rule')}"
        out.append(LegalMention("full", m.start(), m.end(), "rule", value))
    return out


@lru_cache(maxsize=1)
def _eyecite() -> Any:
    import eyecite

    return eyecite


def _case_name(metadata: Any) -> str | None:
    plaintiff, defendant = getattr(metadata, "plaintiff", None), getattr(metadata, "defendant", None)
    if plaintiff and defendant:
        return f"{plaintiff} v. {defendant}".strip().rstrip(",")
    return None


def _pin(raw: str | None) -> str | None:
    if not raw:
        return None
    return re.sub(r"^at\s+", "", raw.strip()).strip(" ,.") or None


def _cases(text: str, statutes: list[LegalMention]) -> list[LegalMention]:
    """Cases, short case and statute forms, Id. and supra, from eyecite."""
    out: list[LegalMention] = []
    eyecite = _eyecite()
    from eyecite.models import FullCaseCitation, IdCitation, ShortCaseCitation, SupraCitation

    for c in eyecite.get_citations(text):
        start, end = c.span()
        groups, meta = c.groups, c.metadata
        if isinstance(c, FullCaseCitation):
            if groups.get("reporter") in ("Stat.", "U.S.C."):
                continue
            value = f"{groups['volume']} {groups['reporter']} {groups['page']}"
            full_start, full_end = c.full_span()
            out.append(
                LegalMention(
                    "full", full_start, max(end, full_end), "reporter", value, title=_case_name(meta),
                    date=getattr(meta, "year", None), volume=groups["volume"], reporter=groups["reporter"],
                    locator=_pin(getattr(meta, "pin_cite", None)),
                )
            )  # fmt: skip
        elif isinstance(c, ShortCaseCitation):
            out.append(
                LegalMention(
                    "short", c.full_span()[0], end, volume=groups.get("volume"), reporter=groups.get("reporter"),
                    locator=_pin(getattr(meta, "pin_cite", None)), antecedent=getattr(meta, "antecedent_guess", None),
                )
            )  # fmt: skip
        elif isinstance(c, IdCitation):
            out.append(LegalMention("id", start, end, locator=_pin(getattr(meta, "pin_cite", None))))
        elif isinstance(c, SupraCitation):
            pin = getattr(meta, "pin_cite", None) or ""
            note = re.match(r"notes?\s+(\d+)", pin)
            out.append(
                LegalMention(
                    "supra", c.full_span()[0], end, target_note=int(note.group(1)) if note else None,
                    antecedent=getattr(meta, "antecedent_guess", None),
                )
            )  # fmt: skip
    return out


def find_legal(text: str, *, cases: bool = True) -> list[LegalMention]:
    """Every legal authority ``text`` cites, in order, outside quotation marks; one mention per span and value."""
    quoted = _quoted(text)
    found = _statutes(text)
    if cases and LOOKS_LEGAL.search(text):
        found += _cases(text, found)
    kept: list[LegalMention] = []
    seen: set[tuple[int, str | None]] = set()
    for m in sorted(found, key=lambda x: (x.start, -x.end)):
        if any(a < m.start < b for a, b in quoted):
            continue
        if (m.start, m.value) in seen:
            continue
        overlaps = [k for k in kept if k.start < m.end and m.start < k.end and k.scheme != m.scheme]
        if m.kind != "full" and overlaps:
            continue
        if m.scheme == "bill" and any(k.scheme in ("usc", "cfr", "reporter", "stat", "code") for k in overlaps):
            continue
        seen.add((m.start, m.value))
        kept.append(m)
    return kept


def called_act(text: str, end: int) -> str | None:
    """``H.R. 148 and S. 2284, companion bills called the Keep Your Coins Act of 2025``: the act's name."""
    stop = SENTENCE_END.search(text, end)
    m = CALLED_ACT.search(text, end, stop.start() if stop else len(text))
    return " ".join(m.group("act").split()) if m else None
