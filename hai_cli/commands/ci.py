"""CI workflows that check the dossiers on every change: ``hai ci github|gitlab``.

The workflow installs hai, holds every dossier to the gates its phase requires
(``hai check --gate auto``), hands the report to the CI's own view (SARIF to GitHub code
scanning plus annotations; JUnit to GitLab's test report) and checks that the rendered
documents are up to date (``hai render --check``). It is written at the root of the git
repository, and never over an existing file without ``force``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from hai_cli import __version__
from hai_cli.fsio import write_atomic
from hai_cli.i18n import Lang, Text
from hai_cli.problems import HaiError
from hai_cli.upward import repository_root

TARGETS = {"github": ".github/workflows/hai.yml", "gitlab": ".gitlab-ci.yml"}
SARIF_FILE = "hai.sarif"
JUNIT_FILE = "hai-junit.xml"
CHECK_GITHUB = f"hai check --gate auto --format github --report sarif={SARIF_FILE}"
CHECK_GITLAB = f"hai check --gate auto --report junit={JUNIT_FILE}"
RENDER_CHECK = "hai render --check"
DIFF_FILE = "hai-diff.md"
DIFF_FAIL_ON = "--fail-on stale-approvals,gate-regression"
DIFF_GITHUB = (
    f'hai diff "origin/$GITHUB_BASE_REF" HEAD --format markdown {DIFF_FAIL_ON} '
    '>> "$GITHUB_STEP_SUMMARY"'
)
DIFF_GITLAB = (
    f'hai diff "$CI_MERGE_REQUEST_DIFF_BASE_SHA" HEAD --format markdown --output {DIFF_FILE} '
    f"{DIFF_FAIL_ON}"
)
_ON_PULL_REQUEST = (
    "${{ !cancelled() && github.event_name == 'pull_request' "
    "&& steps.install.outcome == 'success' }}"
)
GITLAB_TOKEN = "HAI_GITLAB_TOKEN"
NOTE_GITLAB = (
    f'if [ -n "${GITLAB_TOKEN}" ] && [ -s {DIFF_FILE} ]; then curl --fail --silent '
    f'--show-error --request POST --header "PRIVATE-TOKEN: ${GITLAB_TOKEN}" --data-urlencode '
    f'"body@{DIFF_FILE}" "$CI_API_V4_URL/projects/$CI_PROJECT_ID/merge_requests/'
    '$CI_MERGE_REQUEST_IID/notes" > /dev/null; fi'
)
SITE_GITHUB = "hai site --out _site"
SITE_GITLAB = "hai site --out public"  # GitLab Pages publishes the folder public/
PYTHON = "3.12"
NEXT = Text(
    "Commit {file}; daarna controleert CI de dossiers bij elke wijziging.",
    "Commit {file}; from then on CI checks the dossiers on every change.",
)


INSTALL_EXAMPLES = (
    'pip install "hai-cli @ git+https://git.example-hospital.nl/ai/hai.git@v{v}"',
    "pip install --index-url https://pypi.example-hospital.nl/simple hai-cli=={v}",
)
_NO_INSTALL = Text(
    "hai weet niet waar CI deze hai vandaan kan halen: hij is {how}. Geef de regel die hai "
    "in CI installeert met --install, bijvoorbeeld uit git: --install '{git}', of uit de "
    "eigen pakketindex van het ziekenhuis: --install '{index}'.",
    "hai does not know where CI can get this hai from: it was {how}. Give the line that "
    "installs hai in CI with --install, for example from git: --install '{git}', or from "
    "the hospital's own package index: --install '{index}'.",
)


def default_install() -> str:
    """The line that installs exactly the hai that writes the workflow, from where it came.

    Raises :class:`HaiError` (asking for ``--install``) when that cannot be known.
    """
    from importlib import metadata

    try:
        recorded = metadata.distribution("hai-cli").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        recorded = None
    return install_line(recorded)


def install_line(direct_url: str | None) -> str:
    """The install line for a hai installed as PEP 610's ``direct_url.json`` records it.

    Only a source CI can reach and that cannot change under it qualifies: a VCS URL pinned to
    its commit, or an archive at an https URL with its hash. From a package index (no record:
    a name any index may serve, anyone may publish) or a local folder, there is no such line.
    """
    how = Text("geïnstalleerd uit een pakketindex", "installed from a package index")
    try:
        data = json.loads(direct_url) if direct_url is not None else None
    except ValueError:
        data = None
    if isinstance(data, dict) and isinstance(data.get("url"), str):
        url = _without_password(data["url"])
        vcs = data.get("vcs_info")
        archive = data.get("archive_info")
        if isinstance(vcs, dict) and vcs.get("commit_id") and not url.startswith("file:"):
            return f'pip install "hai-cli @ {vcs.get("vcs", "git")}+{url}@{vcs["commit_id"]}"'
        if isinstance(archive, dict) and url.startswith("https://"):
            hashes = archive.get("hashes") or {}
            digest = hashes.get("sha256") if isinstance(hashes, dict) else None
            pin = f"#sha256={digest}" if digest else ""
            return f'pip install "hai-cli @ {url}{pin}"'
        how = Text(
            "geïnstalleerd uit een map op deze machine ({url})",
            "installed from a folder on this machine ({url})",
        ).format(url=url)
    git, index = (example.format(v=__version__) for example in INSTALL_EXAMPLES)
    raise HaiError(_NO_INSTALL.format(how=how, git=git, index=index))


def _without_password(url: str) -> str:
    """A URL as CI may see it: ``user:secret@`` loses its secret (``git@`` stays)."""
    return re.sub(r"^(\w[\w+.-]*://)[^/@:]*:[^/@]*@", r"\1", url)


@dataclass(frozen=True, slots=True)
class Workflow:
    kind: str
    path: Path
    text: str
    replace: bool = False  # --force: write over an existing workflow


def workflow_root(start: Path) -> Path:
    """The repository root a workflow for ``start`` belongs in; outside git, refuse."""
    root = repository_root(start)
    if root is None:
        raise HaiError(
            Text(
                "{p} staat niet in een git-repository, dus er is geen plek voor een "
                "CI-workflow; hai schrijft niets. Maak eerst de repository ('git init' in de "
                "map boven de dossiers).",
                "{p} is not in a git repository, so there is no place for a CI workflow; hai "
                "writes nothing. Create the repository first ('git init' in the folder above "
                "the dossiers).",
            ).format(p=start)
        )
    return root


def plan(
    kind: str, root: Path, install: str | None = None, force: bool = False, site: bool = False
) -> Workflow:
    """The workflow for ``kind`` at ``root``; refuses an existing file unless ``force``.

    ``site``: also a job that publishes ``hai site`` to GitHub or GitLab Pages from the
    default branch."""
    if install is not None and (not install.strip() or "\n" in install or "\r" in install):
        raise HaiError(
            Text(
                "--install moet één regel zijn, zoals: {example}",
                "--install must be one line, such as: {example}",
            ).format(example=INSTALL_EXAMPLES[0].format(v=__version__))
        )
    install = default_install() if install is None else install.strip()
    target = root / TARGETS[kind]
    if target.exists() and not force:
        raise HaiError(
            Text(
                "{p} bestaat al; hai schrijft er niet overheen. Gebruik --force om het te "
                "vervangen.",
                "{p} already exists; hai does not overwrite it. Use --force to replace it.",
            ).format(p=target)
        )
    text = _github(install) if kind == "github" else _gitlab(install)
    if site:
        text += _github_pages(install) if kind == "github" else _gitlab_pages(install)
    return Workflow(kind, target, text, force)


def write(workflow: Workflow) -> Path:
    # without --force, created exclusively: a workflow written meanwhile is not replaced
    write_atomic(workflow.path, workflow.text, create=not workflow.replace)
    return workflow.path


def _scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain where YAML reads it back unchanged, else quoted."""
    from hai_cli.yamlio import YamlProblem, parse

    try:
        if parse(f"k: {text}\n", "ci").data == {"k": text}:
            return text
    except YamlProblem:
        pass
    return json.dumps(text, ensure_ascii=False)


