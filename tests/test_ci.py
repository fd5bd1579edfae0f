"""CI workflows: `hai ci` and `hai init --ci` write valid YAML whose commands run."""

from __future__ import annotations

import http.server
import json
import os
import shlex
import shutil
import subprocess
import sys
import threading
import urllib.parse
from pathlib import Path
from typing import Any, ClassVar

import pytest
from ruamel.yaml import YAML

from hai_cli.commands.ci import default_install, install_line, plan
from hai_cli.problems import HaiError
from tests.helpers import EXAMPLES, ROOT, Run, base_dossier, hai

FIXTURES = ROOT / "tests" / "fixtures"
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
INSTALL = 'pip install "hai-cli @ git+https://git.example-hospital.nl/ai/hai.git@0a1b2c3"'


def load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text("utf-8"))


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def repository(tmp_path: Path, dossiers: dict[str, Path]) -> Path:
    """A git repository with the given dossiers (name: source folder), committed."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    for name, source in dossiers.items():
        shutil.copytree(source, repo / "dossiers" / name)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "dossiers")
    return repo


def run_line(line: str, cwd: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """Run one `hai ...` line of a workflow, as CI would, in ``cwd``."""
    argv = shlex.split(line)
    assert argv[0] == "hai", line
    monkeypatch.chdir(cwd)
    return hai(*argv[1:])


def steps(workflow: Any) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = workflow["jobs"]["hai"]["steps"]
    return result


def test_github_workflow(tmp_path: Path) -> None:
    repo = tmp_path / "r"
    (repo / ".git").mkdir(parents=True)
    (repo / "sub").mkdir()
    run = hai("ci", "github", repo / "sub", "--install", INSTALL)
    target = repo / ".github" / "workflows" / "hai.yml"
    assert run.exit_code == 0, run.stderr
    assert run.stdout.splitlines()[0] == str(target.resolve())
    flow = load(target)
    assert flow["on"] == ["push", "pull_request", "workflow_dispatch"]
    assert flow["permissions"]["security-events"] == "write"
    uses = [s.get("uses", "").split("@")[0] for s in steps(flow)]
    assert uses == [
        "actions/checkout",
        "actions/setup-python",
        "",
        "",
        "",
        "github/codeql-action/upload-sarif",
        "",
    ]
    assert steps(flow)[0]["with"]["fetch-depth"] == 0
    runs = [s["run"] for s in steps(flow) if "run" in s]
    assert runs == [
        INSTALL,
        "hai render --check",
        "hai check --gate auto --format github --report sarif=hai.sarif",
        'hai diff "origin/$GITHUB_BASE_REF" HEAD --format markdown'
        ' --fail-on stale-approvals,gate-regression >> "$GITHUB_STEP_SUMMARY"',
    ]
    assert "github.event_name == 'pull_request'" in steps(flow)[-1]["if"]
    upload = steps(flow)[-2]
    assert upload["with"]["sarif_file"] == "hai.sarif"
    assert "!cancelled()" in upload["if"]


def test_gitlab_pipeline(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    run = hai("ci", "gitlab", tmp_path, "--install", "pip install hai-cli==9.9 # pinned: yes")
    assert run.exit_code == 0, run.stderr
    pipeline = load(tmp_path / ".gitlab-ci.yml")
    check, render = pipeline["hai-check"], pipeline["hai-render-check"]
    assert check["script"] == [
        "pip install hai-cli==9.9 # pinned: yes",
        "hai check --gate auto --report junit=hai-junit.xml",
    ]
    assert check["artifacts"] == {"when": "always", "reports": {"junit": "hai-junit.xml"}}
    assert render["script"] == ["pip install hai-cli==9.9 # pinned: yes", "hai render --check"]
    assert render["variables"]["GIT_DEPTH"] == "0"
    assert {check["image"], render["image"]} == {"python:3.12"}
    review = pipeline["hai-diff"]
    assert review["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert review["script"][1] == (
        'hai diff "$CI_MERGE_REQUEST_DIFF_BASE_SHA" HEAD --format markdown --output hai-diff.md'
        " --fail-on stale-approvals,gate-regression"
    )
    assert review["artifacts"] == {
        "when": "always", "expose_as": "hai diff", "paths": ["hai-diff.md"],
    }  # fmt: skip
    assert review["variables"]["GIT_DEPTH"] == "0"


def test_no_overwrite_without_force(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    assert hai("ci", "gitlab", tmp_path, "--install", INSTALL).exit_code == 0
    target = tmp_path / ".gitlab-ci.yml"
    target.write_text("# ours\n", "utf-8")
    refused = hai("ci", "gitlab", tmp_path, "--install", INSTALL)
    assert refused.exit_code == 2
    assert "bestaat al; hai schrijft er niet overheen. Gebruik --force" in refused.stderr
    assert target.read_text("utf-8") == "# ours\n"
    english = hai("ci", "gitlab", tmp_path, "--install", INSTALL, "--lang", "en")
    assert "already exists" in english.stderr
    assert hai("ci", "gitlab", tmp_path, "--install", INSTALL, "--force").exit_code == 0
    assert load(target)["hai-check"]


def test_install_line_must_be_one_line(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    run = hai("ci", "github", tmp_path, "--install", "pip install a\npip install b")
    assert run.exit_code == 2 and "--install moet één regel zijn" in run.stderr
    assert not (tmp_path / ".github").exists()


@pytest.mark.parametrize(
    "install",
    [
        'pip install "hai-cli==0.1.0"',
        "pip install --index-url https://pypi.example-hospital.nl/simple hai-cli",
        '"quoted": yes, #not a comment',
        "- looks like a list",
        "{not: a mapping}",
    ],
)
def test_any_install_line_stays_a_string(tmp_path: Path, install: str) -> None:
    for kind in ("github", "gitlab"):
        text = plan(kind, tmp_path, install).text
        data = YAML(typ="safe").load(text)
        lines = (
            [s["run"] for s in data["jobs"]["hai"]["steps"] if "run" in s]
            if kind == "github"
            else data["hai-check"]["script"]
        )
        assert lines[0] == install


VCS = {
    "url": "https://git.example-hospital.nl/ai/hai.git",
    "vcs_info": {"vcs": "git", "commit_id": "9f8e7d6c", "requested_revision": "main"},
}


@pytest.mark.parametrize(
    ("recorded", "line"),
    [
        (VCS, 'pip install "hai-cli @ git+https://git.example-hospital.nl/ai/hai.git@9f8e7d6c"'),
        (  # a password never goes into a workflow; the commit, not the branch, is pinned
            {**VCS, "url": "https://ci:s3cret@git.example-hospital.nl/ai/hai.git"},
            'pip install "hai-cli @ git+https://git.example-hospital.nl/ai/hai.git@9f8e7d6c"',
        ),
        (
            {**VCS, "url": "ssh://git@git.example-hospital.nl/ai/hai.git"},
            'pip install "hai-cli @ git+ssh://git@git.example-hospital.nl/ai/hai.git@9f8e7d6c"',
        ),
        (
            {
                "url": "https://files.example-hospital.nl/hai_cli-0.1.0-py3-none-any.whl",
                "archive_info": {"hashes": {"sha256": "ab12"}},
            },
            'pip install "hai-cli @ https://files.example-hospital.nl/hai_cli-0.1.0-py3-none-any.whl#sha256=ab12"',
        ),
    ],
)
def test_default_install_is_where_this_hai_came_from(recorded: Any, line: str) -> None:
    assert install_line(json.dumps(recorded)) == line


@pytest.mark.parametrize(
    ("recorded", "how"),
    [
        (None, "installed from a package index"),  # a name anyone may publish
        ({"url": "file:///home/me/hai", "dir_info": {"editable": True}}, "file:///home/me/hai"),
        ({"url": "file:///tmp/hai_cli-0.1.0.whl", "archive_info": {}}, "a folder on this"),
        ({**VCS, "url": "file:///home/me/hai"}, "file:///home/me/hai"),
        (
            {"url": "https://x/hai.git", "vcs_info": {"vcs": "git"}},
            "https://x/hai.git",
        ),  # no commit
    ],
)
def test_no_default_install_without_a_source_ci_can_reach(recorded: Any, how: str) -> None:
    with pytest.raises(HaiError) as caught:
        install_line(None if recorded is None else json.dumps(recorded))
    text = caught.value.text
    assert how in text.en and "--install" in text.en and "--install" in text.nl
    assert "git+https://" in text.en and "--index-url" in text.en
    assert "hai-cli==" not in text.en.split("--install")[0]


def test_this_editable_hai_asks_for_install(tmp_path: Path) -> None:
    """The test environment runs an editable install: no default, and nothing is written."""
    (tmp_path / ".git").mkdir()
    with pytest.raises(HaiError):
        default_install()
    run = hai("ci", "github", tmp_path, "--lang", "en")
    assert run.exit_code == 2 and "--install" in run.stderr
    assert not (tmp_path / ".github").exists()
    init = hai("init", tmp_path / "d", "--name", "D", "--acquisition", "purchase", "--ci", "gitlab")
    assert init.exit_code == 2 and "--install" in init.stderr
    assert not (tmp_path / "d").exists() and not (tmp_path / ".gitlab-ci.yml").exists()


def test_init_with_ci(tmp_path: Path, in_tmp: Path) -> None:
    (in_tmp / ".git").mkdir()
    ci = ("--ci", "github", "--install", INSTALL)
    run = hai("init", "dossiers/a", "--name", "A", "--acquisition", "purchase", *ci)
    assert run.exit_code == 0, run.stderr
    workflow = in_tmp / ".github" / "workflows" / "hai.yml"
    assert str(workflow.resolve()) in run.stdout
    assert load(workflow)["jobs"]["hai"]
    # a second dossier with --ci: the workflow exists, so nothing at all is written
    again = hai("init", "dossiers/b", "--name", "B", "--acquisition", "purchase", *ci)
    assert again.exit_code == 2 and "hai.yml bestaat al" in again.stderr
    assert not (in_tmp / "dossiers" / "b").exists()
    assert hai("init", "dossiers/b", "--name", "B", "--acquisition", "in-house").exit_code == 0


def _check_line(kind: str, text: str) -> str:
    data = YAML(typ="safe").load(text)
    if kind == "github":
        lines = [s["run"] for s in data["jobs"]["hai"]["steps"] if "run" in s]
    else:
        lines = data["hai-check"]["script"] + data["hai-render-check"]["script"]
    (check,) = [line for line in lines if line.startswith("hai check")]
    return check


@needs_git
@pytest.mark.parametrize("kind", ["github", "gitlab"])
def test_workflow_commands_run_in_a_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """The hai commands of each workflow, run as CI runs them at the repository root."""
    jsonschema = pytest.importorskip("jsonschema")
    xmlschema = pytest.importorskip("xmlschema")
    repo = repository(tmp_path, {"covid": EXAMPLES / "covid19-severity"})
    assert run_line(f"hai ci {kind} --install '{INSTALL}'", repo, monkeypatch).exit_code == 0
    workflow = repo / (".github/workflows/hai.yml" if kind == "github" else ".gitlab-ci.yml")
    line = _check_line(kind, workflow.read_text("utf-8"))
    clean = run_line(line, repo, monkeypatch)
    assert clean.exit_code == 0, clean.stdout  # phase 2: the request gate passes
    if kind == "github":
        sarif = json.loads((repo / "hai.sarif").read_text("utf-8"))
        schema = json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text("utf-8"))
        jsonschema.Draft4Validator(schema).validate(sarif)
        assert "::group::hai check: covid19-severity" in clean.stdout
    else:
        xmlschema.XMLSchema(FIXTURES / "junit-10.xsd").validate(repo / "hai-junit.xml")
    # a dossier that does not meet its gate fails the same command
    base_dossier(repo / "dossiers", name="open")
    failing = run_line(line, repo, monkeypatch)
    assert failing.exit_code == 1
    if kind == "github":  # the gate is an annotation on dossier.yaml
        assert "::error file=dossiers/open/dossier.yaml,line=7," in failing.stdout
    else:  # the open items fail in the test report
        junit = (repo / "hai-junit.xml").read_text("utf-8")
        assert 'classname="corpus-base.step1"' in junit and 'type="open"' in junit


@needs_git
def test_render_check_of_the_workflow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`hai render --check`, as both workflows run it: up-to-date documents pass, stale fail."""
    repo = repository(tmp_path, {"new": base_dossier(tmp_path, name="new")})
    flow = plan("github", repo, INSTALL).text
    (line,) = [s["run"] for s in steps(YAML(typ="safe").load(flow)) if "render" in s.get("run", "")]
    assert run_line(line, repo, monkeypatch).exit_code == 0  # nothing rendered yet
    assert run_line("hai render dossiers/new --doc request", repo, monkeypatch).exit_code == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "documents")
    assert run_line(line, repo, monkeypatch).exit_code == 0
    step1 = repo / "dossiers" / "new" / "steps" / "1-medical-context.yaml"
    step1.write_text(step1.read_text("utf-8") + "clinical_problem: Late herkenning\n", "utf-8")
    git(repo, "commit", "-q", "-am", "step 1")
    stale = run_line(line, repo, monkeypatch)
    assert stale.exit_code == 1 and "verouderd" in stale.stdout


