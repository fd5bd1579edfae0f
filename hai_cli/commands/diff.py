"""``hai diff [REV1 [REV2]] [PATH]``: the command line of :mod:`hai_cli.diff`."""

from __future__ import annotations

import io
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

import typer


class DiffLang(StrEnum):
    nl = "nl"
    en = "en"


class DiffFormat(StrEnum):  # the names of hai_cli.diff.report.REPORTERS (a test keeps them equal)
    text = "text"
    markdown = "markdown"
    json = "json"


def diff(
    arguments: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[REV1 [REV2]] [PATH]",
            help="Revisions (default: the merge base with the default branch, against the work "
            "tree; one revision: it against the work tree) and a dossier or a folder above "
            "several (default: here).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        DiffFormat, typer.Option("--format", help="text, markdown or json.")
    ] = DiffFormat.text,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            metavar="KINDS",
            help="Exit 1 when the change shows one of these (comma-separated): "
            "stale-approvals, gate-regression, new-errors, unparsed.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report to this file instead of stdout."),
    ] = None,
    lang: Annotated[
        DiffLang | None,
        typer.Option("--lang", help="Language of the report: nl or en (default: the dossier's)."),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option("--today", help="Check both sides as of this date (YYYY-MM-DD)."),
    ] = None,
) -> None:
    """What changed between two revisions, in the step plan's terms: items, fields, gates,
    findings, approvals made stale."""
    from hai_cli import cli

    words: Literal["nl", "en"] | None = "en" if lang is DiffLang.en else "nl" if lang else None

    def body() -> int:
        from hai_cli.diff import FAIL_ON
        from hai_cli.diff import diff as run
        from hai_cli.diff.report import REPORTERS

        kinds = tuple(k.strip() for k in (fail_on or "").split(",") if k.strip())
        unknown = [k for k in kinds if k not in FAIL_ON]
        if unknown:
            cli._fail(
                f"--fail-on takes {', '.join(FAIL_ON)} (comma-separated), not {', '.join(unknown)}."
            )
        result = run(arguments or [], cli._date(today))
        buffer = io.StringIO()
        REPORTERS[fmt.value](result, words, buffer)
        if output is not None:
            from hai_cli.fsio import write_atomic

            write_atomic(output, buffer.getvalue())
        else:
            sys.stdout.write(buffer.getvalue())
        failed = result.failures(kinds)
        if failed:
            typer.echo(f"hai diff: --fail-on {','.join(failed)}", err=True)
        return cli.EXIT_PROBLEMS if failed else cli.EXIT_OK

    raise typer.Exit(cli._guard(words, body))