def _header(kind: str) -> str:
    return (
        f"# hai: check the Stappenplan Healthy AI dossiers of this repository on every change.\n"
        f"# Written by `hai ci {kind}` (hai {__version__}); edit it freely, or write it anew with\n"
        f"# `hai ci {kind} --force`. Each dossier is held to the gates its phase requires\n"
        f"# (--gate auto: phase 1A/1B/2 request; 3 go-live and review; 4 decommission), and the\n"
        f"# documents in docs/ must match the dossier (hai render --check). On a merge request,\n"
        f"# hai diff shows what the change does in the step plan's terms (items, gates, approvals\n"
        f"# made stale), and refuses a change that makes approvals stale or a gate regress\n"
        f"# (drop --fail-on to only report).\n"
    )


def _github(install: str) -> str:
    return (
        _header("github")
        + f"""name: hai

on: [push, pull_request, workflow_dispatch]

permissions:
  contents: read
  security-events: write  # upload the SARIF report to code scanning

jobs:
  hai:
    name: hai check
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # the documents' stamp names the last commit of each dossier
      - uses: actions/setup-python@v5
        with:
          python-version: "{PYTHON}"
      - name: Install hai
        id: install
        run: {_scalar(install)}
      - name: Documents up to date (hai render --check)
        run: {_scalar(RENDER_CHECK)}
      - name: Check the dossiers (hai check --gate auto)
        id: check
        if: ${{{{ !cancelled() && steps.install.outcome == 'success' }}}}
        run: {_scalar(CHECK_GITHUB)}
      - name: Upload the report to code scanning
        if: ${{{{ !cancelled() && hashFiles('{SARIF_FILE}') != '' }}}}
        uses: github/codeql-action/upload-sarif@v3
        with:
          sarif_file: {SARIF_FILE}
          category: hai
      - name: What the pull request does to the dossiers (hai diff, in the job summary)
        if: {_ON_PULL_REQUEST}
        run: {_scalar(DIFF_GITHUB)}
"""
    )


