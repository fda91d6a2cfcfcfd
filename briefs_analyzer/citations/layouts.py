"""Reading a citation's parts in the layouts notes are written in, and finishing the draft.

The layouts: a quoted title, Bluebook, a record (Congressional Record, Federal Register), plain.
"""

from __future__ import annotations

import re

from ..model import Citation, CitationKind
from .draft import Draft
from .names import (
    names_in,
    normalize_name,
    organisation_like,
    part_kind,
    person_like,
    strip_part,
    unique,
    unitalic,
)
from .patterns import (
    BY_NAMES_END,
    BY_PART,
    CAPS_NAME,
    CAPS_TITLE,
    CROSS_REFERENCE,
    ET_AL,
    IN_PART,
    INSTITUTION,
    KEEP_FINAL_PERIOD,
    KNOWN_CONTAINER,
    MEMO,
    ORG_AUTHOR,
    ORG_CONTINUES,
    PAGES_PART,
    PARENTHETICAL,
    PERIODICAL_NAME,
    PLACE,
    PROSE,
    PUB_MARK,
    QUOTED,
    REPOSITORY,
    SHORT_NAMED,
    STORED_AT,
    TITLE_LEAD,
    TITLE_MARK,
)


def read_parts(draft: Draft, parts: list[str]) -> None:
    """Authors, title, container and locators from the comma-separated parts left over."""
    parts = [p for p in parts if part_kind(p) != "empty"]
    kinds = [part_kind(p) for p in parts]
    used = _take_by_authors(draft, parts, kinds)
    record = next((i for i, p in enumerate(parts) if KNOWN_CONTAINER.fullmatch(unitalic(strip_part(p)))), None)
    if record is not None:
        draft.container = KNOWN_CONTAINER.fullmatch(unitalic(strip_part(parts[record]))).group(0)  # type: ignore[union-attr]
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
            draft.locators.append(strip_part(part))
        elif kind == "in" and draft.container is None and (m := IN_PART.match(strip_part(part))):
            names = [unitalic(m.group("container"))]
            for j in range(i + 1, len(parts)):  # "in The Convention, Part XI Regime ..., eds. A and B"
                if kinds[j] != "head" or j in used:
                    break
                names.append(unitalic(strip_part(parts[j])))
                used.add(j)
            draft.container = ", ".join(names)
            draft.chapter = True
        elif kind == "year" and draft.year is None:
            draft.year = strip_part(part).strip("()")
        elif kind == "stored" and (m := STORED_AT.match(strip_part(part))):
            draft.container = unitalic(m.group("site"))
    draft.locator_follows_head = (
        last_head is not None and last_head + 1 < len(kinds) and kinds[last_head + 1] == "locator"
    )


def _take_by_authors(draft: Draft, parts: list[str], kinds: list[str]) -> set[int]:
    used: set[int] = set()
    for i, kind in enumerate(kinds):
        if kind != "by":
            continue
        m = BY_PART.match(strip_part(parts[i]))
        if m:
            named = BY_NAMES_END.split(m.group("names"), maxsplit=1)[0].strip(" ;")
            draft.authors.extend(names_in(named) or [named])
        used.add(i)
        for j in range(i + 1, len(parts)):
            names = names_in(strip_part(parts[j]), people_only=True)
            if not names:
                break
            draft.authors.extend(names)
            used.add(j)
        break
    return used


def _read_quoted_layout(draft: Draft, parts: list[str], kinds: list[str], used: set[int]) -> int | None:
    at = next(i for i, p in enumerate(parts) if TITLE_MARK in p)
    before = [i for i in range(at) if i not in used]
    for i in before:
        if kinds[i] == "italic":
            draft.container = draft.container or unitalic(strip_part(parts[i]))
    heads = [strip_part(parts[i]) for i in before if kinds[i] != "italic"]
    if heads and not draft.authors:
        draft.authors.extend(_author_slot(heads))
    for i in range(at + 1, len(parts)):
        if i in used or kinds[i] not in ("italic", "head"):
            continue
        name = unitalic(strip_part(parts[i]))
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
    caps = [i for i in heads if kinds[i] != "italic" and CAPS_TITLE.fullmatch(strip_part(parts[i]))]
    if not caps or TITLE_MARK in "".join(parts) or heads[-1] != caps[-1]:
        return None
    return caps[-1]


