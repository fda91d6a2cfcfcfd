"""One identity per entity within a brief: short forms take the canonical name of the full mention.

:func:`resolve_identity` works on all the texts of one brief (body, notes, front matter) with
their mentions, in these steps, each a small pure function:

1. **definitions** (:mod:`~briefs_analyzer.nlp.abbreviations`): an abbreviation or short name
   the brief defines takes the type and canonical name of its long form, everywhere in the
   brief, also where nothing else had found it; an abbreviation of a lower-case long form is
   no name, and whatever took it for one is dropped;
2. **short forms**: a capitalised head word alone (``the Strait``, ``the Committee``, ``the
   Administration``) is the brief's full name with that head (``Strait of Hormuz``,
   ``Endangered Species Committee``, ``Trump Administration``);
3. **people**: a surname alone is the person the brief names in full (``Putin`` ->
   ``Vladimir Putin``), else the one a title names (``President Clinton`` -> ``Bill Clinton``);
   a surname that is neither is not taken for a person; a "person" the brief also puts
   ``in``/``at``/``near`` something, or ``in`` a country, is a place;
4. **legal instruments**: ``the 2015 Iran Nuclear Agreement Review Act`` is the Act ``of
   2015``; a public law or U.S.C. section right after an act (``the Merchant Marine Act of
   1920, P.L. 66-261``) is that act; ``Section 7(a)(2)`` without its act is a section of the
   act the brief is about (its most mentioned act); ``Part XI`` of a treaty is that treaty's part;
5. **bodies of a named entity**: ``Iran's Armed Forces`` are the Armed Forces of the Islamic
   Republic of Iran, the ``ISA Council`` the Council of the International Seabed Authority;
6. **dates** without a year take the year of the nearest date before them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise
from typing import Final

from briefs_analyzer.nlp.abbreviations import Abbreviation, abbreviations, short_names
from briefs_analyzer.nlp.dates import fill_years
from briefs_analyzer.nlp.gazetteer import TYPES, Lexicon, Sense, key
from briefs_analyzer.nlp.mentions import Mention
from briefs_analyzer.nlp.words import words

Texts = list[tuple[str, list[Mention]]]
_PART_OF_TREATY: Final = re.compile(r"\b(?:Part|Article|Annex)\s+(?:[IVXLC]+|\d+[A-Za-z]?)\b")
_ACT: Final = re.compile(r"\bAct(?: of \d{4})?$")
_YEAR_BEFORE: Final = re.compile(r"\b(?P<y>(?:1[7-9]|20)\d\d)\s+$")
_BETWEEN_ACT_AND_CITATION: Final = re.compile(r"^\s*(?:\(|,\s*|;\s*)$")
_SECTION: Final = re.compile(r"^Section (?P<n>\d+[A-Za-z]?(?:\([a-zA-Z0-9]+\))*)$")
_POSSESSIVE: Final = re.compile(r"^['’]s\s+$")
_BODIES: Final = frozenset({"Council", "Secretariat", "Assembly", "Board", "Commission", "Committee", "Tribunal"})
_NAMEABLE: Final = frozenset({"organization", "location", "agreement", "legal_instrument", "regime"})


def resolve_identity(texts: Texts, *, lexicon: Lexicon, scope: Sequence[bool] | None = None) -> list[list[Mention]]:
    """The mentions of one brief's texts with one identity per entity (see the module's docstring)."""
    defining = list(scope) if scope is not None else [True] * len(texts)
    result = link_definitions(texts, lexicon=lexicon, scope=defining)
    for step in (link_short_forms, link_people, link_legal_instruments, link_parts_of_treaties, link_bodies):
        result = step([(text, found) for (text, _), found in zip(texts, result, strict=True)], lexicon, defining)
    return [fill_years(found) for found in result]


# --- 1. definitions -----------------------------------------------------------------------------


def link_definitions(texts: Texts, *, lexicon: Lexicon, scope: Sequence[bool] | None = None) -> list[list[Mention]]:
    """Give every mention of a short form defined in these texts its long form's type and name.

    ``texts`` are one document's texts with their mentions; definitions are looked for in the
    texts where ``scope`` is true (all by default) and applied to all of them, including
    occurrences of the short form no component had found.
    """
    links: dict[str, Sense] = {}
    common: set[str] = set()
    result = [list(mentions) for _, mentions in texts]
    for i, (text, _) in enumerate(texts):
        if scope is not None and not scope[i]:
            continue
        for definition in [*abbreviations(text), *short_names(text)]:
            if definition.short in links or definition.short in common:
                continue
            if not definition.named:
                common.add(definition.short)
                continue
            sense, long_mention = _long_form(definition, result[i], lexicon)
            if sense is None:
                continue
            links[definition.short] = sense
            if long_mention is not None:
                result[i] = insert(result[i], long_mention, replace_inside=True)
    result = [
        [m for m in found if text[m.start : m.end] not in common]
        for (text, _), found in zip(texts, result, strict=True)
    ]
    return _apply_links(texts, result, links) if links else result


def _apply_links(texts: Texts, result: list[list[Mention]], links: dict[str, Sense]) -> list[list[Mention]]:
    pattern = re.compile(
        r"(?<![\w\-])(?:" + "|".join(map(re.escape, sorted(links, key=len, reverse=True))) + r")(?!\w)"
    )
    out = []
    for (text, _), found in zip(texts, result, strict=True):
        relinked = []
        for m in found:
            sense = links.get(text[m.start : m.end])
            typ = TYPES.get(sense.label) if sense else None
            relinked.append(replace(m, type=typ, canonical=sense.canonical, demonym=False) if sense and typ else m)
        extra = [(match, links[match.group()]) for match in pattern.finditer(text)]
        plain = [Mention(m.start(), m.end(), TYPES[s.label], s.canonical) for m, s in extra if m.group()[:1].isalpha()]
        dated = [
            Mention(m.start(), m.end(), TYPES[s.label], s.canonical) for m, s in extra if not m.group()[:1].isalpha()
        ]
        out.append(insert_all(insert_all(relinked, dated, replace_inside=True), plain))
    return out


def _long_form(
    definition: Abbreviation, mentions: Sequence[Mention], lexicon: Lexicon
) -> tuple[Sense | None, Mention | None]:
    for m in mentions:
        if m.start == definition.start and m.end == definition.end:
            return Sense(m.type, m.canonical), None
    sense = lexicon.sense(definition.long)
    if sense is None:
        typ = head_type(definition.long)
        sense = Sense(typ, key(definition.long)) if typ else None
    if sense is None:
        inside = [m for m in mentions if definition.start <= m.start and m.end == definition.end]
        if len(inside) == 1 and inside[0].type in _NAMEABLE and inside[0].start - definition.start < 6:
            sense = Sense(inside[0].type, inside[0].canonical)  # "the" or a year before the name
    typ = TYPES.get(sense.label) if sense else None
    if sense is None or typ is None:
        return None, None
    return sense, Mention(definition.start, definition.end, typ, sense.canonical)


_PREPOSITIONS: Final = frozenset(
    {"of", "on", "for", "to", "in", "between", "against", "relating", "concerning", "regarding"}
)


def head_type(name: str) -> str | None:
    """The type the head word of a name gives it: the word before its first preposition, else the last.

    ``Endangered Species Act``, ``Strait of Hormuz``, ``United Nations Convention on the Law of
    the Sea``, ``Agreement Relating to the Implementation of Part XI ...``.
    """
    parts = name.split()
    cut = next((i for i, word in enumerate(parts) if i and word.lower() in _PREPOSITIONS), len(parts))
    return words().head_type(parts[cut - 1])


def insert(mentions: list[Mention], new: Mention, *, replace_inside: bool = False) -> list[Mention]:
    """``mentions`` plus ``new`` unless it overlaps one (or, with ``replace_inside``, only covers some)."""
    return insert_all(mentions, [new], replace_inside=replace_inside)


def insert_all(mentions: list[Mention], new: Sequence[Mention], *, replace_inside: bool = False) -> list[Mention]:
    """``mentions`` (sorted, not overlapping) plus each of ``new`` that :func:`insert` would add, in one pass."""
    if not new:
        return mentions
    starts = [m.start for m in mentions]
    removed: set[int] = set()
    added: list[Mention] = []
    for m in sorted(new, key=lambda m: m.start):
        if added and added[-1].end > m.start:
            continue
        i = max(bisect_right(starts, m.start) - 1, 0)
        hits = []
        while i < len(mentions) and mentions[i].start < m.end:
            if mentions[i].end > m.start:
                hits.append(i)
            i += 1
        inside = [j for j in hits if m.start <= mentions[j].start and mentions[j].end <= m.end]
        if len(inside) < len(hits) or (inside and not replace_inside) or removed & set(hits):
            continue
        removed.update(inside)
        added.append(m)
    kept = [m for j, m in enumerate(mentions) if j not in removed]
    return sorted([*kept, *added], key=lambda m: m.start)


# --- 2. short forms -------------------------------------------------------------------------------


def link_short_forms(texts: Texts, lexicon: Lexicon, scope: Sequence[bool]) -> list[list[Mention]]:
    """``the Strait`` after ``Strait of Hormuz``, ``the Committee``, ``the Administration``."""
    heads = words().short_form_heads
    full: dict[str, list[tuple[int, int, Mention]]] = defaultdict(list)
    for i, (text, found) in enumerate(texts):
        for m in found:
            parts = text[m.start : m.end].split()
            if m.type in _NAMEABLE and len(parts) > 1 and scope[i]:
                for word in {parts[0], parts[-1]} & heads:
                    full[word].append((i, m.start, m))
    pattern = re.compile(r"\b(?:" + "|".join(sorted(full) or ["(?!)"]) + r")\b(?![\w\-])")
    tails = _tails(texts)
    out = []
    for i, (text, found) in enumerate(texts):
        kept = []
        for m in found:
            target = _full_name(full, text[m.start : m.end], i, m.start) if m.type in _NAMEABLE else None
            target = target or tails.get(text[m.start : m.end])
            kept.append(replace(m, type=target.type, canonical=target.canonical) if target else m)
        extra = []
        for match in pattern.finditer(text):
            target = _full_name(full, match.group(), i, match.start()) if _stands_alone(text, *match.span()) else None
            if target:
                extra.append(Mention(match.start(), match.end(), target.type, target.canonical))
        out.append(insert_all(kept, extra))
    return out


def _tails(texts: Texts) -> dict[str, Mention]:
    """``District of Maryland`` standing for the ``U.S. District Court for the District of Maryland`` named before."""
    tails = {}
    for text, found in texts:
        for m in found:
            name = text[m.start : m.end]
            if m.type == "organization" and " for the " in name:
                tails[name.rsplit(" for the ", 1)[1]] = m
    return tails


def _full_name(full: dict[str, list[tuple[int, int, Mention]]], word: str, part: int, at: int) -> Mention | None:
    """The one full name with head ``word`` (else the nearest one before ``at``)."""
    candidates = full.get(word)
    if not candidates:
        return None
    names = {m.canonical for _, _, m in candidates}
    if len(names) == 1:
        return candidates[0][2]
    before = [c for c in candidates if (c[0], c[1]) < (part, at)]
    return max(before, key=lambda c: (c[0], c[1]))[2] if before else None


def _stands_alone(text: str, start: int, end: int) -> bool:
    """A head word not inside another name: no capitalised word or ``of`` right around it."""
    before = text[max(0, start - 30) : start].split()
    after = text[end : end + 30].split()
    if before and before[-1][:1].isupper() and before[-1].rstrip(".,;:") == before[-1] and before[-1] != "The":
        return False
    if before and before[-1].endswith(("-", "’s", "'s")):
        return False
    return not (after and (after[0] in {"of", "for", "on"} or (after[0][:1].isupper() and after[0].isalpha())))


# --- 3. people --------------------------------------------------------------------------------------


def link_people(texts: Texts, lexicon: Lexicon, scope: Sequence[bool]) -> list[list[Mention]]:
    """Surnames take the full name the brief gives; places and nobodies are no people."""
    surnames: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for i, (text, found) in enumerate(texts):
        for m in found:
            parts = text[m.start : m.end].split()
            if m.type == "person" and len(parts) > 1 and scope[i] and _surname(parts[-1]):
                surnames[parts[-1]].append((i, m.start, m.canonical))
    places = _places_not_people(texts)
    out = []
    for i, (text, found) in enumerate(texts):
        kept: list[Mention] = []
        for m in found:
            person = _as_person(text, m, surnames, lexicon, (i, m.start))
            if person is not None and text[m.start : m.end] in places:
                person = replace(person, type="location", canonical=key(text[m.start : m.end]))
            if person is not None or m.type != "person":
                kept.append(person or m)
        out.append(_add_surnames(text, kept, surnames, (i,)))
    return out


def _surname(word: str) -> bool:
    """A word that can stand for a person named in full: a capitalised name, not a title, head word or particle."""
    w = words()
    return (
        word[:1].isupper()
        and any(c.islower() for c in word)
        and word.replace("-", "").replace("'", "").isalpha()
        and word not in w.person_titles
        and w.head_type(word) is None
        and word not in w.legal_heads
    )


def _as_person(
    text: str, m: Mention, surnames: dict[str, list[tuple[int, int, str]]], lexicon: Lexicon, at: tuple[int, int]
) -> Mention | None:
    """``m`` as the person it names, or None when a one-word "person" names nobody the brief knows."""
    surface = text[m.start : m.end]
    known = surnames.get(surface)
    if known and (m.type == "person" or not m.by_rule):
        return replace(m, type="person", canonical=_nearest(known, *at))
    if m.type != "person" or len(surface.split()) > 1:
        return m
    title = _title_before(text, m.start)
    if title:
        return replace(m, canonical=lexicon.titled.get(f"{title} {surface}", m.canonical))
    return m if m.by_rule else None


def _title_before(text: str, start: int) -> str | None:
    before = text[max(0, start - 40) : start].split()
    if not before:
        return None
    word = before[-1].split("-")[-1]
    titles = words().person_titles
    return word if word in titles or word.capitalize() in titles else None


def _places_not_people(texts: Texts) -> set[str]:
    """Names of "people" the brief also puts after ``in``/``at``/``near``, or ``in`` a country or place."""
    prepositions = words().place_prepositions
    places = set()
    for text, found in texts:
        starts = {m.start: m for m in found}
        for m in found:
            if m.type != "person":
                continue
            before = text[max(0, m.start - 20) : m.start].split()
            after = text[m.end : m.end + 6]
            if before and before[-1] in prepositions - {"in"} and not after.startswith(("'s", "’s")):
                places.add(text[m.start : m.end])
            follower = re.match(r"\s+(?:in|near|off)\s+(?:the\s+)?", text[m.end : m.end + 20])
            place = starts.get(m.end + follower.end()) if follower else None
            if place is not None and place.type in {"location", "state_actor"}:
                places.add(text[m.start : m.end])
    return places


def _add_surnames(
    text: str, found: list[Mention], surnames: dict[str, list[tuple[int, int, str]]], part: tuple[int]
) -> list[Mention]:
    """Surnames of people named in full that nothing had found (``according to Grossi``)."""
    if not surnames:
        return found
    pattern = re.compile(r"(?<![\w\-])(?:" + "|".join(map(re.escape, sorted(surnames))) + r")(?![\w\-])")
    extra = []
    for match in pattern.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        if text.count('"', line_start, match.start()) % 2:
            continue  # inside a quoted title or quotation: a word, not a person found before
        extra.append(
            Mention(match.start(), match.end(), "person", _nearest(surnames[match.group()], part[0], match.start()))
        )
    return insert_all(found, extra)


def _nearest(known: list[tuple[int, int, str]], part: int, at: int) -> str:
    """The canonical name of the nearest full mention at or before (part, at), else the first."""
    before = [c for c in known if (c[0], c[1]) <= (part, at)]
    return (max(before) if before else known[0])[2]


# --- 4. legal instruments ---------------------------------------------------------------------------


def link_legal_instruments(texts: Texts, lexicon: Lexicon, scope: Sequence[bool]) -> list[list[Mention]]:
    """Acts with their year, public laws and U.S.C. sections given after an act, sections of the brief's act."""
    renamed: dict[str, str] = {}
    for text, found in texts:
        for m in found:
            year = _YEAR_BEFORE.search(text, max(0, m.start - 8), m.start)
            if m.type == "legal_instrument" and _ACT.search(m.canonical) and " of " not in m.canonical[-8:] and year:
                renamed[m.canonical] = f"{m.canonical} of {year.group('y')}"
    cited: dict[str, str] = {}
    for text, found in texts:
        for act, citation in pairwise(found):
            if (
                act.type == "legal_instrument"
                and citation.type == "legal_instrument"
                and _is_citation(citation.canonical)
                and _BETWEEN_ACT_AND_CITATION.match(text[act.end : citation.start])
            ):
                cited[citation.canonical] = renamed.get(act.canonical, act.canonical)
    acts = Counter(
        renamed.get(m.canonical, m.canonical) for _, found in texts for m in found if _ACT.search(m.canonical)
    )
    main_act = acts.most_common(1)[0][0] if acts else None

    def rename(m: Mention) -> Mention:
        if m.type != "legal_instrument":
            return m
        name = cited.get(m.canonical) or renamed.get(m.canonical, m.canonical)
        section = _SECTION.match(name)
        if section and main_act:
            name = f"{main_act} § {section.group('n')}"
        return replace(m, canonical=name) if name != m.canonical else m

    return [[rename(m) for m in found] for _, found in texts]