def test_the_workflow_goes_into_the_repository_of_the_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from inside one repository for a path in another (or in none): never here."""
    here, there = tmp_path / "here", tmp_path / "there"
    (here / ".git").mkdir(parents=True)
    (there / ".git").mkdir(parents=True)
    monkeypatch.chdir(here)
    made = hai("init", there / "dossiers" / "a", "--name", "A", "--acquisition", "purchase",
               "--ci", "github", "--install", INSTALL)  # fmt: skip
    assert made.exit_code == 0, made.stderr
    assert (there / ".github" / "workflows" / "hai.yml").is_file()
    assert not (here / ".github").exists()
    assert hai("ci", "gitlab", there / "dossiers", "--install", INSTALL).exit_code == 0
    assert (there / ".gitlab-ci.yml").is_file() and not (here / ".gitlab-ci.yml").exists()
    outside = tmp_path / "outside"
    outside.mkdir()
    for command in (
        ("init", outside / "d", "--name", "D", "--acquisition", "purchase", "--ci", "github"),
        ("ci", "github", outside),
    ):
        refused = hai(*command, "--install", INSTALL)
        assert refused.exit_code == 2
        assert "staat niet in een git-repository" in refused.stderr
        assert "hai schrijft niets" in refused.stderr
    assert list(outside.iterdir()) == [] and not (here / ".github").exists()


HAI = Path(sys.executable).parent / "hai"
needs_shell = pytest.mark.skipif(
    shutil.which("bash") is None or not HAI.is_file(), reason="needs bash and the hai script"
)


def shell(line: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run one line of a workflow as the CI's shell runs it, with hai on the PATH."""
    environ = {**os.environ, "PATH": f"{HAI.parent}{os.pathsep}{os.environ['PATH']}", **env}
    return subprocess.run(
        ["bash", "-eo", "pipefail", "-c", line], cwd=cwd, env=environ, capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip


def merge_request(tmp_path: Path) -> tuple[Path, str]:
    """A repository whose branch edits a field of the radiology example after its request
    was approved (2 approvals become stale, the request gate regresses); main is origin's."""
    repo = repository(tmp_path, {"rad": EXAMPLES / "ai-rad-companion"})
    base = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    git(repo, "update-ref", "refs/remotes/origin/main", base)
    step4 = repo / "dossiers" / "rad" / "steps" / "4-risks-and-impact.yaml"
    step4.write_text(
        step4.read_text("utf-8").replace("risk_indication: medium", "risk_indication: low"),
        "utf-8",
    )
    git(repo, "commit", "-q", "-am", "lower the risk")
    return repo, base


@needs_git
@needs_shell
def test_github_diff_step_writes_the_job_summary(tmp_path: Path) -> None:
    repo, _ = merge_request(tmp_path)
    flow = YAML(typ="safe").load(plan("github", repo, INSTALL).text)
    (line,) = [s["run"] for s in steps(flow) if s.get("run", "").startswith("hai diff")]
    summary = tmp_path / "summary.md"
    summary.write_text("## earlier step\n", "utf-8")
    done = shell(line, repo, GITHUB_BASE_REF="main", GITHUB_STEP_SUMMARY=str(summary))
    assert done.returncode == 1, done.stderr  # --fail-on: approvals became stale
    assert "--fail-on stale-approvals,gate-regression" in done.stderr
    text = summary.read_text("utf-8")
    assert text.startswith("## earlier step\n### hai diff: origin/main (")  # appended
    assert (
        "- **ai-rad-companion**: poort request slaagt niet meer; 2 goedkeuringen verouderd" in text
    )
    assert "<details open><summary>Goedkeuringen (2)</summary>" in text


class _Notes(http.server.BaseHTTPRequestHandler):
    received: ClassVar[list[tuple[str, str, str]]] = []

    def do_POST(self) -> None:  # the name http.server calls
        body = self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8")
        self.received.append((self.path, self.headers.get("PRIVATE-TOKEN", ""), body))
        self.send_response(201)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: Any) -> None:
        pass