def _gitlab(install: str) -> str:
    return (
        _header("gitlab")
        + f"""hai-check:
  stage: test
  image: python:{PYTHON}
  script:
    - {_scalar(install)}
    - {_scalar(CHECK_GITLAB)}
  artifacts:
    when: always
    reports:
      junit: {JUNIT_FILE}

hai-render-check:
  stage: test
  image: python:{PYTHON}  # with git, which hai render needs
  variables:
    GIT_DEPTH: "0"  # the documents' stamp names the last commit of each dossier
  script:
    - {_scalar(install)}
    - {_scalar(RENDER_CHECK)}

# On a merge request: the diff as an artifact on the merge request page and, when the CI/CD
# variable {GITLAB_TOKEN} holds a token with the api scope, as a note on the merge request.
hai-diff:
  stage: test
  image: python:{PYTHON}  # with git and curl
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
  variables:
    GIT_DEPTH: "0"  # the merge base of the merge request
  script:
    - {_scalar(install)}
    - {_scalar(DIFF_GITLAB)}
  after_script:
    - {_scalar(NOTE_GITLAB)}
  artifacts:
    when: always
    expose_as: hai diff
    paths:
      - {DIFF_FILE}
"""
    )


_PAGES_IF = (
    "${{ github.event_name != 'pull_request' "
    "&& github.ref_name == github.event.repository.default_branch }}"
)


def _github_pages(install: str) -> str:
    return f"""
  pages:
    name: hai site (GitHub Pages)
    # publish from the default branch only; the site shows the findings, so it does not wait
    # for hai check to pass (Settings > Pages > Source: GitHub Actions)
    if: {_PAGES_IF}
    runs-on: ubuntu-latest
    permissions:
      contents: read
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # the lifecycle timeline reads phase changes from git
      - uses: actions/setup-python@v5
        with:
          python-version: "{PYTHON}"
      - name: Install hai
        run: {_scalar(install)}
      - name: Build the website (hai site)
        run: {_scalar(SITE_GITHUB)}
      - uses: actions/configure-pages@v5
      - uses: actions/upload-pages-artifact@v3
        with:
          path: _site
      - name: Publish to GitHub Pages
        id: deployment
        uses: actions/deploy-pages@v4
"""


def _gitlab_pages(install: str) -> str:
    return f"""
pages:  # GitLab Pages: the website of the portfolio (hai site), from the default branch
  stage: deploy
  image: python:{PYTHON}
  variables:
    GIT_DEPTH: "0"  # the lifecycle timeline reads phase changes from git
  script:
    - {_scalar(install)}
    - {_scalar(SITE_GITLAB)}
  artifacts:
    paths:
      - public
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
"""


def run(
    kind: str,
    path: Path,
    install: str | None,
    force: bool,
    lang: Lang,
    out: TextIO,
    site: bool = False,
) -> None:
    """``hai ci``: write the workflow at the root of the repository that holds ``path``."""
    written = write(plan(kind, workflow_root(path), install, force, site))
    out.write(f"{written}\n")
    out.write(NEXT.format(file=written)(lang) + "\n")
