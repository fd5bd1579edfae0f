"""Ergonomics: the progress bar (and when it stays away), colours, completion, --quiet."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from hai_cli.cli import use_color as _color
from hai_cli.console import console_for
from hai_cli.portfolio import check_paths
from hai_cli.report.progress import PROGRESS_FROM, progress, wanted
from tests.helpers import TODAY, base_dossier, hai

ANSI = re.compile("\x1b\\[")


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def portfolio(tmp_path: Path, n: int = PROGRESS_FROM + 2) -> Path:
    for i in range(n):
        d = base_dossier(tmp_path / "p", name=f"d{i:02}")
        meta = d / "dossier.yaml"
        meta.write_text(meta.read_text("utf-8").replace("corpus-base", f"d{i:02}"), "utf-8")
    return tmp_path / "p"


def test_progress_only_for_people_at_a_terminal() -> None:
    tty, pipe = Terminal(), io.StringIO()
    assert wanted("text", PROGRESS_FROM, False, tty)
    assert not wanted("text", PROGRESS_FROM - 1, False, tty)  # a few dossiers: no bar
    assert not wanted("text", 500, True, tty)  # --quiet
    assert not wanted("text", 500, False, pipe)  # stderr is not a terminal
    for machine in ("json", "junit", "sarif", "github"):
        assert not wanted(machine, 500, False, tty)


def test_progress_bar_advances_once_per_dossier(tmp_path: Path) -> None:
    roots = sorted(portfolio(tmp_path).iterdir())
    stream = Terminal()
    with progress(len(roots), "hai check", stream, True) as advance:
        assert advance is not None
        calls = []

        def counted() -> None:
            calls.append(1)
            advance()

        results = check_paths(roots, [r.name for r in roots], TODAY, progress=counted)
    assert len(calls) == len(results) == len(roots)
    assert "hai check" in stream.getvalue()  # drawn on the (fake) terminal
    with progress(3, "x", stream, False) as nothing:
        assert nothing is None


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    p = portfolio(tmp_path)
    for args in ([], ["--format", "json"], ["--format", "junit"], ["-q"]):
        run = hai("check", p, *args)
        assert run.exit_code == 0 and run.stderr == "", args
    assert len(json.loads(hai("check", p, "--format", "json").stdout)["dossiers"]) == 12


def test_colour_only_on_a_terminal_without_no_color(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert _color(Terminal()) and not _color(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not _color(Terminal())
    monkeypatch.delenv("NO_COLOR")
    d = base_dossier(tmp_path, {"steps/4-risks-and-impact.yaml": "risk_indication: hoog\n"})
    run = hai("check", d)  # not a terminal: plain text
    assert run.exit_code == 1 and "HAI013" in run.stdout and not ANSI.search(run.stdout)
    styled = Terminal()
    console_for(styled, True).print("[red]x[/]")
    assert ANSI.search(styled.getvalue())
    plain = Terminal()
    console_for(plain, False).print("[red]x[/]")
    assert not ANSI.search(plain.getvalue())


def test_version_and_completion_options() -> None:
    assert hai("--version").stdout.startswith("hai ")
    help_text = hai("--help").stdout
    assert "--install-completion" in help_text and "--show-completion" in help_text


def test_quiet_keeps_problems_and_gates(tmp_path: Path) -> None:
    d = base_dossier(tmp_path, {"steps/4-risks-and-impact.yaml": "risk_indication: hoog\n"})
    for fmt, hidden in (("text", "Open punten"), ("github", "Open punten (")):
        loud, quiet = hai("check", d, "--format", fmt), hai("check", d, "--format", fmt, "-q")
        assert hidden in loud.stdout and hidden not in quiet.stdout
        assert "HAI013" in quiet.stdout and "request" in quiet.stdout
    full = hai("check", d, "--format", "json", "-q").json()
    assert len(full["dossiers"][0]["items"]) == 26  # machine formats are never shortened


def test_progress_bar_at_a_real_terminal(tmp_path: Path) -> None:
    """stderr on a pseudo-terminal: the bar is drawn there, stdout stays clean."""
    pty = pytest.importorskip("pty")
    import os
    import subprocess
    import sys

    p = portfolio(tmp_path)
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | {"TERM": "xterm"}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "hai_cli", "check", str(p)],
            stdout=subprocess.PIPE,
            stderr=follower,
            env=env,
            timeout=60,
            check=False,
        )
        os.close(follower)
        drawn = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        os.close(leader)
    assert done.returncode == 0
    assert b"hai check" in drawn and b"12" in drawn  # label and the count M/N
    assert b"\x1b[" not in done.stdout and b"hai check" not in done.stdout
