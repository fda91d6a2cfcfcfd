"""The gazetteer: names the entity layer knows, with their type, canonical name and Wikidata id.

Data files (all in ``briefs_analyzer/data/``), each the one home of its facts:

* ``gazetteer.jsonl``: spaCy ``EntityRuler`` patterns (organisations, agreements, regimes,
  legal instruments, weapon systems, places, capitals as metonyms, and ``none`` for strings
  that are not entities); the format users' gazetteers share (README, "Entities").
* ``states.tsv``: every UN member state and a few others: short name, Wikidata id, official
  name, other names, demonyms (with their plurals).  Names become ruler patterns; demonyms
  are found after the model (a demonym inside a longer name the model found stays there).
* ``us_states.tsv``: the U.S. states and territories: name, postal code, Wikidata id.  A
  U.S. state is a location, never a state actor.
* ``wikidata.tsv``: Wikidata ids of other canonical entities (type, canonical name, id).
* ``people.tsv``: people briefs name by title and surname alone (``President Clinton``).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Final, get_args

from briefs_analyzer.model import EntityType

DATA: Final = Path(__file__).resolve().parent.parent / "data"
SHIPPED_GAZETTEER: Final = DATA / "gazetteer.jsonl"
STATES: Final = DATA / "states.tsv"
US_STATES: Final = DATA / "us_states.tsv"
WIKIDATA: Final = DATA / "wikidata.tsv"
PEOPLE: Final = DATA / "people.tsv"
ENTITY_TYPES: Final[tuple[EntityType, ...]] = get_args(EntityType)
NOT_AN_ENTITY: Final = "none"
TYPES: Final[dict[str, EntityType]] = {t: t for t in ENTITY_TYPES}
# U.S. states whose bare name means something else first (a country, a capital): only their
# longer forms ("State of Georgia", "Washington State") and postal codes are the U.S. state.
_US_STATE_HOMONYMS: Final = frozenset({"Georgia", "Washington"})

_QUOTES: Final = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "\u00a0": " "})


class GazetteerError(ValueError):
    """A gazetteer file that cannot be read; the message names the file and line."""


def key(text: str) -> str:
    """A name as the gazetteer indexes it: straight quotes, single spaces."""
    return " ".join(text.translate(_QUOTES).split())


@dataclass(frozen=True, slots=True)
class Sense:
    """What a name means: an entity type (or ``none``) and a canonical name."""

    label: str
    canonical: str


@dataclass(frozen=True)
class Lexicon:
    """What the gazetteer knows: names -> senses (the most recently defined last), and more.

    ``demonyms``: demonym -> the state's canonical name; ``postal``: U.S. postal code -> the
    state; ``qids``: (type, canonical) -> Wikidata id; ``official``: a state's canonical name
    -> its official name; ``titled``: ``President Clinton`` -> ``Bill Clinton``.
    """

    exact: Mapping[str, tuple[Sense, ...]] = field(default_factory=dict)
    folded: Mapping[str, tuple[Sense, ...]] = field(default_factory=dict)
    demonyms: Mapping[str, str] = field(default_factory=dict)
    postal: Mapping[str, str] = field(default_factory=dict)
    qids: Mapping[tuple[str, str], str] = field(default_factory=dict)
    official: Mapping[str, str] = field(default_factory=dict)
    titled: Mapping[str, str] = field(default_factory=dict)

    def senses(self, text: str) -> tuple[Sense, ...]:
        """Senses of ``text`` as written, else (if it has a capital) ignoring case."""
        k = key(text)
        found = self.exact.get(k)
        if found is None and k != k.lower():
            found = self.folded.get(k.casefold())
        return found or ()

    def sense(self, text: str, *, locative: bool = False) -> Sense | None:
        """The one sense of ``text`` here: a state/location metonym is the place after ``in``/``at``."""
        senses = self.senses(text)
        if not senses:
            return None
        labels = {s.label: s for s in senses}
        if "state_actor" in labels and "location" in labels:
            return labels["location" if locative else "state_actor"]
        return senses[-1]

    def qid(self, typ: str, canonical: str) -> str | None:
        """The Wikidata id of an entity, if the shipped data has it."""
        return self.qids.get((typ, canonical))


def read_gazetteer(paths: Iterable[Path]) -> list[dict[str, Any]]:
    """Read and check the patterns in ``paths`` (JSON Lines), in order.  Raises :class:`GazetteerError`."""
    patterns: list[dict[str, Any]] = []
    for path in paths:
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise GazetteerError(f"{path}: cannot read gazetteer: {exc}") from exc
        for number, line in enumerate(lines, start=1):
            if line.strip():
                patterns.append(_entry(line, f"{path}:{number}"))
    return patterns


def check_gazetteers(paths: Iterable[Path]) -> None:
    """Read and check the user's gazetteers before a run starts, so that a bad one is a usage error
    (one line naming the file and line) and not a failure of every brief.  Token patterns are
    checked against spaCy's schema (spaCy is imported only when a gazetteer has one).
    Raises :class:`GazetteerError`."""
    for path in paths:
        if not Path(path).is_file():
            what = (
                "a folder" if Path(path).is_dir() else "not a regular file" if Path(path).exists() else "no such file"
            )
            raise GazetteerError(f"{path}: cannot read gazetteer: {what}")
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise GazetteerError(f"{path}: cannot read gazetteer: {exc}") from exc
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            entry = _entry(line, f"{path}:{number}")
            if isinstance(entry["pattern"], list):
                from spacy.schemas import validate_token_pattern

                errors = validate_token_pattern(entry["pattern"])
                if errors:
                    raise GazetteerError(f"{path}:{number}: not a spaCy token pattern: {errors[0]}")


def _entry(line: str, where: str) -> dict[str, Any]:
    allowed = {*ENTITY_TYPES, NOT_AN_ENTITY}
    try:
        entry = json.loads(line)
    except json.JSONDecodeError as exc:
        raise GazetteerError(f"{where}: not JSON: {exc.msg}") from exc
    if not isinstance(entry, dict) or not {"label", "pattern"} <= entry.keys() <= {
        "label",
        "pattern",
        "id",
        "wikidata",
    }:
        raise GazetteerError(f'{where}: expected {{"label": ..., "pattern": ..., "id": ...}}')
    if entry["label"] not in allowed:
        raise GazetteerError(f"{where}: label {entry['label']!r} is not one of {', '.join(sorted(allowed))}")
    pattern, canonical = entry["pattern"], entry.get("id")
    token_pattern = isinstance(pattern, list) and all(isinstance(t, dict) for t in pattern)
    if not (isinstance(pattern, str) and pattern.strip()) and not (token_pattern and pattern):
        raise GazetteerError(f"{where}: pattern must be a non-empty string or a list of token patterns")
    if canonical is not None and not (isinstance(canonical, str) and canonical.strip()):
        raise GazetteerError(f"{where}: id must be a non-empty string")
    qid = entry.get("wikidata")
    if qid is not None and not (isinstance(qid, str) and qid[:1] == "Q" and qid[1:].isdigit()):
        raise GazetteerError(f"{where}: wikidata must be an id like Q30")
    return entry


def _rows(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row and not row[0].startswith("#"):
                yield [cell.strip() for cell in row]


def _alternatives(cell: str) -> list[str]:
    return [x for x in cell.split("|") if x]


@dataclass(frozen=True)
class StateTables:
    """The shipped tables of states, U.S. states, Wikidata ids and titled people."""

    patterns: tuple[dict[str, Any], ...]
    demonyms: Mapping[str, str]
    postal: Mapping[str, str]
    qids: Mapping[tuple[str, str], str]
    official: Mapping[str, str]
    titled: Mapping[str, str]


@cache
def shipped_tables() -> StateTables:
    patterns: list[dict[str, Any]] = []
    demonyms: dict[str, str] = {}
    qids: dict[tuple[str, str], str] = {}
    official: dict[str, str] = {}
    for name, qid, official_name, aliases, demonym_cell in _rows(STATES):
        for form in dict.fromkeys([name, official_name, *_alternatives(aliases)]):
            if form:
                patterns.append({"label": "state_actor", "pattern": form, "id": name})
        for demonym in _alternatives(demonym_cell):
            demonyms[demonym] = name
        if qid:
            qids[("state_actor", name)] = qid
        if official_name:
            official[name] = official_name
    postal: dict[str, str] = {}
    for name, code, qid in _rows(US_STATES):
        forms = [f"State of {name}", f"state of {name}", f"Commonwealth of {name}", f"{name} State", f"{name} state"]
        if name not in _US_STATE_HOMONYMS:
            forms.insert(0, name)
        patterns += [{"label": "location", "pattern": form, "id": name} for form in forms]
        postal[code] = name
        qids[("location", name)] = qid
    for typ, canonical, qid in _rows(WIKIDATA):
        qids[(typ, canonical)] = qid
    titled = {form: canonical for canonical, qid, forms in _rows(PEOPLE) for form in _alternatives(forms)}
    for canonical, qid, _ in _rows(PEOPLE):
        if qid:
            qids[("person", canonical)] = qid
    return StateTables(tuple(patterns), demonyms, postal, qids, official, titled)


def build_lexicon(patterns: Iterable[Mapping[str, Any]], tables: StateTables | None = None) -> Lexicon:
    """Index the string patterns; a later definition of a name with the same label replaces the earlier."""
    tables = tables or shipped_tables()
    exact: dict[str, dict[str, str]] = {}
    qids = dict(tables.qids)
    for entry in [*tables.patterns, *patterns]:
        pattern = entry["pattern"]
        if entry.get("wikidata"):
            qids[(entry["label"], entry.get("id") or key(str(pattern)))] = entry["wikidata"]
        if not isinstance(pattern, str):
            continue
        k = key(pattern)
        senses = exact.setdefault(k, {})
        senses.pop(entry["label"], None)
        senses[entry["label"]] = entry.get("id") or k
    indexed = {k: tuple(Sense(label, canonical) for label, canonical in v.items()) for k, v in exact.items()}
    folded: dict[str, tuple[Sense, ...]] = {}
    for k, found in indexed.items():
        folded.setdefault(k.casefold(), found)
    return Lexicon(indexed, folded, tables.demonyms, tables.postal, qids, tables.official, tables.titled)


def all_patterns(gazetteers: Iterable[Path] = ()) -> list[dict[str, Any]]:
    """The ruler's patterns: the state tables', the shipped gazetteer's, then ``gazetteers``' (which win)."""
    return [*shipped_tables().patterns, *read_gazetteer([SHIPPED_GAZETTEER, *gazetteers])]


@cache
def shipped_lexicon() -> Lexicon:
    return build_lexicon(read_gazetteer([SHIPPED_GAZETTEER]))
