"""What in a sentence makes it a checkable fact, or the author's own analysis.

Pure functions over a sentence's text, with no language model: regular expressions and the
word lists of ``data/support.toml``, matched over the sentence's words with one dictionary
look-up per n-gram (:class:`~briefs_analyzer.factwords.Phrases`).  :func:`read_sentence` returns
the :class:`Cues` it found; :mod:`briefs_analyzer.support` weighs them with the sentence's
neighbours and notes.  The words live in :mod:`briefs_analyzer.factwords`; what is not a claim at
all (captions, boilerplate, back matter) in :mod:`briefs_analyzer.passages`.

Kinds of checkable fact, the words ``briefs check`` prints, in the order an editor would check
them: ``a quotation``, ``a legal fact``, ``a figure``, ``an attributed statement``, ``a dated
event``, ``a technical fact``, ``an action of a named actor``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from .factwords import (
    A_YEAR,
    AREA_CODE_END,
    CAPITALISED,
    DATE,
    DIGIT,
    ENUMERATOR,
    FIRST_WORD,
    NUMBER,
    SUBSECTION,
    Hit,
    Token,
    grammar,
    lexicon,
    normalise,
    phrases,
    tokens_of,
)

QUOTATION = "a quotation"
LEGAL = "a legal fact"
FIGURE = "a figure"
ATTRIBUTED = "an attributed statement"
DATED = "a dated event"
TECHNICAL = "a technical fact"
ACTION = "an action of a named actor"
KINDS = (QUOTATION, LEGAL, FIGURE, ATTRIBUTED, DATED, TECHNICAL, ACTION)


@dataclass(frozen=True)
class Cues:
    """What :func:`read_sentence` found in a sentence's text.

    ``facts`` are the kinds of checkable fact (see :data:`KINDS`), most checkable first; the other
    fields are the cues of analysis, and what the sentence's neighbours need to know of it.
    """

    facts: tuple[str, ...] = ()
    attributed: bool = False  # a reported statement, view or finding of someone else
    quotation: bool = False
    own_research: bool = False  # first person, "this report", "told CRS", "CRS found"
    structure: bool = False  # a pointer, overview, lead-in, definition or worked example
    recommendation: bool = False  # should, ought to, must adopt ...
    option: bool = False  # a policy option the author lays out: "Congress may consider ..."
    hedged: bool = False  # every clause only says what may, could or would be, or is unclear
    generic: bool = False  # often, sometimes, typically ...: a statement of practice
    evaluative: bool = False  # words of judgement
    conclusion: bool = False  # opens with thus, therefore, in sum ...
    dates: frozenset[str] = field(default_factory=frozenset)  # the dates and years it names
    numbers: frozenset[str] = field(default_factory=frozenset)  # the figures it states
    names: frozenset[str] = field(default_factory=frozenset)  # the capitalised names it mentions
    anaphoric: bool = False  # opens with he, she, they, it, these, this, such ...
    additive: bool = False  # adds an item: moreover, similarly ..., or "also" after a noun subject
    illustrates: bool = False  # opens with "For example" or "For instance"

    @property
    def kind(self) -> str | None:
        return self.facts[0] if self.facts else None


_QUOTED = re.compile(r'"([^"]{2,}?)"')
_NAMING_BEFORE_QUOTE = re.compile(
    r"(?:so-called|known\s+as|termed|called|see|entitled|titled|dubbed|referred\s+to\s+as|named|labell?ed)"
    r"(?:\s+the|\s+an?)?\s*$",
    re.IGNORECASE,
)
_ANAPHORIC = re.compile(
    r"^\W*(?:he|she|they|it|its|these|this|those|such|that|the\s+same|both|the\s+latter|the\s+former|"
    r"on\s+that\s+occasion|at\s+that\s+time|the\s+(?:region|country|port|agency|program|agreement|government|"
    r"administration|company|report|official|officials|act|law|statute|rule|bill|order|memorandum|measure|"
    r"provision|treaty|court|board|committee))\b",
    re.IGNORECASE,
)
_ADDITIVE_OPENING = re.compile(
    r"^\W*(?:moreover|in\s+addition|additionally|furthermore|similarly|likewise|also|besides|on\s+the\s+other\s+hand|"
    r"by\s+contrast|in\s+contrast|meanwhile|separately)\b",
    re.IGNORECASE,
)
_ILLUSTRATES = re.compile(r"^\W*(?:for\s+(?:example|instance)|e\.g\.)", re.IGNORECASE)
_PRONOUN_SUBJECT = re.compile(r"^\W*(?:he|she|they|it|we|i)\b", re.IGNORECASE)
_CONCESSIVE = re.compile(
    r"^\W*(?:although|though|even\s+though|while|whereas|despite|notwithstanding|granted\s+that)\b[^,]{3,200},\s+",
    re.IGNORECASE,
)
# "(see Table 1)", "(for details, see ...)": a cross-reference inside a sentence, not a pointer sentence.
_CROSS_REFERENCE = re.compile(r"\((?:[^()]*?[,;]\s*)?see\b[^()]*\)", re.IGNORECASE)
# "First, the report explains ...", "It also discusses ...": the brief describing its own plan.
_REPORT_STRUCTURE = re.compile(
    r"^\W*(?:(?:first|second|next|then|finally|lastly|in\s+addition|also),?\s+)?"
    r"(?:this\s+(?:report|section|chapter|paper|brief|memo|insight)|the\s+(?:report|section|chapter)|it)\s+"
    r"(?:then\s+|also\s+|first\s+|briefly\s+|further\s+|next\s+|finally\s+)*"
    r"(?:discuss|examin|describ|explain|outlin|review|provid|present|analyz|analys|conclud|summariz|summaris|"
    r"identif|address|assess|consider|turn|begin|focus)\w*\b",
    re.IGNORECASE,
)
# "a more balanced framework is required": the author prescribing.
_PRESCRIPTION = re.compile(
    r"\b(?:a|an)\s+(?:more|better|new|stronger|greater|fairer|clearer)\s+[\w\s,-]{0,60}?\b(?:is|are)\s+"
    r"(?:required|needed|necessary|essential|warranted|called\s+for|overdue)\b",
    re.IGNORECASE,
)
# "Beneficiary - the child for whom ...": a glossary entry.
_DEFINITION = re.compile(r"^[\w'() -]{2,60}?\s-\s(?:the|a|an|one|any)\b")
# Clause boundaries: semicolons, colons before lower case, dashes, and ", which" / ", but" / ", while".
_CLAUSES = re.compile(r";\s+|:\s+(?=[a-z])|\s+-\s+|,\s+(?=(?:which|but|while|whereas)\b)")
_COMPARATIVE = re.compile(
    r"\b(?:more|less|fewer|greater|higher|lower|larger|smaller|cheaper|costlier|faster|slower|longer|shorter)\s+"
    r"(?:[\w-]+\s+){0,3}than\b|\b(?:more|less)\s+likely\s+(?:to|than)\b",
    re.IGNORECASE,
)
# "it has been argued", "is believed to": someone's view, reported without naming them.
_IMPERSONAL = re.compile(
    r"\bit\s+(?:has\s+|had\s+|have\s+)?(?:also\s+|long\s+|widely\s+|often\s+|been\s+)*(?:been|is|was|will\s+be)\s+"
    r"(?:widely\s+|also\s+|often\s+|generally\s+)?(?P<p1>[a-z]+)\b"
    r"|\b(?:is|are|was|were)\s+(?:widely\s+|also\s+|generally\s+)?(?P<p2>[a-z]+)\s+to\b",
    re.IGNORECASE,
)
_IMPERSONAL_TO = frozenset(
    {"believed", "thought", "said", "reported", "alleged", "expected", "estimated", "understood", "projected"}
)
# "may" in lower case only ("May 2018" is a month); "would have" states what was the case.
_HEDGE_MODAL = re.compile(r"\b(?:[Cc]ould|[Mm]ight|may)\b|\b[Ww]ould\b(?!,?\s+(?:[^,]{0,40},\s+)?have\b)")
_AUTHOR_HEDGE = re.compile(
    r"\b(?:(?:can|could|may|might|would|should)\s+(?:also\s+)?be|one\s+(?:can|could|might|may))\s*$", re.I
)

_BE = frozenset({"is", "are", "was", "were", "be", "been", "being"})
_REFERRING = frozenset({"the", "these", "those", "its", "their", "our", "any", "both"})
_AUXILIARY = frozenset({"was", "were", "has", "have", "had", "been"})
_NEGATION = frozenset({"not", "never", "nor", "neither", "no"})


def _has_quotation(text: str, reported: bool) -> bool:
    """A quoted span of someone's words (not a name, a title or a scare quote)."""
    for m in _QUOTED.finditer(text):
        words = m.group(1).split()
        if _NAMING_BEFORE_QUOTE.search(text[: m.start()]):
            continue
        capitalised = sum(w[:1].isupper() for w in words)
        if len(words) >= 3 and capitalised / len(words) > 0.6:
            continue  # a title in quotes
        if len(words) >= 4 or (reported and len(words) >= 2):
            return True
    return False


