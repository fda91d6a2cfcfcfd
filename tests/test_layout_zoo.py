"""The layout zoo (issue 15): every rendering of a seed passes the gold checks its text passes.

The renderings come from :mod:`tests.zoo` (built once per cache, see its docstring for the cost);
the checks from :mod:`tests.gold`.  For each seed and layout:

* ``test_seed_body``: every ``body``-level check (title, date, sections, note numbers, claims with
  their markers, stitched sentences, no error-level problem) that the seed's text passes;
* ``test_seed_authors``: for the PDF layouts, the authors check the ``pdf`` level adds (the other
  metadata each format carries is :mod:`tests.test_metadata_formats`).

For each real Markdown report and PDF layout: the rendering gives the same note numbers as the
Markdown itself (``test_real_notes``) and at least 90% of its claim texts (``test_real_claims``).

What fails today is marked ``xfail(strict=True)`` in the tables below, with the checks that fail:
when a change to the readers makes a case pass, its test fails as XPASS until the mark is removed,
so the tables always say what is left to do.  ``python bench/bench_zoo.py`` prints the same as
numbers (``bench/RESULTS.md``).
"""

from __future__ import annotations

import dataclasses
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests import zoo
from tests.conftest import CORPUS_REAL, SEED_STEMS, SEEDS, load_gold
from tests.gold import Check, as_json, claim_overlap, failures, gold_checks, passed

CLAIM_SHARE = 0.9
S000, S004 = SEED_STEMS
CRS_IN12678 = "crs-in12678-us-iran-ceasefire"
CRS_R44243 = "crs-r44243-electing-the-speaker"
CRS_R48903 = "crs-r48903-strait-of-hormuz-non-oil-shipments"
GAO_06_282 = "gao-06-282-infant-formula-marketing-wic"

# What still fails, with the body-level checks that fail: nothing since 2026-11-30 (river gutters,
# notes taken for running footers, words broken across columns, hyphens, overfull lines fixed).
BODY_FAILS: dict[tuple[str, str], str] = {}
# Every PDF layout gives the authors printed under the title (2026-11-30).
AUTHORS_FAIL: set[tuple[str, str]] = set()
# (report, layout) -> what still fails: the notes found.  Nothing since 2026-11-30: the note lists
# in two and three columns were read across the columns where their lines left their shared
# baselines, a list's numbers stood in the gutter, or a URL too long for its column filled it.
REAL_NOTES_FAIL: dict[tuple[str, str], str] = {}
# Claims of the renderings against the Markdown's own: every layout gives 90% or more since
# 2026-11-30 (ligatures read by PDFium lost a letter; the Markdown's web navigation, notices and
# address blocks gave claims; hyphens before capitals and figures; a code line's letters over a
# word's; a narrow column's short lines taken for labels).
REAL_CLAIMS_FAIL: dict[tuple[str, str], str] = {}


def xfail_if(case: tuple[str, str], table: dict[tuple[str, str], str] | set[tuple[str, str]], what: str) -> Any:
    if case not in table:
        return pytest.param(*case, id="-".join(case))
    reason = f"{what}: {table[case]}" if isinstance(table, dict) else what
    return pytest.param(*case, id="-".join(case), marks=pytest.mark.xfail(strict=True, reason=reason))


@pytest.fixture(scope="module", autouse=True)
def _zoo() -> None:
    """Build what the cache lacks all at once, a job per core (each test then finds its file)."""
    zoo.build_all()


@cache
def real_source(name: str) -> zoo.Source:
    return zoo.real_source(CORPUS_REAL / f"{name}.md")


def text_checks(stem: str) -> list[Check]:
    return gold_checks(zoo.analysed(SEEDS / f"{stem}.txt"), load_gold(stem), "pdf")


# --- the gold checks themselves --------------------------------------------------------------------


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_the_seeds_text_passes_every_parse_check(stem: str) -> None:
    checks = gold_checks(zoo.analysed(SEEDS / f"{stem}.txt"), load_gold(stem), "parse")
    assert not failures(checks)
    # The scorer's counts: 28 and 20 checks at the parse level.
    assert len(checks) == {S000: 28, S004: 20}[stem]
    assert [c.name for c in checks[:7]] == ["title", "date", "authors", "editors", "organization"] + [
        f"role of {name}" for name in load_gold(stem)["metadata"]["authors"]
    ] + ["sections"]


def test_levels_drop_what_they_should() -> None:
    brief, gold = zoo.analysed(SEEDS / f"{S000}.txt"), load_gold(S000)
    names = {level: [c.name for c in gold_checks(brief, gold, level)] for level in ("parse", "pdf", "body")}
    assert set(names["parse"]) - set(names["pdf"]) == {"editors", "organization", "role of Malaika Afridi"}
    assert set(names["pdf"]) - set(names["body"]) == {"authors"}
    assert names["body"][:2] == ["title", "date"]


def test_brief_and_its_json_give_the_same_checks() -> None:
    brief, gold = zoo.analysed(SEEDS / f"{S004}.txt"), load_gold(S004)
    assert gold_checks(brief, gold) == gold_checks(as_json(brief), gold)


def test_checks_fail_where_the_brief_is_wrong() -> None:
    brief, gold = zoo.analysed(SEEDS / f"{S004}.txt"), load_gold(S004)
    metadata = dataclasses.replace(brief.metadata, date="2025-01-29", title=f"The {brief.metadata.title}!")
    broken = dataclasses.replace(
        brief,
        metadata=metadata,
        notes=brief.notes[:-1],
        sentences=tuple(dataclasses.replace(s, markers=()) if 3 in s.markers else s for s in brief.sentences),
    )
    failed = {c.name for c in gold_checks(broken, gold) if not c.passed}
    # A leading "the" and punctuation do not count in titles; the date, the notes and the claim do.
    assert failed == {"date", "note numbers", "claim 3: the Symington"}


