"""Hostile input beyond the corpus: special files, writes over what must not be written, hostile
text on the terminal and in CI logs, hostile templates, and round-trip edits byte for byte."""

from __future__ import annotations

import difflib
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from hai_cli.fsio import NotRegular, read_regular, write_atomic
from hai_cli.problems import HaiError
from tests.helpers import base_dossier, hai

STEP4 = "steps/4-risks-and-impact.yaml"
STEP8 = "steps/8-evaluation.yaml"


def _hai_process(*args: str | Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The real command in its own process: a hang is a timeout, not a stuck suite."""
    return subprocess.run(
        [sys.executable, "-m", "hai_cli", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


# -- special files are never read, and never hang -------------------------------------------


@pytest.mark.parametrize("rel", ["dossier.yaml", "steps/1-medical-context.yaml"])
def test_a_fifo_never_hangs_check(tmp_path: Path, rel: str) -> None:
    d = base_dossier(tmp_path)
    (d / rel).unlink()
    os.mkfifo(d / rel)
    done = _hai_process("check", d, timeout=30)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{rel}:1" in done.stdout
    assert "named pipe (FIFO)" in done.stdout
    assert "Traceback" not in done.stderr


def test_read_regular_refuses_a_fifo_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []
    reader = threading.Thread(target=lambda: _catch(outcome, lambda: read_regular(fifo)))
    reader.start()
    reader.join(5)
    assert not reader.is_alive(), "read_regular blocked on a FIFO"
    assert isinstance(outcome[0], NotRegular)


def _catch(into: list[BaseException], call: object) -> None:
    try:
        call()  # type: ignore[operator]
    except BaseException as e:
        into.append(e)


def test_a_symlink_inside_the_dossier_is_read(tmp_path: Path) -> None:
    d = base_dossier(tmp_path)
    (d / "steps" / "4-risks.orig").write_bytes((d / STEP4).read_bytes())
    (d / STEP4).unlink()
    (d / STEP4).symlink_to("4-risks.orig")
    assert hai("check", d).exit_code == 0


# -- writes: never over a dossier source or a special file, never a traceback --------------


def test_report_refuses_a_dossier_file(tmp_path: Path) -> None:
    d = base_dossier(tmp_path)
    before = (d / STEP4).read_bytes()
    run = hai("check", d, "--report", f"junit={d / STEP4}")
    assert run.exit_code == 2
    assert "zou een bestand van het dossier" in run.stderr
    assert (d / STEP4).read_bytes() == before


@pytest.mark.parametrize("kind", ["fifo", "device", "symlink"])
def test_report_refuses_a_special_file(tmp_path: Path, kind: str) -> None:
    d = base_dossier(tmp_path)
    target = tmp_path / "report.xml"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "device":
        target.symlink_to("/dev/null")  # a link (to a device): hai replaces neither
    else:
        (tmp_path / "real.xml").write_text("mine")
        target.symlink_to("real.xml")
    run = hai("check", d, "--report", f"junit={target}")
    assert run.exit_code == 2, run.stderr
    assert "geen gewoon bestand; hai schrijft er niet overheen" in run.stderr
    assert target.is_symlink() or target.is_fifo()
    if kind == "symlink":
        assert (tmp_path / "real.xml").read_text() == "mine"


def test_write_atomic_refuses_a_device(tmp_path: Path) -> None:
    # a device node of our own (never /dev/null itself: as root, a regression would replace it)
    node = tmp_path / "null"
    try:
        os.mknod(node, 0o600 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")
    with pytest.raises(HaiError, match="not a regular file"):
        write_atomic(node, "x")
    assert stat.S_ISCHR(node.lstat().st_mode)


def test_report_whose_folder_is_a_file(tmp_path: Path) -> None:
    d = base_dossier(tmp_path)
    (tmp_path / "out").write_text("a file")
    run = hai("check", d, "--report", f"junit={tmp_path / 'out' / 'r.xml'}")
    assert run.exit_code == 2
    assert "is geen map maar" in run.stderr
    assert "internal error" not in run.stderr


def test_report_with_a_name_too_long(tmp_path: Path) -> None:
    run = hai("check", base_dossier(tmp_path), "--report", f"junit={tmp_path / ('r' * 300)}.xml")
    assert run.exit_code == 2
    assert "Kan" in run.stderr and "internal error" not in run.stderr


def test_render_when_docs_is_a_file(tmp_path: Path) -> None:
    d = base_dossier(tmp_path)
    (d / "docs").write_text("not a folder")
    run = hai("render", d, "--doc", "pve")
    assert run.exit_code == 2, run.stdout + run.stderr
    assert "geen map" in run.stderr and "internal error" not in run.stderr
    assert (d / "docs").read_text() == "not a folder"


def test_schema_into_a_file(tmp_path: Path) -> None:
    (tmp_path / "s").write_text("x")
    run = hai("schema", "--out", tmp_path / "s")
    assert run.exit_code == 2 and "internal error" not in run.stderr


def test_stale_temporary_files_are_removed_by_the_next_writer(tmp_path: Path) -> None:
    d = base_dossier(tmp_path)
    stale = [
        d / "steps" / ".hai-4-risks-and-impact.yaml.k3j4h5g6.tmp",  # this hai's
        d / "steps" / ".4-risks-and-impact.yaml.ab12cd34.tmp",  # hai 0.1's
    ]
    for path in stale:
        path.write_text("half")
    keep = d / "steps" / ".notes.tmp"  # the user's own: not hai's pattern
    keep.write_text("mine")
    assert hai("approve", "4", d, "--name", "Ann", "--role", "project-leader").exit_code == 0
    assert not any(p.exists() for p in stale)
    assert keep.read_text() == "mine"


def test_init_refuses_a_file_and_a_fifo(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    os.mkfifo(tmp_path / "p")
    for name in ("f", "p"):
        run = hai("init", tmp_path / name, "--name", "X", "--acquisition", "purchase")
        assert run.exit_code == 2
        assert "geen map" in run.stderr


# -- hostile text never drives the terminal or the CI log ----------------------------------

ESCAPE = "\x1b[2J\x1b]0;pwned\x07\r::error::spoofed\u202e"


@pytest.mark.parametrize("fmt", ["text", "github", "junit", "json", "sarif"])
def test_control_characters_are_shown_not_obeyed(tmp_path: Path, fmt: str) -> None:
    value = ESCAPE.encode("unicode_escape").decode().replace("\\x1b", "\\e")
    d = base_dossier(
        tmp_path,
        {
            STEP4: f'checklist:\n  risk-analysis:\n    status: "{value}"\n  impact:\n    status: open\n'
        },
    )
    run = hai("check", d, "--format", fmt)
    assert run.exit_code == 1
    for char in ("\x1b", "\x07", "\r", "\u202e"):
        assert char not in run.stdout, (fmt, char)
    if fmt in ("text", "github"):
        assert "\\e[2J" in run.stdout
    assert "\n::error::spoofed" not in run.stdout


def test_control_characters_in_a_colour_terminal(tmp_path: Path) -> None:
    import io

    from hai_cli.check import check_dossier
    from hai_cli.load import load_dossier
    from hai_cli.report import REPORTERS, ReportOptions

    d = base_dossier(tmp_path, {STEP4: 'checklist:\n  risk-analysis:\n    status: "\\e[2J"\n'})
    out = io.StringIO()
    REPORTERS["text"]([check_dossier(load_dossier(d))], ReportOptions("en", None, True), out)
    assert "\\e[2J" in out.getvalue()
    assert "\x1b[2J" not in out.getvalue()


# -- hostile templates ------------------------------------------------------------------------


def test_a_template_that_includes_itself(tmp_path: Path) -> None:
    d = base_dossier(tmp_path)
    own = tmp_path / "templates" / "nl"
    own.mkdir(parents=True)
    (own / "pve.md.j2").write_text("{% include 'nl/pve.md.j2' %}\n")
    run = hai("render", d, "--doc", "pve", "--templates", tmp_path / "templates")
    assert run.exit_code == 2, run.stdout + run.stderr
    assert "roept zichzelf eindeloos aan" in run.stderr
    assert "internal error" not in run.stderr


def test_a_template_that_is_a_fifo_or_a_link_out(tmp_path: Path) -> None:
    d = base_dossier(tmp_path)
    own = tmp_path / "templates" / "nl"
    own.mkdir(parents=True)
    os.mkfifo(own / "pve.md.j2")
    done = _hai_process("render", d, "--doc", "pve", "--templates", tmp_path / "templates")
    assert done.returncode == 2 and "named pipe (FIFO)" in done.stderr, done.stderr
    (own / "pve.md.j2").unlink()
    (own / "pve.md.j2").symlink_to("/etc/hostname")
    done = _hai_process("render", d, "--doc", "pve", "--templates", tmp_path / "templates")
    assert done.returncode == 2 and "buiten de sjabloonmap" in done.stderr, done.stderr


# -- round-trip edits change only the lines hai adds, byte for byte ----------------------------


def _only_added(before: bytes, after: bytes, may_change: tuple[bytes, ...] = ()) -> list[bytes]:
    """The lines ``after`` adds to ``before``; fails if any other line differs by one byte."""
    old, new = before.split(b"\n"), after.split(b"\n")
    added: list[bytes] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        assert op in ("insert", "replace"), (op, old[i1:i2])
        assert all(line in may_change for line in old[i1:i2]), old[i1:i2]
        added += new[j1:j2]
    return added


STEP4_CRLF = (
    "# Stap 4\r\n"
    "checklist:\r\n"
    "  risk-analysis:   # spaties en een commentaar\r\n"
    "    status: open\r\n"
    "    evidence: [ ]\r\n"
    "  impact:\r\n"
    "    status: open\r\n"
    "  local-outcome-data: {status: open}\r\n"
    "approvals: [ ]\r\n"
)


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("crlf", STEP4_CRLF.encode()),
        ("bom", b"\xef\xbb\xbf" + STEP4_CRLF.replace("\r\n", "\n").encode()),
        ("bom-crlf", b"\xef\xbb\xbf" + STEP4_CRLF.encode()),
        (
            "long-line",
            STEP4_CRLF.replace("\r\n", "\n")
            .replace(
                "    status: open\n", "    status: open\n    note: " + "woord " * 1200 + "eind\n", 1
            )
            .encode(),
        ),
        ("no-final-newline", STEP4_CRLF.replace("\r\n", "\n").rstrip("\n").encode()),
        ("no-approvals", STEP4_CRLF.replace("approvals: [ ]\r\n", "").encode()),
    ],
)
def test_approve_keeps_every_byte_it_does_not_add(tmp_path: Path, name: str, raw: bytes) -> None:
    d = base_dossier(tmp_path, {STEP4: raw})
    run = hai("approve", "4", d, "--name", "Ann", "--role", "project-leader")
    assert run.exit_code == 0, run.stderr
    after = (d / STEP4).read_bytes()
    added = _only_added(raw, after, may_change=(b"approvals: [ ]\r", b"approvals: [ ]", b""))
    assert any(b"name: Ann" in line for line in added)
    assert after.startswith(b"\xef\xbb\xbf") == raw.startswith(b"\xef\xbb\xbf")
    crlf = b"\r\n" in raw
    lines = after.split(b"\n")[:-1] if after.endswith(b"\n") else after.split(b"\n")
    assert all(line.endswith(b"\r") == crlf for line in lines), "one kind of line ending"
    assert hai("check", d).exit_code == 0


def test_evaluate_keeps_a_crlf_file_with_a_bom(tmp_path: Path) -> None:
    text = (
        "# Stap 8\r\nchecklist:\r\n  periodic-evaluation: {status: open}\r\n"
        "  experiences-shared: {status: open}\r\n  safe-decommissioning: {status: open}\r\n"
        "evaluations: [ ]   # nog geen\r\n"
    )
    raw = b"\xef\xbb\xbf" + text.encode()
    d = base_dossier(tmp_path, {STEP8: raw})
    meta = d / "dossier.yaml"  # in use (phase 3): evaluations are of software in use
    meta.write_text(meta.read_text("utf-8").replace('phase: "1B"', 'phase: "3"'), "utf-8")
    run = hai("evaluate", d, "--date", "2026-01-05", "--decision", "continue")
    assert run.exit_code in (0, 1), run.stderr
    after = (d / STEP8).read_bytes()
    added = _only_added(raw, after, may_change=(b"evaluations: [ ]   # nog geen\r", b""))
    assert b"  - date: 2026-01-05\r" in added
    assert after.startswith(b"\xef\xbb\xbf# Stap 8\r\n")


def test_control_characters_in_documents(tmp_path: Path) -> None:
    from hai_cli.render.escape import cell, markdown

    assert markdown("a\x1b[2Jb\rc") == "a\\\\e\\[2Jb\\\\rc"
    assert "\x1b" not in cell("x\x1b]0;t\x07")
    d = base_dossier(tmp_path)
    text = (
        (d / "dossier.yaml").read_text().replace("name: Corpus base", 'name: "Corpus \\e[2J base"')
    )
    (d / "dossier.yaml").write_text(text)
    assert hai("render", d, "--doc", "pve").exit_code == 0
    rendered = (d / "docs" / "pve.nl.md").read_text()
    assert "\x1b" not in rendered and "Corpus \\\\e\\[2J base" in rendered


def test_a_path_too_long_on_the_command_line(tmp_path: Path) -> None:
    run = hai("check", tmp_path / ("a" * 5000))
    assert run.exit_code == 2
    assert "de naam is te lang" in run.stderr and "internal error" not in run.stderr


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_control_characters_in_status(tmp_path: Path, fmt: str) -> None:
    d = base_dossier(tmp_path)
    text = (d / "dossier.yaml").read_text()
    (d / "dossier.yaml").write_text(
        text.replace("name: Corpus base", 'name: "Corpus \\e[2J\\u202e base"')
    )
    run = hai("status", d, "--format", fmt)
    assert run.exit_code == 0, run.stderr
    assert "\x1b" not in run.stdout and "\u202e" not in run.stdout
    if fmt == "json":
        import json

        # the value itself is kept, only written as JSON escapes
        assert json.loads(run.stdout)["dossiers"][0]["name"] == "Corpus \x1b[2J\u202e base"