@cache
def _identifier_before() -> re.Pattern[str]:
    words = sorted(lexicon()["figures"]["identifier_words"], key=len, reverse=True)
    return re.compile(rf"(?:^|[\s(])(?:{'|'.join(re.escape(w) for w in words)})\s*$")


def _figures(text: str, tokens: Sequence[Token], hits: Mapping[str, list[Hit]]) -> tuple[set[str], bool]:
    """The figures a text states (numbers that count or measure), and whether one has a unit of measure."""
    found: set[str] = set()
    measured = False
    units = {tokens[h.first].lower for h in hits.get("unit", ()) if h.first == h.last}
    if DIGIT.search(text):
        if ENUMERATOR.match(text):
            text = ENUMERATOR.sub(lambda m: " " * len(m.group(0)), text, count=1)
        text = DATE.sub(lambda m: " " * len(m.group(0)), text)  # a date's day and year are no figures
        identifier = _identifier_before()
        for m in NUMBER.finditer(text):
            before = text[: m.start()]
            unit = m.group("unit") or ""
            if identifier.search(before) or SUBSECTION.search(before):
                continue  # "Section 27", "7(a)(2)"
            number = m.group("num")
            if A_YEAR.fullmatch(number) and not m.group("cur") and unit not in ("%", "percent"):
                continue  # a year: a date, not a figure
            if before.endswith("(") and AREA_CODE_END.match(text, m.end("num")):
                continue  # a telephone area code
            found.add((m.group("cur") or "") + number + ("%" if unit == "%" else ""))
            measured = measured or unit.lower() in units
    enumerations = {h.first for h in hits.get("enumeration", ())}
    for h in hits.get("number_word", ()):
        before = tokens[h.first - 1].lower if h.first else ""
        after = " ".join(t.lower for t in tokens[h.last + 1 : h.last + 3])
        if h.last + 1 in enumerations or before in _REFERRING or after in ("or more", "or fewer", "or less"):
            continue  # "the two types", "the two systems" (named before), "two or more currencies"
        found.add(text[h.start : h.end].lower())
    return found, measured