def _read_bluebook_layout(draft: Draft, parts: list[str], kinds: list[str], used: set[int], at: int) -> int:
    m = CAPS_TITLE.fullmatch(strip_part(parts[at]))
    assert m is not None
    draft.title = m.group("title").strip()
    if m.group("pin"):
        draft.locators.append(m.group("pin"))
    before = [strip_part(parts[i]) for i in range(at) if i not in used and kinds[i] in ("head", "other")]
    if before and all(CAPS_NAME.fullmatch(b) for b in before):
        draft.authors.append(", ".join(before))  # "OFF. OF THE COMM’R, U.S. FOOD & DRUG ADMIN.": one body
    elif before:
        draft.authors.extend(_author_slot(before))
    return at


def _read_record_layout(draft: Draft, parts: list[str], kinds: list[str], used: set[int], record: int) -> int | None:
    """``The Clerk, remarks from the chair, Congressional Record, vol. 143``: speaker, then title."""
    heads = [i for i in range(record) if i not in used and kinds[i] not in ("locator", "year")]
    if len(heads) >= 2 and names_in(strip_part(parts[heads[0]])):
        draft.authors.append(strip_part(parts[heads[0]]))
        heads = heads[1:]
    if heads:
        draft.title = ", ".join(strip_part(parts[i]) for i in heads)
    return record


def _author_slot(heads: list[str]) -> list[str]:
    """The author slot before a title: people one by one, an organisation (even with commas) whole."""
    memo = MEMO.match(heads[0])
    if memo:
        return [_clean_author(memo.group("from"))]
    people: list[str] = []
    for head in heads:
        names = names_in(head, people_only=True)
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


def _read_plain_layout(draft: Draft, parts: list[str], kinds: list[str], used: set[int]) -> int | None:
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
        first = strip_part(parts[run[0]])
        if ORG_CONTINUES.match(strip_part(parts[run[1]])) if n_authors > 1 else False:
            draft.authors.append(_clean_author(", ".join(strip_part(parts[i]) for i in run[:n_authors])))
        else:
            for i in run[:n_authors]:
                draft.authors.extend(_clean_author(n) for n in (names_in(strip_part(parts[i])) or [first]))
    title_at = run[n_authors]
    end = title_at
    for i in run[n_authors + 1 :]:
        part = strip_part(parts[i])
        if PUB_MARK in parts[end] or (kinds[i] == "head" and INSTITUTION.search(part) and not re.match(r"and\s", part)):
            break
        end = i
    title = ", ".join(unitalic(parts[i].replace(PUB_MARK, "").strip()) for i in range(title_at, end + 1))
    title = TITLE_LEAD.sub("", re.sub(r"^and\s+(?=[A-Z*])", "", title.lstrip(":;–— ")))
    draft.title = title if KEEP_FINAL_PERIOD.search(title) else title.rstrip(". ")
    after = [i for i in heads if i > end]
    if after:
        names = [unitalic(strip_part(parts[i])) for i in after if not PLACE.fullmatch(strip_part(parts[i]))]
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
    first = strip_part(parts[run[0]])
    if not names_in(first):
        return 0
    n = 1
    people = len(names_in(first) or ()) > 1 or person_like(first, full_name=True)
    if not people and organisation_like(first):
        if not (INSTITUTION.search(first) or ORG_AUTHOR.search(first) or re.fullmatch(r"[A-Z]{2,}", first)):
            return 0
        while n < len(run) - 1 and ORG_CONTINUES.match(strip_part(parts[run[n]])):
            n += 1
        return n
    while n < len(run) - 1 and names_in(strip_part(parts[run[n]]), people_only=True):
        n += 1
    return n


def finish(draft: Draft) -> Citation:
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
        identifiers=unique(draft.identifiers),
        work_type=_work_type(draft, container) if kind == "full" else None,
    )


def _record_identifier(draft: Draft, container: str) -> list[tuple[str, str]]:
    """``Congressional Record, vol. 169 ..., p. H4978`` -> ``169 Cong. Rec. H4978``."""
    if not container.lower().startswith("congressional") or not draft.volume:
        return []
    pages = draft.pages or next((loc for loc in draft.locators if re.match(r"pp?\.", loc)), None)
    first = re.search(r"[A-Z]?\d+", pages or "")
    if not first:
        return []
    return [("congressional_record", f"{draft.volume} Cong. Rec. {first.group(0)}")]


def _work_type(draft: Draft, container: str | None) -> str | None:
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


def _kind_of(draft: Draft, container: str | None) -> CitationKind:
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