@needs_git
@needs_shell
@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_gitlab_diff_job_writes_the_artifact_and_a_note(tmp_path: Path) -> None:
    repo, base = merge_request(tmp_path)
    job = YAML(typ="safe").load(plan("gitlab", repo, INSTALL).text)["hai-diff"]
    server = http.server.HTTPServer(("127.0.0.1", 0), _Notes)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Notes.received.clear()
    env = {
        "CI_MERGE_REQUEST_DIFF_BASE_SHA": base,
        "CI_API_V4_URL": f"http://127.0.0.1:{server.server_port}/api/v4",
        "CI_PROJECT_ID": "7",
        "CI_MERGE_REQUEST_IID": "3",
        "NO_PROXY": "127.0.0.1",
        "no_proxy": "127.0.0.1",
    }
    try:
        done = shell(job["script"][1], repo, **env)
        assert done.returncode == 1, done.stderr  # --fail-on: the job fails, after_script runs
        report = (repo / "hai-diff.md").read_text("utf-8")
        assert "2 goedkeuringen verouderd" in report
        (after,) = job["after_script"]
        assert shell(after, repo, **env).returncode == 0  # no token: no note
        assert _Notes.received == []
        noted = shell(after, repo, HAI_GITLAB_TOKEN="secret-token", **env)
        assert noted.returncode == 0, noted.stderr
    finally:
        server.shutdown()
        server.server_close()
    ((path, token, body),) = _Notes.received
    assert path == "/api/v4/projects/7/merge_requests/3/notes"
    assert token == "secret-token"
    assert urllib.parse.parse_qs(body) == {"body": [report]}