def _ranks(tokens: Sequence[Token], hits: Mapping[str, list[Hit]]) -> list[tuple[int, int]]:
    """Rankings of the world: "the top supplier", "a major importer", "the world's ninth largest port"."""
    nouns = {h.first: h for h in hits.get("rank_noun", ())}
    if not nouns and not any(t.lower == "world's" for t in tokens):
        return []
    words = {h.first for h in hits.get("rank_word", ())}
    out = []
    for i, t in enumerate(tokens):
        ranking = t.lower == "world's" or (len(t.lower) > 5 and t.lower.endswith("est") and t.lower != "interest")
        ranking = ranking or i in words
        if not ranking:
            continue
        for j in (i + 1, i + 2):
            if j in nouns:
                out.append((t.start, nouns[j].end))
                break
        else:
            if t.lower == "world's" or (i >= 2 and tokens[i - 2].lower == "one" and tokens[i - 1].lower == "of"):
                out.append((t.start, t.end))
    return out


def _name_spans(text: str, known: frozenset[str]) -> list[tuple[int, int]]:
    """Where the text names someone or something: capitalised words, never a capitalised function
    word, and the sentence's first word only if the brief uses it capitalised elsewhere (``known``)."""
    out = []
    first = FIRST_WORD.match(text)
    for m in CAPITALISED.finditer(text):
        word = m.group(0).rstrip(".'")
        if word in grammar("capitalised_function_words"):
            continue
        if first and m.start() == first.start(1) and word not in known and not word.isupper() and "." not in word:
            continue
        out.append((m.start(), m.end()))
    return out


