"""`briefs check`: mutations of the seeds, formats, configuration, inline ignores, git."""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from briefs_analyzer.cli import main
from briefs_analyzer.rules import RULES
from tests.conftest import CORPUS_REAL, ROOT, SEEDS

SEED_000 = "000_2bc1844ba35e9142.txt"
SEED_004 = "004_7a6a544e9fa6e7d1.txt"
IBID_MESSAGE = "note 1: Ibid./Id. cannot be resolved: there is no earlier citation to repeat"


def check(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    old = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, ["check", *args])
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


def findings(path: Path, *extra: str) -> list[dict[str, Any]]:
    code, out, err = check(str(path), "--format", "json", *extra)
    assert code in (0, 1), err
    data: dict[str, Any] = json.loads(out)
    return list(data["findings"])


def errors(path: Path) -> list[tuple[str, int | None]]:
    return [(f["code"], f["line"]) for f in findings(path) if f["severity"] == "error"]


@pytest.mark.parametrize("seed", [SEED_000, SEED_004])
def test_clean_seeds_have_no_error(seed: str) -> None:
    assert errors(SEEDS / seed) == []
    code, _, _ = check(str(SEEDS / seed))
    assert code == 0


def line_of(text: str, start: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if line.startswith(start))


def mutate(tmp_path: Path, seed: str, change: Callable[[str], str]) -> tuple[Path, str]:
    original = (SEEDS / seed).read_text(encoding="utf-8")
    changed = change(original)
    assert changed != original
    path = tmp_path / seed
    path.write_text(changed, encoding="utf-8")
    return path, original


def test_deleted_note_line_is_ba101_at_the_marker(tmp_path: Path) -> None:
    path, original = mutate(tmp_path, SEED_000, lambda t: re.sub(r"(?m)^2 Girish Kumar.*\n", "", t))
    marker_line = line_of(original, "above 500kg")
    assert errors(path) == [("BA101", marker_line)]


def test_deleted_marker_is_ba102_at_the_note(tmp_path: Path) -> None:
    path, original = mutate(tmp_path, SEED_000, lambda t: t.replace("surpassing 300km.²", "surpassing 300km."))
    assert errors(path) == [("BA102", line_of(original, "2 Girish Kumar"))]


def test_duplicated_note_number_is_ba103(tmp_path: Path) -> None:
    path, _ = mutate(tmp_path, SEED_000, lambda t: t + "\n\n¹⁶ Ibid., 3.\n")
    assert errors(path) == [("BA103", line_of(path.read_text(encoding="utf-8"), "¹⁶ Ibid., 3."))]


def test_marker_out_of_order_is_ba104(tmp_path: Path) -> None:
    path, original = mutate(
        tmp_path,
        SEED_004,
        lambda t: t.replace("the Pressler⁴ and Glenn amendments⁵", "the Pressler⁵ and Glenn amendments⁴"),
    )
    line = line_of(original, "During the 1965 war")
    found = errors(path)
    assert found and {code for code, _ in found} == {"BA104"} and {ln for _, ln in found} == {line}


def test_ibid_as_first_note_is_ba201(tmp_path: Path) -> None:
    path, original = mutate(tmp_path, SEED_004, lambda t: re.sub(r"(?m)^¹ .*$", "¹ Ibid.", t, count=1))
    assert errors(path) == [("BA201", line_of(original, '¹ "US Imposes More'))]


def test_short_form_of_an_uncited_work_is_ba202(tmp_path: Path) -> None:
    path, original = mutate(
        tmp_path, SEED_004, lambda t: re.sub(r"(?m)^² K\. Subrahmanyam.*$", "² Subrahmanyam, “Soviet Help.”", t)
    )
    assert errors(path) == [("BA202", line_of(original, "² K. Subrahmanyam"))]


@pytest.mark.parametrize(
    "broken",
    [
        "<https//www.reuters.com/world/asia-pacific/us-imposes-more-sanctions-over-pakistans-missile-program-2024-12-18/>",
        "<https://www.reuters.com/world/asia-pacific/us-imposes-more- sanctions-over-pakistans-missile-program"
        "-2024-12-18/>",
    ],
    ids=["missing-colon", "split-by-space"],
)
def test_broken_url_is_ba204(tmp_path: Path, broken: str) -> None:
    url = "<https://www.reuters.com/world/asia-pacific/us-imposes-more-sanctions-over-pakistans-missile-program-2024-12-18/>"
    path, original = mutate(tmp_path, SEED_004, lambda t: t.replace(url, broken))
    assert errors(path) == [("BA204", line_of(original, '¹ "US Imposes More'))]


