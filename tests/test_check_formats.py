"""`briefs check` output: one finding per problem, places, fingerprints, SARIF, JUnit, GitLab, --show-source."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from click.testing import CliRunner

from briefs_analyzer.check import Finding
from briefs_analyzer.cli import main
from briefs_analyzer.formats import fingerprints
from tests.conftest import CORPUS_REAL, DATA

# Marker 3 is used twice and has no note; note 2 cites two works, neither dated (BA205 made twice, told once).
BRIEF = (
    "# A Brief\n\n"
    "By Jane Doe\n\n"
    "Sanctions were imposed.[^1] They were lifted.[^2]\n\n"  # 5
    "They came back.[^3]\n\n"  # 7
    "And went again.[^3]\n\n"  # 9
    '[^1]: "Sanctions," *Reuters*, 12 May 1998.\n'  # 11
    '[^2]: Jane Doe, "Missile Reforms," *Dawn*; John Roe, "Export Rules," *Nation*.\n'  # 12
)


def run(cwd: Path, *args: str) -> tuple[int, str, str]:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, ["check", *args])
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "b.md").write_text(BRIEF, encoding="utf-8")
    (tmp_path / "clean.md").write_text(
        '# Clean\n\nA claim.[^1]\n\n[^1]: "A," *Dawn*, 3 March 2001.\n', encoding="utf-8"
    )
    return tmp_path


def document(cwd: Path, *args: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(run(cwd, *args, "--format", "json")[1])
    return data


def test_one_finding_per_problem_with_every_place_in_text(folder: Path) -> None:
    code, out, _ = run(folder, "b.md")
    assert code == 1
    assert out.splitlines() == [
        "b.md",
        "  b.md:7:16: BA101 marker 3 has no note (also at 9:16) [marker-without-note, error]",
        "  b.md:12:1: BA205 note 2: the source has no date or year [undated-source, warning]",
        "1 file checked: 1 error, 1 warning",
    ]


def test_json_lists_places_line_kind_and_fingerprint(folder: Path) -> None:
    findings = document(folder, "b.md")["findings"]
    assert findings[0] == {
        "path": "b.md",
        "line": 7,
        "column": 16,
        "page": None,
        "code": "BA101",
        "name": "marker-without-note",
        "severity": "error",
        "message": "marker 3 has no note",
        "line_kind": "file",
        "places": [{"line": 7, "column": 16, "page": None}, {"line": 9, "column": 16, "page": None}],
        "fingerprint": findings[0]["fingerprint"],
    }
    assert len(findings[0]["fingerprint"]) == 32
    assert findings[1]["places"] == [{"line": 12, "column": 1, "page": None}]


def test_show_source_prints_the_line_with_a_caret(folder: Path) -> None:
    _, out, _ = run(folder, "b.md", "--show-source", "--select", "BA101")
    assert out == (
        "b.md\n"
        "  b.md:7:16: BA101 marker 3 has no note (also at 9:16) [marker-without-note, error]\n"
        "      |\n"
        "    7 | They came back.[^3]\n"
        "      |                ^\n"
        "      |\n"
        "    9 | And went again.[^3]\n"
        "      |                ^\n"
        "1 file checked: 1 error, 0 warnings\n"
    )


def test_show_source_cuts_long_lines_around_the_column(tmp_path: Path) -> None:
    (tmp_path / "b.md").write_text("# T\n\n" + "word " * 60 + "end.[^4]\n", encoding="utf-8")
    _, out, _ = run(tmp_path, "b.md", "--show-source", "--select", "BA101")
    source, caret = out.splitlines()[3:5]
    assert source.startswith("    3 | …") and source.endswith("end.[^4]")
    assert len(source) == len("    3 | …") + 100
    assert caret.index("^") == source.index("[^4]")


def test_fingerprints_do_not_move_with_lines(folder: Path) -> None:
    before = {f["code"]: f["fingerprint"] for f in document(folder, "b.md")["findings"]}
    sarif_before = json.loads(run(folder, "b.md", "--format", "sarif")[1])["runs"][0]["results"]
    (folder / "b.md").write_text(BRIEF.replace("By Jane Doe\n\n", "By Jane Doe\n\nA new paragraph.\n\n"), "utf-8")
    after = document(folder, "b.md")["findings"]
    assert [f["line"] for f in after] == [9, 14]  # the lines moved ...
    assert {f["code"]: f["fingerprint"] for f in after} == before  # ... the fingerprints did not
    sarif_after = json.loads(run(folder, "b.md", "--format", "sarif")[1])["runs"][0]["results"]
    assert [r["partialFingerprints"] for r in sarif_after] == [r["partialFingerprints"] for r in sarif_before]
    assert sarif_after[0]["partialFingerprints"] == {"briefs/v1": before["BA101"]}


def test_identical_findings_get_distinct_fingerprints() -> None:
    same = Finding("b.md", 3, None, None, "BA301", "uncited-factual-claim", "warning", "factual claim with no note")
    other = Finding("b.md", 9, None, None, "BA301", "uncited-factual-claim", "warning", "factual claim with no note")
    first, second = fingerprints([same, other])
    assert first != second and fingerprints([same]) == [first]


def sarif_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    return schema


def test_sarif_related_locations_and_schema(folder: Path) -> None:
    log = json.loads(run(folder, "b.md", "--format", "sarif")[1])
    jsonschema.validate(log, sarif_schema())
    result = log["runs"][0]["results"][0]
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 7, "startColumn": 16}
    assert result["relatedLocations"] == [
        {
            "id": 1,
            "physicalLocation": {"artifactLocation": {"uri": "b.md"}, "region": {"startLine": 9, "startColumn": 16}},
            "message": {"text": "9:16"},
        }
    ]
    assert "properties" not in result  # a text file's lines are the file's lines


def test_pdf_findings_give_the_page_and_the_line_on_it_and_say_so() -> None:
    pdf = CORPUS_REAL / "crs-98-317-types-of-committee-hearings.pdf"
    _, out, _ = run(CORPUS_REAL, pdf.name, "--format", "json")
    findings = json.loads(out)["findings"]
    assert findings and all(f["line_kind"] == "page" and f["page"] for f in findings if f["line"] is not None)
    _, out, _ = run(CORPUS_REAL, pdf.name, "--format", "sarif")
    log = json.loads(out)
    jsonschema.validate(log, sarif_schema())
    for result, finding in zip(log["runs"][0]["results"], findings, strict=True):
        region = result["locations"][0]["physicalLocation"].get("region", {})
        assert result["properties"]["lineKind"] == "page"
        assert result["properties"]["page"] == finding["page"]
        assert result["properties"].get("lineOnPage") == region.get("startLine") == finding["line"]
        assert result["message"]["text"].endswith(f"(page {finding['page']})")


def test_junit_is_xml_with_a_suite_per_file(folder: Path) -> None:
    code, out, _ = run(folder, ".", "--format", "junit")
    assert code == 1
    root = ET.fromstring(out.encode())
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("3", "2", "0")
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {"b.md", "clean.md"}
    cases = suites["b.md"].findall("testcase")
    assert [(c.get("name"), c.get("classname"), c.get("line")) for c in cases] == [
        ("BA101 marker-without-note", "b.md", "7"),
        ("BA205 undated-source", "b.md", "12"),
    ]
    failure = cases[0].find("failure")
    assert failure is not None
    assert (failure.get("message"), failure.get("type")) == ("marker 3 has no note", "error")
    assert failure.text == "line 7, column 16 (also at 9:16): BA101 marker 3 has no note"
    (clean,) = suites["clean.md"].findall("testcase")
    assert clean.get("name") == "no findings" and clean.find("failure") is None


def test_gitlab_code_quality(folder: Path) -> None:
    code, out, _ = run(folder, ".", "--format", "gitlab")
    assert code == 1
    issues = json.loads(out)
    assert issues == [
        {
            "description": "BA101 marker 3 has no note (also at 9:16)",
            "check_name": "BA101",
            "fingerprint": issues[0]["fingerprint"],
            "severity": "major",
            "location": {"path": "b.md", "lines": {"begin": 7}},
            "categories": ["Bug Risk"],
        },
        {
            "description": "BA205 note 2: the source has no date or year",
            "check_name": "BA205",
            "fingerprint": issues[1]["fingerprint"],
            "severity": "minor",
            "location": {"path": "b.md", "lines": {"begin": 12}},
            "categories": ["Bug Risk"],
        },
    ]
    assert len({i["fingerprint"] for i in issues}) == 2
    assert issues[0]["fingerprint"] == document(folder, ".")["findings"][0]["fingerprint"]


def test_gitlab_paths_are_relative_to_the_project(folder: Path) -> None:
    issues = json.loads(run(folder, str(folder / "b.md"), "--format", "gitlab")[1])
    assert {i["location"]["path"] for i in issues} == {"b.md"}