# --- the seeds -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stem", "layout"),
    [xfail_if((stem, layout), BODY_FAILS, "fails") for stem in SEED_STEMS for layout in zoo.SEED_LAYOUTS],
)
def test_seed_body(stem: str, layout: str) -> None:
    brief = zoo.analysed(zoo.render(zoo.seed_source(stem), layout))
    assert brief.format == zoo.LAYOUTS[layout].format
    want = passed(text_checks(stem))
    missed = failures(gold_checks(brief, load_gold(stem), "body"), want)
    assert not missed, "; ".join(missed)


@pytest.mark.parametrize(
    ("stem", "layout"),
    [
        xfail_if((stem, layout), AUTHORS_FAIL, "authors not read from pandoc's title block")
        for stem in SEED_STEMS
        for layout in zoo.PDF_LAYOUTS
    ],
)
def test_seed_authors(stem: str, layout: str) -> None:
    brief = zoo.analysed(zoo.render(zoo.seed_source(stem), layout))
    want = passed(text_checks(stem)) & {"authors"}
    missed = failures(gold_checks(brief, load_gold(stem), "pdf"), want)
    assert not missed, "; ".join(missed)


# --- the real Markdown reports ---------------------------------------------------------------------

REAL = [path.stem for path in zoo.REAL_MARKDOWN]


@pytest.mark.parametrize(
    ("name", "layout"),
    [xfail_if((name, layout), REAL_NOTES_FAIL, "finds") for name in REAL for layout in zoo.REAL_LAYOUTS],
)
def test_real_notes(name: str, layout: str) -> None:
    reference = zoo.analysed(CORPUS_REAL / f"{name}.md")
    brief = zoo.analysed(zoo.render(real_source(name), layout))
    numbers = [n.number for n in brief.notes]
    assert numbers == [n.number for n in reference.notes], f"{len(numbers)} notes: {numbers}"


@pytest.mark.parametrize(
    ("name", "layout"),
    [xfail_if((name, layout), REAL_CLAIMS_FAIL, "gives") for name in REAL for layout in zoo.REAL_LAYOUTS],
)
def test_real_claims(name: str, layout: str) -> None:
    reference = zoo.analysed(CORPUS_REAL / f"{name}.md")
    brief = zoo.analysed(zoo.render(real_source(name), layout))
    share = claim_overlap(reference, brief)
    assert share >= CLAIM_SHARE, f"{100 * share:.1f}% of the Markdown's claim texts"


# --- the zoo's cache -------------------------------------------------------------------------------


def test_a_warm_zoo_builds_nothing_and_a_changed_source_rebuilds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFS_ZOO_CACHE", str(tmp_path))
    source = zoo.seed_source(S000)
    first = zoo.render(source, "markdown-yaml")
    assert first.is_relative_to(tmp_path) and first.name == f"{S000}.md"
    assert first.read_text(encoding="utf-8") == source.markdown
    stamp = first.stat().st_mtime_ns
    assert zoo.render(source, "markdown-yaml") == first and first.stat().st_mtime_ns == stamp
    edited = dataclasses.replace(source, markdown=source.markdown.replace("India", "Bharat"))
    second = zoo.render(edited, "markdown-yaml")
    assert second != first and "Bharat" in second.read_text(encoding="utf-8")
    assert not list(tmp_path.glob("*/.build-*"))  # no half-built folder is left behind


def test_the_cache_key_follows_the_tool_versions(monkeypatch: pytest.MonkeyPatch) -> None:
    source, layout = zoo.seed_source(S000), zoo.LAYOUTS["word"]
    monkeypatch.setattr(zoo, "tool_version", lambda name: "pandoc 3.9")
    before = zoo.cache_key(source, layout)
    monkeypatch.setattr(zoo, "tool_version", lambda name: "pandoc 3.10")
    assert zoo.cache_key(source, layout) != before


def test_seed_markdown_carries_the_gold_metadata_as_yaml() -> None:
    markdown, title = zoo.seed_markdown(S004, yaml=True)
    gold = load_gold(S004)["metadata"]
    assert title == gold["title"]
    front = markdown.split("\n---\n", 1)[0]
    assert front.splitlines() == [
        "---",
        f'title: "{gold["title"]}"',
        "author:",
        '  - name: "Sardar Jahanzaib Ghalib"',
        '    role: "Research Associate"',
        'date: "January 28, 2025"',
        'organization: "Arms Control & Disarmament Centre, ISSI"',
        "editor:",
        '  - "Malik Qasim Mustafa"',
    ]
    body = markdown.split("\n---\n", 1)[1]
    assert body.lstrip().startswith("(Views expressed in the brief")
    assert "[^11]: Rajat Pandit" in body and body.count("[^3]") == 2  # the marker and the definition
    assert "Edited by" not in body


def test_a_program_that_hangs_is_ended(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zoo, "TIMEOUT", 0.5)
    with pytest.raises(RuntimeError, match="sh took more than 0 s"):
        zoo.run(["sh", "-c", "sleep 30 & sleep 30"])
    with pytest.raises(RuntimeError, match="sh exited with 3:\nwhy"):
        zoo.run(["sh", "-c", "echo why >&2; exit 3"])