def test_unreadable_file_is_ba001_and_never_skipped(tmp_path: Path) -> None:
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    found = findings(tmp_path)
    assert [(f["code"], f["path"], f["message"]) for f in found] == [
        ("BA001", str(tmp_path / "empty.md"), "file is empty")
    ]


# --- formats -------------------------------------------------------------------------------------


@pytest.fixture
def broken_brief(tmp_path: Path) -> Path:
    path = tmp_path / "broken.md"
    path.write_text(
        "# A Brief\n\nBy Jane Doe\n\nIn 1998 sanctions were imposed.[^1] They were lifted.[^3]\n\n[^1]: Ibid.\n",
        encoding="utf-8",
    )
    return path


def test_text_format(broken_brief: Path) -> None:
    code, out, _ = check(str(broken_brief))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == str(broken_brief)
    assert f"  {broken_brief}:5:54: BA101 marker 3 has no note [marker-without-note, error]" in lines
    assert f"  {broken_brief}:7:1: BA201 {IBID_MESSAGE} [unresolved-ibid, error]" in lines
    assert lines[-1] == "1 file checked: 3 errors, 0 warnings"


def test_json_format(broken_brief: Path) -> None:
    _, out, _ = check(str(broken_brief), "--format", "json")
    data = json.loads(out)
    assert data["schema_version"] == 1
    assert data["summary"] == {"files": 1, "errors": 3, "warnings": 0}
    first = data["findings"][0]
    # The fields of schema_version 1 stay; fields are only ever added.
    assert {"path", "line", "column", "page", "code", "name", "severity", "message"} <= set(first)
    assert set(first) - {"path", "line", "column", "page", "code", "name", "severity", "message"} == {
        "line_kind",
        "places",
        "fingerprint",
    }
    assert [(f["code"], f["line"]) for f in data["findings"]] == [("BA101", 5), ("BA104", 5), ("BA201", 7)]


def test_github_format(broken_brief: Path) -> None:
    _, out, _ = check(str(broken_brief), "--format", "github")
    assert out.splitlines()[0] == (
        f"::error file={broken_brief},line=5,col=54,title=BA101 marker-without-note::marker 3 has no note"
    )


def test_sarif_validates_against_the_official_schema(broken_brief: Path) -> None:
    schema = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    _, out, _ = check(str(broken_brief), "--format", "sarif")
    log = json.loads(out)
    jsonschema.validate(log, schema)
    run = log["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == list(RULES)
    assert [(r["ruleId"], r["level"]) for r in run["results"]] == [
        ("BA101", "error"),
        ("BA104", "error"),
        ("BA201", "error"),
    ]
    region = run["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 5, "startColumn": 54}


def test_sarif_of_pdf_findings_validates(tmp_path: Path) -> None:
    schema = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    _, out, _ = check(str(CORPUS_REAL / "crs-98-317-types-of-committee-hearings.pdf"), "--format", "sarif")
    log = json.loads(out)
    jsonschema.validate(log, schema)
    assert all("page" in r["properties"] for r in log["runs"][0]["results"])


# --- exit codes and configuration ------------------------------------------------------------------


def test_fail_on_warning(tmp_path: Path) -> None:
    path = tmp_path / "b.txt"
    path.write_text("A TITLE\n\nIn 1998 sanctions were imposed on the country.\n", encoding="utf-8")
    assert check(str(path))[0] == 0
    assert check(str(path), "--fail-on", "warning")[0] == 1
    assert check(str(path), "--fail-on", "nonsense")[0] == 2


@pytest.fixture
def project(tmp_path: Path, broken_brief: Path) -> Path:
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "legacy.md").write_text(broken_brief.read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def codes_in(project: Path) -> list[tuple[str, str, str]]:
    _, out, err = check(".", "--format", "json", cwd=project)
    assert not err, err
    return [(Path(f["path"]).name, f["code"], f["severity"]) for f in json.loads(out)["findings"]]


def test_config_select_ignore_per_file_and_severity(project: Path) -> None:
    everything = codes_in(project)
    assert ("legacy.md", "BA201", "error") in everything and ("broken.md", "BA201", "error") in everything
    (project / "pyproject.toml").write_text(
        "[tool.briefs]\n"
        'ignore = ["BA104"]\n'
        'severity = { BA201 = "warning" }\n'
        '[tool.briefs.per-file-ignores]\n"old/*" = ["BA1", "BA2"]\n',
        encoding="utf-8",
    )
    assert codes_in(project) == [("broken.md", "BA101", "error"), ("broken.md", "BA201", "warning")]
    (project / ".briefs.toml").write_text('select = ["BA2"]\n', encoding="utf-8")  # the nearer file wins
    assert codes_in(project) == [("broken.md", "BA201", "error"), ("legacy.md", "BA201", "error")]


def test_bad_check_config_is_a_usage_error(project: Path) -> None:
    (project / ".briefs.toml").write_text('severity = { BA999 = "error" }\n', encoding="utf-8")
    code, _, err = check(".", cwd=project)
    assert code == 2
    where = project / ".briefs.toml"
    assert err == f"error: {where}: key 'severity': 'BA999' is not a rule code (`briefs rules` lists the rules)\n"


def test_inline_comment_silences_a_rule_for_the_next_paragraph(tmp_path: Path) -> None:
    text = (
        "A TITLE\n\nIn 1998 sanctions were imposed on the country.\n\n"
        "<!-- briefs: ignore BA301 -->\nIn 2001 they were lifted again.\nIn 2005 they came back.\n\n"
        "In 2010 they were lifted for good.\n"
    )
    path = tmp_path / "b.txt"
    path.write_text(text, encoding="utf-8")
    assert [(f["code"], f["line"]) for f in findings(path)] == [("BA301", 3), ("BA301", 9)]


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Path]:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "t@example.org")
    git("config", "user.name", "T")
    (tmp_path / "old.md").write_text("# Old\n\nA claim.[^1]\n", encoding="utf-8")
    git("add", ".")
    git("commit", "-qm", "old")
    (tmp_path / "new.md").write_text("# New\n\nA claim.[^1]\n", encoding="utf-8")
    yield tmp_path


