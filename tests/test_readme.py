"""The README's examples still work: commands parse, workflows are what `hai ci` writes, hook
ids and settings refer to what exists."""

from __future__ import annotations

import fnmatch
import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import typer.main
from ruamel.yaml import YAML

from hai_cli import __version__
from hai_cli.catalogue import catalogue
from hai_cli.cli import app
from hai_cli.commands.ci import INSTALL_EXAMPLES, plan
from hai_cli.commands.schema import schemas
from hai_cli.diff.report import REPORTERS as DIFF_REPORTERS
from hai_cli.report import REPORTERS
from tests.helpers import ROOT

README = (ROOT / "README.md").read_text("utf-8")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)


def blocks(lang: str, section: str | None = None) -> list[str]:
    """The fenced blocks of a language, in one ``## section`` or anywhere."""
    text = README
    if section is not None:
        start = README.index(f"\n## {section}\n")
        end = README.find("\n## ", start + 1)
        text = README[start : end if end > 0 else None]
    return [body for kind, body in FENCE.findall(text) if kind == lang]


def hai_lines() -> list[list[str]]:
    """Every `hai ...` command of the README's shell blocks, as arguments after `hai`."""
    found = []
    for body in blocks("sh"):
        for line in body.replace("\\\n", " ").splitlines():  # join continued lines
            words = shlex.split(line, comments=True)
            if not words or words[0] != "hai":
                continue
            cut = next((i for i, w in enumerate(words) if w in {"|", "&&", ";", ">", "||"}), None)
            found.append(words[1:cut])
    return found


def test_every_hai_command_in_the_readme_parses() -> None:
    group = typer.main.get_command(app)
    commands = group.commands  # type: ignore[attr-defined]
    lines = hai_lines()
    assert len(lines) > 10
    for args in lines:
        try:
            if args and not args[0].startswith("-"):
                assert args[0] in commands, f"no command {args[0]!r}"
                commands[args[0]].make_context(args[0], list(args[1:]))
            else:  # eager options (--version, completion) act when parsed: only look them up
                options = {o for p in group.params for o in p.opts}
                assert set(args) <= options, f"unknown options {set(args) - options}"
        except Exception as e:  # a usage error names the bad option or value
            pytest.fail(f"README: `hai {shlex.join(args)}` does not parse: {e}")


def test_format_names_in_the_readme_exist() -> None:
    named = set(re.findall(r"--format[ =](\w+)", README)) | set(
        re.findall(r"--report[ =]([a-z]+)=", README)
    )
    section = README.split("| `--format` | prints |")[1].split("\n\n")[0]
    table = set(re.findall(r"^\| `(\w+)` \| ", section, re.M))
    assert table == set(REPORTERS)
    assert named - {"md", "pdf", "all"} <= set(REPORTERS) | set(DIFF_REPORTERS)


def _normalised(text: str) -> Any:
    return YAML(typ="safe").load(re.sub(r"(hai-cli==|hai |\.git@v)\d+\.\d+\.\d+", r"\1X", text))


@pytest.mark.parametrize("kind", ["github", "gitlab"])
def test_ci_examples_are_what_hai_ci_writes(kind: str, tmp_path: Path) -> None:
    written = plan(kind, tmp_path, INSTALL_EXAMPLES[0].format(v=__version__)).text
    shown = [b for b in blocks("yaml", "In CI") if _normalised(b) == _normalised(written)]
    assert shown, f"README's {kind} example differs from `hai ci {kind}`: update README.md"
    assert f"(hai {__version__})" in written


def test_pre_commit_examples_use_the_hooks_that_exist() -> None:
    hooks = {
        h["id"]: h for h in YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text())
    }
    examples = [YAML(typ="safe").load(b) for b in blocks("yaml", "pre-commit")]
    assert len(examples) == 2
    remote, local = examples
    assert [h["id"] for h in remote["repos"][0]["hooks"]] == list(hooks)
    assert remote["repos"][0]["rev"] == f"v{__version__}"
    assert local["repos"][0]["repo"] == "local"
    for hook in local["repos"][0]["hooks"]:
        source = hooks[hook["id"]]
        for key in ("name", "entry", "pass_filenames", "files"):
            assert hook[key] == source[key], (hook["id"], key)
        assert hook["language"] == "system"


def test_editor_settings_name_the_schemas_and_match_the_files() -> None:
    (settings_text,) = blocks("json", "In the editor")
    settings = json.loads(settings_text)
    mapping = settings["yaml.schemas"]
    assert {Path(p).name for p in mapping} == set(schemas())
    assert all(p.startswith(".hai/schemas/") for p in mapping)
    files = {"dossier.schema.json": "dossiers/x/dossier.yaml"} | {
        f"step-{s.number}.schema.json": f"dossiers/x/{s.path}" for s in catalogue().steps
    }
    for schema, glob in mapping.items():
        matching = [n for n, f in files.items() if fnmatch.fnmatch(f, glob)]
        assert matching == [Path(schema).name], (schema, glob)
    (first_line,) = blocks("yaml", "In the editor")
    assert first_line.startswith("# yaml-language-server: $schema=../../.hai/schemas/")


def test_the_readme_starts_with_the_two_set_up_commands_that_ci_runs() -> None:
    """README's first block is the whole set-up: install + check the examples, then the tests;
    ``.ci/run`` runs exactly those lines; neither needs ``python`` or ``hai`` on PATH."""
    first = FENCE.search(README)
    assert first is not None and README.index(first.group(0)) < README.index("\n## ")
    assert first.group(1) == "sh"
    install, tests = first.group(2).strip().splitlines()
    assert install.startswith("python3 -m pip install -e '.[test]' && ")
    assert install.endswith("python3 -m hai_cli check examples")
    assert tests == "python3 -m pytest"
    ci = (ROOT / ".ci" / "run").read_text("utf-8").splitlines()
    assert install in ci and tests in ci
    assert ci.index(install) < ci.index(tests)
    for line in (install, tests):
        assert all(shlex.split(part)[0] == "python3" for part in line.split("&&"))


def test_the_readme_shows_an_install_for_users_without_test_tools() -> None:
    section = README[README.index("### Install (for users)") : README.index("\n## ")]
    ((kind, body),) = FENCE.findall(section)
    line = body.splitlines()[0]
    assert kind == "sh"
    assert line.startswith('pipx install "git+https://') and "[test]" not in line
