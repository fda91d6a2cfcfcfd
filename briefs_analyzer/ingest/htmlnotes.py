"""A web page's notes: the references that link to them (by id or by number), the notes lists, each
note's own number and text, and the back-links and cross-references that are neither.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import unquote

from briefs_analyzer.ingest.document import (
    merge_spans,
    squeeze,
)
from briefs_analyzer.model import Problem
from briefs_analyzer.patterns import NOTES_HEADING
from briefs_analyzer.rules import MARKER_NUMBER_MISMATCH

from .htmltree import (
    BACK_TEXT,
    BLOCK,
    EMPTY_BRACKETS,
    HEADINGS,
    ITALIC,
    LABEL,
    LIST_ROLES,
    LIST_TAGS,
    LIST_WORDS,
    NOTE_BLOCKS,
    PLAIN_LABEL,
    El,
    hidden,
    inside,
    number_in,
    sourceline,
    tag_of,
    text_of,
    words_of,
)

# --- references and notes ------------------------------------------------------------------


def _hinted(words: Iterable[str]) -> bool:
    """Words of a class, id, name, role or fragment that mark a note reference or a note."""
    return any(
        w.startswith(("fn", "ftn", "sdfootnote", "sdendnote", "edn"))
        or "footnote" in w
        or "endnote" in w
        or "noteref" in w
        for w in words
    )


@dataclass
class _Ref:
    link: El  # the <a> (or the plain <sup>)
    wrapper: El  # what stands in the text for it (the <sup> around the link, or the link)
    printed: int | None
    target: El | None
    note: El | None = None


@dataclass
class _Note:
    el: El
    number: int | None = None
    label: El | None = None  # the element printing its number, dropped from its text
    refs: list[_Ref] = field(default_factory=list)


def _targets(root: El) -> dict[str, El]:
    ids: dict[str, El] = {}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for key in ("id", "name") if tag_of(el) == "a" else ("id",):
            value = el.get(key)
            if value and value not in ids:
                ids[value] = el
    return ids


def _wrapper(link: El) -> El:
    parent = link.getparent()
    if parent is not None and tag_of(parent) == "sup" and number_in(text_of(parent)) is not None:
        return parent
    return link


def _fragment(href: str) -> str:
    """What follows the first ``#`` of a link, unquoted (as ``urlsplit`` gives it, but never raising:
    ``urlsplit`` rejects a link with a broken ``[...]`` host, which a page may well hold)."""
    return unquote(href.partition("#")[2])


def _in_sup(link: El) -> bool:
    return any(tag_of(a) == "sup" for a in link.iterancestors()) or any(tag_of(d) == "sup" for d in link.iter())


def _candidate_refs(root: El, ids: dict[str, El]) -> list[_Ref]:
    refs = []
    for link in root.iter("a"):
        href = link.get("href") or ""
        fragment = _fragment(href)
        described = (link.get("aria-describedby") or "").split()
        target = ids.get(fragment) if fragment else None
        if target is None and described:
            target = next((ids[d] for d in described if d in ids), None)
        if not fragment and target is None:
            continue
        printed = number_in(text_of(link))
        if printed is None:
            continue
        hinted = _hinted(words_of(link, "class", "id", "name", "role", "rel") | {fragment.lower()}) or any(
            _hinted(words_of(a, "class")) for a in link.iterancestors() if tag_of(a) in ("sup", "span")
        )
        if not (hinted or _in_sup(link)):
            continue
        if target is not None and tag_of(target) in HEADINGS:
            continue
        refs.append(_Ref(link, _wrapper(link), printed, target))
    return refs


def _within(el: El, elements: set[El] | dict[El, _Note]) -> bool:
    """Is ``el`` one of ``elements``, or inside one?"""
    return el in elements or any(a in elements for a in el.iterancestors())


def _note_element(target: El, marks: dict[El, int]) -> El:
    """The note a link lands on: the target, or the block around an empty or numeric target.

    ``marks`` counts, for every element, the link targets and references inside it: a block
    is climbed out of only while its parent holds nothing more (a note of several paragraphs).
    """
    el = target
    if tag_of(el) == "a" or number_in(text_of(el)) is not None or not text_of(el):
        while (parent := el.getparent()) is not None and tag_of(el) not in NOTE_BLOCKS:
            el = parent
    if tag_of(el) not in NOTE_BLOCKS:
        return el
    while (parent := el.getparent()) is not None and tag_of(parent) in NOTE_BLOCKS - {"li"}:
        if marks.get(parent, 0) > marks.get(el, 0) or len(text_of(parent)) > 3 * len(text_of(el)) + 200:
            break
        el = parent
    return el


def _ordinal(li: El) -> int | None:
    parent = li.getparent()
    if parent is None or tag_of(parent) != "ol":
        return None
    try:
        number = int(parent.get("start") or 1) - 1
    except ValueError:
        number = 0
    for item in parent:
        if tag_of(item) != "li":
            continue
        value = item.get("value")
        number = int(value) if value and value.strip().isdigit() else number + 1
        if item is li:
            return number
    return None


def _is_back_link(link: El, ref_anchors: set[str]) -> bool:
    """A link from a note back to its reference (``↩``, ``footnote-back``, ``#fnref1``)."""
    href = link.get("href") or ""
    fragment = _fragment(href)
    if words_of(link, "class", "role", "rel") & {"back", "backlink", "backref", "top", "reversefootnote"}:
        return True
    if fragment and fragment in ref_anchors:
        return True
    return bool(href) and bool(BACK_TEXT.match(text_of(link)))


def _label(note: El, ref_anchors: set[str]) -> tuple[El | None, int | None]:
    """The element printing the note's number: a numeric back-link, or a number opening the note."""
    for link in note.iter("a"):
        if _is_back_link(link, ref_anchors) and (n := number_in(text_of(link))) is not None:
            return link, n
    first = next((c for c in note.iter() if c is not note and isinstance(c.tag, str) and text_of(c)), None)
    if first is not None and tag_of(first) in ("sup", "a", "span", "b", "strong") and not (note.text or "").strip():
        n = number_in(text_of(first))
        if n is not None:
            return first, n
    return None, None


def _notes_lists(root: El) -> list[tuple[El, list[El]]]:
    """Notes lists: containers classed as notes, and what follows a Notes/Endnotes/... heading."""
    found: list[tuple[El, list[El]]] = []
    for el in root.iter():
        tag = tag_of(el)
        if tag in LIST_TAGS and (words_of(el, "class", "id") & LIST_WORDS or (el.get("role") or "") in LIST_ROLES):
            if any(inside(el, c) for c, _ in found):
                continue
            found.append((el, _items(el)))
        elif (tag in HEADINGS or tag in ("p", "strong", "b")) and NOTES_HEADING.match(text_of(el) or "-"):
            following = []
            for sib in el.itersiblings():
                if tag_of(sib) in HEADINGS:
                    break
                following.append(sib)
            items = [i for sib in following for i in ([sib] if tag_of(sib) == "p" else _items(sib))]
            if items:
                found.append((el, items))
    return found


def _items(container: El) -> list[El]:
    lists = [li for li in container.iter("li")]
    if lists:
        return lists
    return [c for c in container if tag_of(c) in ("p", "div") and text_of(c)]


@dataclass
class _Notes:
    refs: list[_Ref]
    notes: list[_Note]
    ref_anchors: set[str]  # ids and names of the references: what back-links point at
    remove: list[El]  # notes, emptied notes lists and their headings: not body text
    problems: list[Problem]


def find_notes(root: El, container: El) -> _Notes:
    order = {el: i for i, el in enumerate(root.iter())}
    refs = _without_back_links(_candidate_refs(root, _targets(root)), order)
    notes = _linked_notes(refs)
    # References inside notes are cross-references, not markers; outside the article, not ours.
    refs = [
        r
        for r in refs
        if (r.note is not None or r.target is None) and _within(r.link, {container}) and not _within(r.link, notes)
    ]
    ref_anchors = {a for r in refs for a in (r.link.get("id"), r.link.get("name"), r.wrapper.get("id")) if a}
    remove, listed = _listed_notes(root, container, refs, notes, ref_anchors)
    # Plain <sup>1</sup> references, by number, on a page whose notes list is not linked.
    if not refs and listed:
        refs.extend(_plain_refs(container, notes))
    for ref in refs:
        if ref.note is not None:
            notes[ref.note].refs.append(ref)
    _number_notes(notes, refs, ref_anchors, order)
    problems = [
        MARKER_NUMBER_MISMATCH.problem(line=sourceline(ref.wrapper), printed=ref.printed, number=number)
        for ref in refs
        if ref.printed is not None
        and (number := notes[ref.note].number if ref.note is not None else None) is not None
        and ref.printed != number
    ]
    remove.extend(notes)
    ordered = sorted(notes.values(), key=lambda n: (n.number or 0, order.get(n.el, 0)))
    return _Notes(refs, ordered, ref_anchors, remove, problems)


def _without_back_links(refs: list[_Ref], order: dict[El, int]) -> list[_Ref]:
    """The references less the back-links: a link that lands on (or next to) an earlier reference."""
    at: dict[El, _Ref] = {}
    for ref in refs:
        at.setdefault(ref.link, ref)
        at.setdefault(ref.wrapper, ref)
    kept = []
    for ref in refs:
        t = ref.target
        near = [] if t is None else [at[e] for e in (t, *t.iterancestors(), *t.iter("a", "sup")) if e in at]
        if not any(o is not ref and order[o.link] < order[ref.link] for o in near):
            kept.append(ref)
    return kept


def _linked_notes(refs: Sequence[_Ref]) -> dict[El, _Note]:
    """The notes the references link to (each reference's ``note`` is set to its note's element)."""
    marks: dict[El, int] = {}
    for el in {*(r.link for r in refs), *(r.target for r in refs if r.target is not None)}:
        for e in (el, *el.iterancestors()):
            marks[e] = marks.get(e, 0) + 1
    notes: dict[El, _Note] = {}
    for ref in refs:
        if ref.target is not None:
            el = _note_element(ref.target, marks)
            if not _within(ref.link, {el}):
                ref.note = el
                notes.setdefault(el, _Note(el))
    return notes


def _listed_notes(
    root: El, container: El, refs: Sequence[_Ref], notes: dict[El, _Note], ref_anchors: set[str]
) -> tuple[list[El], list[El]]:
    """Add the items of the page's notes lists that no reference links to; (what to remove, the items added)."""
    remove: list[El] = []
    listed: list[El] = []
    for head, items in _notes_lists(root):
        if _within(container, {head}) or any(_within(r.link, {head}) for r in refs):
            continue  # a wrapper around the text, not a list of notes
        consumed = False
        ours = _within(head, {container})
        for item in items:
            if _within(item, notes) or any(e in notes for e in item.iter()):
                consumed = True
            elif ours and (
                _ordinal(item) is not None or LABEL.match(text_of(item)) or _label(item, ref_anchors)[1] is not None
            ):
                notes[item] = _Note(item)
                listed.append(item)
                consumed = True
        if consumed:
            remove.append(head)
            if tag_of(head) in HEADINGS or tag_of(head) in ("p", "strong", "b"):
                remove.extend(items)
    return remove, listed


def _plain_refs(container: El, notes: dict[El, _Note]) -> list[_Ref]:
    """Superscript numbers outside links and notes: references by number alone."""
    refs = []
    for sup in container.iter("sup"):
        if _within(sup, notes) or any(tag_of(a) == "a" for a in sup.iterancestors()):
            continue
        if (printed := number_in(text_of(sup))) is not None:
            refs.append(_Ref(sup, sup, printed, None))
    return refs


def _number_notes(notes: dict[El, _Note], refs: Sequence[_Ref], ref_anchors: set[str], order: dict[El, int]) -> None:
    """Each note's own number: its label, its leading number, its place in an <ol>, its reference's;
    plain references then tie to listed notes by number, and notes left without one follow the highest."""
    for note in notes.values():
        note.label, note.number = _label(note.el, ref_anchors)
        if note.number is None and (m := LABEL.match(text_of(note.el))):
            note.number = int(next(g for g in m.groups() if g))
        if note.number is None and tag_of(note.el) == "li":
            note.number = _ordinal(note.el)
        if note.number is None and note.refs:
            note.number = note.refs[0].printed
    by_number = {n.number: n for n in notes.values() if n.number is not None}
    for ref in refs:
        if ref.note is None and ref.target is None and ref.printed is not None and ref.printed in by_number:
            match = by_number[ref.printed]
            ref.note = match.el
            match.refs.append(ref)
    highest = max((n.number for n in notes.values() if n.number is not None), default=0)
    for note in sorted(notes.values(), key=lambda n: order.get(n.el, 0)):
        if note.number is None:
            highest += 1
            note.number = highest


def note_text(note: _Note, ref_anchors: set[str]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The note's text, without its label and back-links, and the spans of it set in italics."""
    parts: list[tuple[str, bool]] = []

    def walk(el: El, italic: bool) -> None:
        for child in el:
            if isinstance(child.tag, str) and child is not note.label and not hidden(child):
                is_back = tag_of(child) == "a" and _is_back_link(child, ref_anchors)
                if not is_back and tag_of(child) not in ("script", "style"):
                    inner = italic or tag_of(child) in ITALIC
                    parts.append((child.text or "", inner))
                    walk(child, inner)
                    if tag_of(child) in BLOCK or tag_of(child) == "br":
                        parts.append((" ", False))
            parts.append((child.tail or "", italic))

    parts.append((note.el.text or "", False))
    walk(note.el, False)
    text, spans = squeeze(parts)
    for m in reversed(list(EMPTY_BRACKETS.finditer(text))):  # what was left of a back-link: "[]", "( )"
        a0, b0 = m.span()
        if a0 > 0 and text[a0 - 1] == " " and (b0 == len(text) or text[b0] == " "):
            a0 -= 1  # and the space before it
        text = text[:a0] + text[b0:]
        n = b0 - a0
        spans = [(x if x <= a0 else max(x - n, a0), y if y <= a0 else max(y - n, a0)) for x, y in spans]
    spans = [sp for sp in spans if sp[1] > sp[0]]
    cut = 0
    if note.label is None and (label_m := LABEL.match(text) or PLAIN_LABEL.match(text)):
        m = label_m
        label = int(next(g for g in m.groups() if g))
        if label == note.number:
            cut = m.end()
    stripped = text[cut:]
    lead = len(stripped) - len(stripped.lstrip())
    cut += lead
    return text[cut:].strip(), merge_spans((max(a0 - cut, 0), b0 - cut) for a0, b0 in spans if b0 > cut)