def _past_action(tokens: Sequence[Token], hits: Mapping[str, list[Hit]], names: list[tuple[int, int]]) -> bool:
    """Something was done by someone named: a past tense (or perfect, past passive, past progressive)
    right after a name or an auxiliary, not negated ("the U.S. imposed", "Iran subsequently stopped",
    "was signed", "was conducting")."""
    if not names:
        return False
    named = [any(a < t.end and t.start < b for a, b in names) for t in tokens]
    irregular = {h.first for h in hits.get("irregular_past", ())}
    not_past = {h.first for h in hits.get("not_past", ())}
    # "Granting India membership has brought ...": a gerund clause as the subject is no actor.
    gerund = bool(tokens) and tokens[0].lower.endswith("ing") and tokens[0].text[:1].isupper()
    for i, t in enumerate(tokens):
        lower = t.lower
        is_past = (len(lower) >= 4 and lower.endswith("ed") and i not in not_past) or i in irregular
        if not (is_past or lower.endswith("ing")):
            continue
        if gerund and not any(tokens[k].pause for k in range(i)):
            continue
        back = i - 1
        while back >= 0 and (tokens[back].lower in grammar("adverbs_between") or tokens[back].lower.endswith("ly")):
            back -= 1
        auxiliary = back >= 0 and tokens[back].lower in _AUXILIARY
        if not is_past and not (auxiliary and tokens[back].lower in ("been", "was", "were")):
            continue  # an -ing form counts only as a past progressive
        if i + 1 < len(tokens) and tokens[i + 1].lower == "by" and not auxiliary:
            continue  # "contributions made by employers": a participle describing a noun
        window = {tokens[k].lower for k in range(max(0, back - 4), back + 1)}
        if window & _NEGATION and "only" not in window:
            continue
        if auxiliary and tokens[back].lower in ("was", "were", "been") and any(named):
            return True  # a past passive: the actor may come after ("was signed between the U.S. and India")
        if auxiliary and any(named[: i + 1]):
            return True
        # A name just before the verb, or before the noun it heads ("the U.S. government
        # assessed"), within the verb's clause.
        start = back
        while start > max(0, back - 2) and not tokens[start - 1].pause:
            start -= 1
        if is_past and back >= 0 and not tokens[back].pause and any(named[start : back + 1]):
            return True
    return False


def _trend(text: str, hits: Mapping[str, list[Hit]], clauses: Sequence[tuple[int, int]]) -> bool:
    """A quantity and a verb of change in one clause: "oil prices fell", "its share ... has declined"."""
    trends = hits.get("trend", ())
    if not trends:
        return False
    return any(_within(hits.get("quantity", ()), a, b) and _within(trends, a, b) for a, b in clauses)


def _within(hits: Iterable[Hit], start: int, end: int = 10**9) -> list[Hit]:
    return [h for h in hits if start <= h.start and h.end <= end]


def read_sentence(text: str, *, names: frozenset[str] = frozenset(), organisations: tuple[str, ...] = ()) -> Cues:
    """The cues of one sentence.  ``names``: words the brief prints capitalised mid-sentence (so a
    sentence-initial ``Iran`` is a name); ``organisations``: the author's own organisation(s)."""
    plain = normalise(text)
    tokens = tokens_of(plain)
    hits = phrases().scan(tokens)
    clauses = _clause_spans(plain)

    # "Although X, Y is evident": the judgement of the main clause decides what X reports.
    concessive = _CONCESSIVE.match(plain)
    main = concessive.end() if concessive else 0
    judged = bool(main) and bool(_within(hits.get("evaluation", ()), main))
    scope = main if judged else 0

    own = bool(
        any(t.lower in _own_pronouns() and not t.text.isupper() for t in tokens)  # "US" is no pronoun
        or hits.get("own")
        or own_contact_pattern(organisations).search(plain)
    )
    reported = bool(
        _within(hits.get("attributing", ()), scope)
        or _impersonal(plain[scope:], hits)
        or _finding_reported(tokens, hits, scope)
        or _reported_by_someone(plain, hits, scope)
    )
    quotation = _has_quotation(plain[scope:], reported)
    cross_references = [(m.start(), m.end()) for m in _CROSS_REFERENCE.finditer(plain)]
    structure = bool(
        _REPORT_STRUCTURE.match(plain)
        or [h for h in hits.get("structure", ()) if not any(a <= h.start < b for a, b in cross_references)]
        or hits.get("hypothetical")
        or plain.endswith(":")
        or _DEFINITION.match(plain)
    )
    hedged = all(_clause_hedged(plain, hits, a, b) for a, b in clauses)
    generic = all(_within(hits.get("generic", ()), a, b) for a, b in clauses)
    ranks = _ranks(tokens, hits)
    evaluative = any(not any(a <= h.start < b for a, b in ranks) for h in hits.get("evaluation", ()))
    recommendation = bool(hits.get("recommendation") or _PRESCRIPTION.search(plain))
    conclusion = any(h.first == 0 for h in hits.get("opening", ()))

    dates = {m.group(0) for m in DATE.finditer(plain)} if DIGIT.search(plain) else set()
    numbers, measured = _figures(plain, tokens, hits)
    named = _name_spans(plain, names)
    legal = bool(
        _legal_participle(tokens, hits, scope)
        or _within(hits.get("legal", ()), scope)
        or _permission(tokens, hits, scope)
        or _instrument_subject(plain, tokens, hits, scope)
    )
    action = _past_action(tokens, hits, named)

    facts: list[str] = []
    if quotation:
        facts.append(QUOTATION)
    if legal:
        facts.append(LEGAL)
    digits = any(ch.isdigit() for n in numbers for ch in n)
    if digits and not measured:
        facts.append(FIGURE)
    if reported:
        facts.append(ATTRIBUTED)
    if (numbers and not digits) or ranks or _trend(plain, hits, clauses):
        facts.append(FIGURE)  # a count in words or a ranking: "Five Speakers died ... (in 1962)"
    if dates and named:
        facts.append(DATED)
    if measured or _COMPARATIVE.search(plain):
        facts.append(TECHNICAL)
    if action:
        facts.append(ACTION)
    if dates:
        facts.append(DATED)

    first = FIRST_WORD.match(plain)
    also = any(t.lower == "also" for t in tokens)
    additive = bool(_ADDITIVE_OPENING.match(plain)) or (
        also and not _PRONOUN_SUBJECT.match(plain) and not (first and first.group(1) == "It")
    )
    return Cues(
        facts=tuple(dict.fromkeys(facts)),
        attributed=reported,
        quotation=quotation,
        own_research=own,
        structure=structure,
        recommendation=recommendation,
        option=bool(hits.get("option")),
        hedged=hedged,
        generic=generic,
        evaluative=evaluative,
        conclusion=conclusion,
        dates=frozenset(dates),
        numbers=frozenset(numbers),
        names=frozenset(plain[a:b].rstrip(".'") for a, b in named),
        anaphoric=bool(_ANAPHORIC.match(plain)),
        additive=additive,
        illustrates=bool(_ILLUSTRATES.match(plain)),
    )