def test_changed_since_checks_only_changed_briefs(repo: Path) -> None:
    _, out, _ = check(".", "--format", "json", cwd=repo)
    assert {Path(f["path"]).name for f in json.loads(out)["findings"]} == {"old.md", "new.md"}
    code, out, _ = check(".", "--format", "json", "--changed-since", "HEAD", cwd=repo)
    assert code == 1
    assert {Path(f["path"]).name for f in json.loads(out)["findings"]} == {"new.md"}
    code, _, err = check(".", "--changed-since", "no-such-ref", cwd=repo)
    assert code == 2 and "--changed-since no-such-ref" in err


# --- the rule catalogue and the CI kit -------------------------------------------------------------


def test_rules_command() -> None:
    runner = CliRunner()
    listing = runner.invoke(main, ["rules"], env={"COLUMNS": "200"}).stdout
    for rule in RULES.values():
        assert rule.code in listing and rule.name in listing
    explained = runner.invoke(main, ["rules", "ba201"]).stdout
    assert explained.startswith(
        "# unresolved-ibid (BA201)\n\nIbid. with nothing it can refer to. Default severity: error."
    )
    assert RULES["BA201"].what in explained and RULES["BA201"].fix in explained
    assert runner.invoke(main, ["rules", "BA999"]).exit_code == 2


def test_every_rule_is_documented() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for rule in RULES.values():
        assert f"| {rule.code} | {rule.name} | {rule.severity} |" in readme


def test_pre_commit_hook_and_github_job_are_shipped() -> None:
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "id: briefs-check" in hooks and "entry: briefs check" in hooks
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    job = readme.split("```yaml\n# .github/workflows/briefs.yml")[1].split("```")[0]
    assert "briefs check" in job and "--format github" in job and len(job.strip().splitlines()) <= 12


@pytest.mark.parametrize(
    "name",
    [
        "crs-r48903-strait-of-hormuz-non-oil-shipments.pdf",
        "crs-r44243-electing-the-speaker.pdf",
        "crs-98-317-types-of-committee-hearings.pdf",
    ],
)
def test_real_documents_matched_in_counts_have_no_ba101_or_ba102(name: str) -> None:
    assert not [f for f in findings(CORPUS_REAL / name) if f["code"] in ("BA101", "BA102")]


@pytest.mark.parametrize("ref", ["--output=out.txt", "-p", "--no-index", "HEAD --output=out.txt"])
def test_a_changed_since_ref_is_never_an_option_to_git(repo: Path, ref: str) -> None:
    (repo / "out.txt").write_text("kept\n", encoding="utf-8")
    code, out, err = check(".", f"--changed-since={ref}", cwd=repo)
    assert (code, out) == (2, "")
    assert err == f"error: --changed-since {ref}: not a commit in this repository\n"
    assert (repo / "out.txt").read_text(encoding="utf-8") == "kept\n"  # git truncated it


def test_changed_since_reads_names_git_would_quote(repo: Path) -> None:
    (repo / "naïve\nname.md").write_text("# New\n\nA claim.[^1]\n", encoding="utf-8")
    code, out, _ = check(".", "--format", "json", "--changed-since", "HEAD", cwd=repo)
    assert code == 1
    assert {Path(f["path"]).name for f in json.loads(out)["findings"]} == {"new.md", "naïve\nname.md"}