def _is_citation(canonical: str) -> bool:
    return canonical.startswith("P.L. ") or " U.S.C. " in canonical


def link_parts_of_treaties(texts: Texts, lexicon: Lexicon, scope: Sequence[bool]) -> list[list[Mention]]:
    """``Part XI of UNCLOS``, ``[UNCLOS] Part XI``, ``UNCLOS Part XI``: the treaty's part."""
    out = []
    for text, found in texts:
        kept = list(found)
        treaties = [m for m in found if m.type in {"agreement", "regime"}]
        extra = []
        for match in _PART_OF_TREATY.finditer(text):
            treaty = _treaty_of(text, match, treaties)
            if treaty is not None:
                extra.append(Mention(match.start(), match.end(), treaty.type, f"{treaty.canonical}, {match.group()}"))
        out.append(insert_all(kept, extra))
    return out


def _treaty_of(text: str, match: re.Match[str], treaties: Sequence[Mention]) -> Mention | None:
    after = re.match(r"\s+of\s+(?:the\s+)?", text[match.end() : match.end() + 12])
    for t in treaties:
        if after and t.start == match.end() + after.end():
            return t
        if re.fullmatch(r"[\s\]\)]{1,3}", text[t.end : match.start()] or "x"):
            return t
    return None


# --- 5. bodies of a named entity ---------------------------------------------------------------------