@cache
@cache
def _own_pronouns() -> frozenset[str]:
    return frozenset(lexicon()["own_research"]["pronouns"])


def _clause_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _CLAUSES.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()] or [(0, len(text))]


def _clause_hedged(text: str, hits: Mapping[str, list[Hit]], start: int, end: int) -> bool:
    """A clause that only says what may, could or would be, or is unclear."""
    clause = text[start:end]
    uncertain = bool(_within(hits.get("uncertain", ()), start, end))
    if _permission_in(clause):
        return uncertain
    return bool(_HEDGE_MODAL.search(clause)) or uncertain


@cache
def _permission_re() -> re.Pattern[str]:
    verbs = sorted(lexicon()["hedges"]["permission_verbs"], key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(re.escape(w) for w in v.split()) for v in verbs)
    return re.compile(rf"\bmay\s+(?:also\s+|only\s+|still\s+|then\s+|not\s+)?(?:{alternatives})\b", re.IGNORECASE)


def _permission_in(text: str) -> bool:
    if "may" not in text or (m := _permission_re().search(text)) is None:
        return False
    return not re.match(r"\s+to\s+(?!(?:a|an|the|any)\b)", text[m.end() :])


def _permission(tokens: Sequence[Token], hits: Mapping[str, list[Hit]], scope: int) -> bool:
    """ "may decide", "may also include", "may not exceed", "cannot deduct": what a rule permits or
    forbids (a modal with a verb of a rule's action; "may appeal to users" is no permission)."""
    verbs = {h.first for h in hits.get("permission", ())}
    for i, t in enumerate(tokens):
        if t.lower not in ("may", "cannot") or t.start < scope:
            continue
        j = i + 1
        if j < len(tokens) and tokens[j].lower in ("also", "only", "still", "then", "not"):
            j += 1
        if j in verbs and not _to_someone(tokens, j + 1):
            return True
    return False


def _to_someone(tokens: Sequence[Token], k: int) -> bool:
    """ "appeal to users", "apply to many transactions": a verb of a rule's action used of something
    else ("appeal to a board" is still the right to appeal)."""
    return k + 1 < len(tokens) and tokens[k].lower == "to" and tokens[k + 1].lower not in ("a", "an", "the", "any")


