"""Names as reference managers want them: a person's family and given names, an institution whole."""

from __future__ import annotations

import re

_NAME_SUFFIXES = frozenset({"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"})
_NAME_PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "di", "del", "la", "le", "bin", "ibn", "al", "el"})
_NAME_WORD = re.compile(r"^[A-Z](?:\.|[A-Za-z\u00C0-\u024F'’.-]*)$")
# Words that make a name an institution rather than a person.
_INSTITUTION_WORDS = frozenset(
    [
        "academy",
        "administration",
        "agency",
        "assembly",
        "association",
        "authority",
        "bank",
        "board",
        "bureau",
        "caucus",
        "center",
        "centre",
        "commission",
        "committee",
        "company",
        "congress",
        "constitution",
        "corp.",
        "corporation",
        "council",
        "court",
        "department",
        "embassy",
        "federal",
        "forum",
        "foundation",
        "fund",
        "government",
        "group",
        "house",
        "inc.",
        "institute",
        "international",
        "library",
        "llc",
        "ltd.",
        "manual",
        "ministry",
        "mining",
        "national",
        "nations",
        "network",
        "news",
        "office",
        "organisation",
        "organization",
        "parliament",
        "party",
        "press",
        "program",
        "programme",
        "project",
        "reserve",
        "rules",
        "senate",
        "service",
        "society",
        "states",
        "times",
        "union",
        "united",
        "university",
    ]
)


def person_name(name: str) -> dict[str, str]:
    """A CSL name for ``name``: ``{"family", "given"[, "suffix"]}`` for a person, else ``{"literal"}``.

    The last word is the family name (``K. Subrahmanyam`` -> family ``Subrahmanyam``, given ``K.``),
    with lower-case particles (``van``, ``de``, ``bin``...) kept with it and ``Jr.``/``III`` as the
    suffix; a trailing ``et al.`` is dropped.  A single word, an acronym, a word in brackets, a
    lower-case word that is no particle, or an institutional word (Department, Office, Times...)
    makes the name an institution, kept whole as ``literal``.
    """
    words = re.sub(r",?\s+et al\.?$", "", name.strip()).replace(",", " ").split()
    suffix = words.pop() if len(words) > 2 and words[-1] in _NAME_SUFFIXES else None
    person = 2 <= len(words) <= 5 and all(
        w in _NAME_PARTICLES
        or (
            _NAME_WORD.match(w)
            and w.lower() not in _INSTITUTION_WORDS
            and not (len(w) > 1 and w.isupper() and "." not in w)
            and not w.endswith(("'s", "’s"))
        )
        for w in words
    )
    if not person or words[-1] in _NAME_PARTICLES or words[0] in _NAME_PARTICLES:
        return {"literal": name.strip()}
    cut = len(words) - 1
    while cut > 1 and words[cut - 1] in _NAME_PARTICLES:
        cut -= 1
    out = {"family": " ".join(words[cut:]), "given": " ".join(words[:cut])}
    if suffix:
        out["suffix"] = suffix
    return out