def link_bodies(texts: Texts, lexicon: Lexicon, scope: Sequence[bool]) -> list[list[Mention]]:
    """``Iran's Armed Forces``, ``ISA Council``: the body of the entity named with it."""
    institutions = set(words().national_institutions)
    out = []
    for text, found in texts:
        kept = [
            _body_of(text, previous, m, lexicon, institutions)
            for previous, m in zip([None, *found], found, strict=False)
        ]
        out.append(_bodies_after_names(text, kept))
    return out


def _body_of(text: str, previous: Mention | None, m: Mention, lexicon: Lexicon, institutions: set[str]) -> Mention:
    if m.type != "organization" or (m.by_rule and m.canonical != key(text[m.start : m.end])):
        return m
    surface = text[m.start : m.end]
    if (
        previous is not None
        and previous.type == "state_actor"
        and surface in institutions
        and _POSSESSIVE.match(text[previous.end : m.start])
    ):
        official = lexicon.official.get(previous.canonical)
        name = f"the {official}" if official else previous.canonical
        return replace(m, canonical=f"{surface} of {name}")
    parts = surface.split()
    if len(parts) == 2 and parts[1] in _BODIES:
        sense = lexicon.sense(parts[0])
        if sense is not None and sense.label == "organization":
            return replace(m, canonical=f"{parts[1]} of the {sense.canonical}")
    return m


def _bodies_after_names(text: str, found: list[Mention]) -> list[Mention]:
    """``ISA Council``: an organisation's abbreviation and a body word nothing else took."""
    out = []
    for i, m in enumerate(found):
        following = found[i + 1] if i + 1 < len(found) else None
        body = re.match(r" ([A-Z][a-z]+)\b", text[m.end : m.end + 20])
        free = body is not None and (following is None or following.start >= m.end + body.end())
        if m.type == "organization" and text[m.start : m.end].isupper() and free and body and body.group(1) in _BODIES:
            m = replace(m, end=m.end + body.end(), canonical=f"{body.group(1)} of the {m.canonical}")
        out.append(m)
    return out