def _legal_participle(tokens: Sequence[Token], hits: Mapping[str, list[Hit]], scope: int) -> bool:
    """ "are generally not allowed", "is subject to", "were required": a form of *be* and a rule's participle."""
    for h in hits.get("legal_participle", ()):
        if h.start < scope:
            continue
        k = h.first - 1
        while k >= 0 and (
            tokens[k].lower in grammar("adverbs_between") or tokens[k].lower.endswith("ly") or tokens[k].lower == "not"
        ):
            k -= 1
        if k >= 0 and (tokens[k].lower in _BE or tokens[k].lower in ("has", "have", "had")):
            return True
    return False


def _instrument_subject(text: str, tokens: Sequence[Token], hits: Mapping[str, list[Hit]], scope: int) -> bool:
    """ "The Jones Act (...) restricts", "Such agreements empower": a rule-giving text as the subject
    of a verb saying what it does."""
    verbs = {h.first: h for h in hits.get("instrument_verb", ())}
    for h in hits.get("instrument", ()):
        if h.start < scope:
            continue
        j = h.last + 1
        if j < len(tokens) and text[h.end : h.end + 2].lstrip().startswith("("):  # "(JCPOA)", "(Section 27 ...)"
            close = text.find(")", h.end)
            while j < len(tokens) and tokens[j].start < close:
                j += 1
        while j < len(tokens) and tokens[j].lower in ("also", "further", "both", "generally"):
            j += 1
        if j in verbs:
            return True
    return False


def _impersonal(text: str, hits: Mapping[str, list[Hit]]) -> bool:
    if not hits.get("impersonal"):
        return False
    participles = frozenset(lexicon()["attribution"]["impersonal"])
    for m in _IMPERSONAL.finditer(text):
        if m.group("p1") and m.group("p1").lower() in participles:
            return True
        if m.group("p2") and m.group("p2").lower() in _IMPERSONAL_TO:
            return True
    return False


def _finding_reported(tokens: Sequence[Token], hits: Mapping[str, list[Hit]], scope: int) -> bool:
    """ "IAEA reports indicate", "This estimate assumed", "the study found": someone's findings."""
    verbs = {h.first for h in hits.get("finding_verb", ())}
    return any(h.start >= scope and (h.last + 1 in verbs or h.last + 2 in verbs) for h in hits.get("finding_noun", ()))


@cache
def own_contact_pattern(organisations: tuple[str, ...] = ()) -> re.Pattern[str]:
    """ "told CRS", "in an email to GAO", "CRS analysis", "GAO found": the author's own sources and work."""
    own = lexicon()["own_research"]
    names = "|".join(re.escape(n) for n in sorted({*own["organisations"], *organisations}, key=len, reverse=True))
    contact = "|".join(r"\s+".join(map(re.escape, v.split())) for v in own["contact_verbs"])
    verbs = "|".join(re.escape(v) for v in own["research_verbs"])
    return re.compile(
        rf"\b(?:{contact})\s+(?:{names})\b"
        rf"|\b(?:{names})(?:'s)?\s+(?:own\s+)?(?:analysis|analyses|interview|interviews|calculations|estimates|review|survey)\b"
        rf"|\b(?:{names})\s+(?:\w+ly\s+|also\s+)?(?:{verbs})\b"
    )


# -- not prose and names --------------------------------------------------------------------------


# After a reporting verb: "that", a quotation or a colon ("stated that", "said: “...”", "noted in an
# October 2021 publication that", "stated on March 4, 2026, that"), or its object ("expressed concern").
_REPORTED_WHAT = re.compile(
    r'\s*(?:[,:]\s*)?"'
    r"|\s+(?:in\s+[^,]{0,60}?\s+)?that\b"
    r'|\s+on\s+[^,]{0,40},?\s+(?:that\b|")'
    r"|\s+(?:in|on|during|before|at)\b[^.;]{0,60}\bthat\b"
    r"|\s+(?:confidence|concerns?|doubts?|support|opposition)\b"
)
_AFTER_QUOTE = re.compile(r'[,"]\s*(?:\w+\s+){0,4}$')  # "...," he added


def _reported_by_someone(text: str, hits: Mapping[str, list[Hit]], scope: int) -> bool:
    """A reporting verb with someone other than the author as its speaker: followed by ``that``, a
    quotation or a colon, or closing a quotation (``..., he added.``)."""
    for h in hits.get("reporting", ()):
        if h.start < scope:
            continue
        before = text[: h.start]
        if _AUTHOR_HEDGE.search(before):
            continue  # "it can be argued that", "one could argue": the author's own argument
        if _REPORTED_WHAT.match(text, h.end) or ('"' in before and _AFTER_QUOTE.search(before)):
            return True
    return False
