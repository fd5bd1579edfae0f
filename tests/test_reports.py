"""Report formats: JUnit and SARIF valid against their schemas, GitHub annotations escaped,
the table of reporters, --report files, --gate auto."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from hai_cli.check import DossierResult
from hai_cli.cli import Format
from hai_cli.codes import FILE_CODES, all_codes
from hai_cli.gates import asked_gates
from hai_cli.report import REPORTERS, ReportOptions
from hai_cli.report import github as gh
from hai_cli.report.sarif import document
from hai_cli.rules import all_rules
from tests.helpers import CASES, EXAMPLES, ROOT, base_dossier, build_file_tree, check, hai

FIXTURES = ROOT / "tests" / "fixtures"
BAD_ENUM = {"steps/4-risks-and-impact.yaml": "risk_indication: hoog\nchecklist: {}\n"}


@cache
def _junit_schema() -> Any:
    xmlschema = pytest.importorskip("xmlschema")
    return xmlschema.XMLSchema(FIXTURES / "junit-10.xsd")


@cache
def _sarif_validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text("utf-8"))
    cls = jsonschema.Draft4Validator
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def render(fmt: str, results: list[DossierResult], gate: str | None = None, **kw: Any) -> str:
    out = io.StringIO()
    REPORTERS[fmt](results, ReportOptions(kw.get("lang"), gate, False, kw.get("quiet", False)), out)
    return out.getvalue()


def corpus(tmp_path: Path) -> list[DossierResult]:
    """Every case of the corpus (valid and invalid) and both examples, checked."""
    results = [check(EXAMPLES / "covid19-severity"), check(EXAMPLES / "ai-rad-companion")]
    for case in sorted((CASES / "invalid").iterdir()) + sorted((CASES / "valid").iterdir()):
        files = case / "files"
        target = base_dossier(tmp_path, name=f"{case.parent.name}-{case.name}")
        if files.is_dir():
            shutil.copytree(files, target, dirs_exist_ok=True)
        results.append(check(target))
    return results


# -- the table -----------------------------------------------------------------------------------


def test_every_format_is_in_the_table_and_the_cli() -> None:
    assert (
        {f.value for f in Format} == set(REPORTERS) == {"text", "json", "junit", "sarif", "github"}
    )
    for name in REPORTERS:
        assert (ROOT / "hai_cli" / "report" / f"{name}.py").is_file()  # one module each


def test_every_code_hai_reports_is_described() -> None:
    import re

    emitted = set()
    for source in (ROOT / "hai_cli").rglob("*.py"):
        # a code in quotes, not one compared against (render: p.code < "HAI100")
        emitted |= set(re.findall(r'(?<![<>=] )"(HAI\d{3})"', source.read_text("utf-8")))
    codes = all_codes()
    assert emitted <= set(codes), emitted - set(codes)
    assert set(all_rules()) <= set(codes) and set(FILE_CODES) <= set(codes)
    assert all(c.title.nl and c.title.en for c in codes.values())


# -- JUnit ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("gate", [None, "request", "auto"])
def test_junit_is_valid_for_the_whole_corpus(tmp_path: Path, gate: str | None) -> None:
    results = corpus(tmp_path)
    text = render("junit", results, gate)
    _junit_schema().validate(text)
    root = ET.fromstring(text)
    assert len(root.findall("testsuite")) == len(results)
    assert int(root.get("tests", "-1")) == len(root.findall(".//testcase"))
    assert int(root.get("failures", "-1")) == len(root.findall(".//testcase/failure"))


def test_junit_fails_open_items_of_the_asked_gate_and_errors(tmp_path: Path) -> None:
    result = check(base_dossier(tmp_path, BAD_ENUM))  # phase 1B, every item open
    suite = ET.fromstring(render("junit", [result], "request")).find("testsuite")
    assert suite is not None
    cases = {(c.get("classname"), c.get("name", "").split(":")[0]): c for c in suite}
    risk = cases[("corpus-base.step4", "4.1 risk-analysis")]
    failure = risk.find("failure")
    assert failure is not None and failure.get("type") == "open"
    assert "request" in failure.get("message", "")
    assert risk.find("skipped") is None
    go_live_item = cases[("corpus-base.step7", "7.3 acceptance-test")]
    assert go_live_item.find("skipped") is not None and go_live_item.find("failure") is None
    request = cases[("corpus-base.gates", "poort request")]
    assert request.find("failure") is not None
    assert "HAI013" in request.find("failure").get("message", "")  # type: ignore[union-attr]
    review = cases[("corpus-base.gates", "poort review")]
    assert review.find("skipped") is not None  # not passed, but not asked for
    errors = [c for c in suite if c.get("name", "").startswith("HAI013 ")]
    assert len(errors) == 1 and errors[0].find("failure") is not None
    assert errors[0].get("name") == "HAI013 d/steps/4-risks-and-impact.yaml:1"
    assert int(suite.get("failures", "0")) == 16 + 1 + 1  # steps 1-6, the gate, the error
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert props["asked-gates"] == "request" and props["phase"] == "1B"


def test_junit_without_a_gate_fails_only_errors(tmp_path: Path) -> None:
    clean = check(base_dossier(tmp_path, name="clean"))
    suite = ET.fromstring(render("junit", [clean], None)).find("testsuite")
    assert suite is not None and suite.get("failures") == "0"
    assert int(suite.get("skipped", "0")) == len(clean.open_items()) + 4  # items and 4 gates


def test_junit_in_english_and_with_text_xml_cannot_hold(tmp_path: Path) -> None:
    d = base_dossier(
        tmp_path,
        {
            "steps/1-medical-context.yaml": 'clinical_problem: "bell \\x07 and <tag> & \\"quotes\\""\n'
            "checklist:\n  care-process:\n    status: n/a\n    reason: 'niet van toepassing \\x01'\n",
        },
    )
    text = render("junit", [check(d)], "auto", lang="en")
    _junit_schema().validate(text)
    assert "gate request: " in text and "\x07" not in text and "\x01" not in text


# -- SARIF ---------------------------------------------------------------------------------------


def test_sarif_is_valid_for_the_whole_corpus(tmp_path: Path, in_tmp: Path) -> None:
    results = corpus(tmp_path)
    sarif = json.loads(render("sarif", results, "auto"))
    _sarif_validator().validate(sarif)
    run = sarif["runs"][0]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rules == sorted(all_codes())
    problems = [p for r in results for p in r.problems]
    assert len(run["results"]) == len(problems) > 20
    for entry, problem in zip(run["results"], problems, strict=True):
        assert entry["ruleId"] == problem.code
        assert rules[entry["ruleIndex"]] == problem.code
        assert entry["level"] == problem.severity.value
        region = entry["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] == problem.line


def test_sarif_paths_are_relative_to_the_repository_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    d = base_dossier(repo / "dossiers", BAD_ENUM, name="x y")  # a space: percent-encoded
    (repo / ".git").mkdir()
    monkeypatch.chdir(repo / "dossiers")
    sarif = document([check(d)], ReportOptions("en", None, False))
    _sarif_validator().validate(sarif)
    run = sarif["runs"][0]
    location = run["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {
        "uri": "dossiers/x%20y/steps/4-risks-and-impact.yaml",
        "uriBaseId": "%SRCROOT%",
    }
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.resolve().as_uri() + "/"
    assert run["language"] == "en"
    assert run["results"][0]["message"]["text"].startswith("'hoog' is not a valid value")
    assert run["tool"]["driver"]["name"] == "hai"


def test_ci_paths_start_from_the_dossier_not_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, elsewhere = tmp_path / "repo", tmp_path / "elsewhere"
    d = base_dossier(repo / "dossiers", BAD_ENUM, name="x")
    (repo / ".git").mkdir()
    (elsewhere / ".git").mkdir(parents=True)
    monkeypatch.chdir(elsewhere)  # another repository
    sarif = document([check(d)], ReportOptions("en", None, False))
    run = sarif["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.resolve().as_uri() + "/"
    location = run["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "dossiers/x/steps/4-risks-and-impact.yaml"
    out = io.StringIO()
    gh.report([check(d)], ReportOptions("en", None, False), out)
    assert "::error file=dossiers/x/steps/4-risks-and-impact.yaml," in out.getvalue()


# -- GitHub annotations --------------------------------------------------------------------------


def test_github_escaping_follows_the_actions_toolkit() -> None:
    assert gh.escape_data("50% a\r\nb: c, d") == "50%25 a%0D%0Ab: c, d"
    assert gh.escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert (
        gh.command("error", "x\ny", file="d/a,b.yaml", line=3, title="HAI013 t: u")
        == "::error file=d/a%2Cb.yaml,line=3,title=HAI013 t%3A u::x%0Ay"
    )


def test_github_annotations_and_no_injected_commands(tmp_path: Path, in_tmp: Path) -> None:
    (in_tmp / ".git").mkdir()
    d = base_dossier(
        in_tmp, {"steps/4-risks-and-impact.yaml": 'risk_indication: "hoog\\n::set-env name=X::1"\n'}
    )
    out = render("github", [check(d)], "auto", lang="en")
    lines = out.splitlines()
    error = next(line for line in lines if line.startswith("::error file=d/steps/4-"))
    assert error.startswith(
        "::error file=d/steps/4-risks-and-impact.yaml,line=1,col=1,title=HAI013 value not allowed::"
    )
    assert "%0A::set-env name=X::1" in error
    for line in lines:
        if line.startswith("::"):
            assert line.split(" ")[0].split("::")[1] in {"group", "endgroup", "error", "warning"}
    gate = next(line for line in lines if "title=hai gate request" in line)
    assert gate.startswith("::error file=d/dossier.yaml,line=7,")
    assert "gate 'request' not passed" in gate
    assert lines[0].startswith("::group::") and "::endgroup::" in lines
    assert lines[-1].startswith("Gate 'auto (by phase)': not passed in 1 of 1")


def test_github_format_is_the_default_under_github_actions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    d = base_dossier(tmp_path, BAD_ENUM)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    run = hai("check", d)
    assert run.exit_code == 1 and run.stdout.startswith("::group::")
    assert "::error file=" in run.stdout
    assert not hai("check", d, "--format", "text").stdout.startswith("::")
    monkeypatch.setenv("GITHUB_ACTIONS", "false")
    assert not hai("check", d).stdout.startswith("::")


# -- the CLI: formats, --report, --gate auto -----------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_every_format_from_the_cli(tmp_path: Path, in_tmp: Path, fmt: str) -> None:
    d = base_dossier(in_tmp, BAD_ENUM)
    run = hai("check", d, "--format", fmt, "--gate", "auto")
    assert run.exit_code == 1 and run.stdout and not run.stderr
    if fmt == "json":
        assert run.json()["dossiers"][0]["asked_gates"] == ["request"]
    if fmt == "junit":
        _junit_schema().validate(run.stdout)
    if fmt == "sarif":
        _sarif_validator().validate(json.loads(run.stdout))


def test_report_files_beside_the_printed_report(tmp_path: Path, in_tmp: Path) -> None:
    d = base_dossier(in_tmp, BAD_ENUM)
    run = hai(
        "check", d, "--report", "junit=out/hai-junit.xml", "--report", "sarif=hai.sarif", "-q"
    )
    assert run.exit_code == 1 and "HAI013" in run.stdout  # the text report still prints
    _junit_schema().validate((in_tmp / "out" / "hai-junit.xml").read_text("utf-8"))
    _sarif_validator().validate(json.loads((in_tmp / "hai.sarif").read_text("utf-8")))
    for bad in ("junit", "pdf=x.pdf", "json="):
        wrong = hai("check", d, "--report", bad)
        assert wrong.exit_code == 2
        assert "--report verwacht FORMAAT=BESTAND" in wrong.stderr
    assert "--report takes FORMAT=FILE" in hai("check", d, "--report", "x", "--lang", "en").stderr


def test_asked_gates_by_phase() -> None:
    assert asked_gates(None, "3") == ()
    assert asked_gates("review", "1A") == ("review",)
    assert {p: asked_gates("auto", p) for p in ("1A", "1B", "2", "3", "4")} == {
        "1A": ("request",),
        "1B": ("request",),
        "2": ("request",),
        "3": ("go-live", "review"),
        "4": ("decommission",),
    }
    assert asked_gates("auto", None) == ("request",)


def _with_phase(tmp_path: Path, phase: str) -> Path:
    d = base_dossier(tmp_path, name=f"phase-{phase}")
    meta = d / "dossier.yaml"
    meta.write_text(meta.read_text("utf-8").replace('phase: "1B"', f'phase: "{phase}"'), "utf-8")
    return d


@pytest.mark.parametrize(
    ("phase", "gates"), [("2", ["request"]), ("3", ["go-live", "review"]), ("4", ["decommission"])]
)
def test_gate_auto_from_the_cli(tmp_path: Path, phase: str, gates: list[str]) -> None:
    d = _with_phase(tmp_path, phase)
    run = hai("check", d, "--gate", "auto", "--format", "json")
    assert run.exit_code == 1
    assert run.json()["dossiers"][0]["asked_gates"] == gates
    text = hai("check", d, "--gate", "auto", "-q", "--lang", "en").stdout
    assert "Gate 'auto (by phase)': not passed in 1 of 1 dossier(s)." in text


def test_gate_auto_passes_the_examples_where_their_phase_allows() -> None:
    # both examples are in phase 2: held to request, which both pass
    for name in ("covid19-severity", "ai-rad-companion"):
        run = hai("check", EXAMPLES / name, "--gate", "auto", "--format", "json")
        (dossier,) = run.json()["dossiers"]
        assert dossier["phase"] == "2" and dossier["asked_gates"] == ["request"]
        assert dossier["gates"]["request"]["passed"]
        assert run.exit_code == (1 if dossier["errors"] else 0)


def test_git_repository_for_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A real git work tree: annotations name paths from its root, wherever hai runs."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "r"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    build_file_tree(repo, {"README.md": "x\n"})
    d = base_dossier(repo / "portfolio", BAD_ENUM, name="a")
    monkeypatch.chdir(d)
    run = hai("check", ".", "--format", "github")
    assert "::error file=portfolio/a/steps/4-risks-and-impact.yaml,line=1" in run.stdout
