"""The ``hai`` command line: options in, a call into the core, a reporter, an exit code.

Heavy modules (pydantic models, rich rendering, git, jinja) are imported inside the commands,
so ``hai --help`` stays fast.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal, NoReturn, TypeVar

import typer

from hai_cli import __version__

EXIT_OK, EXIT_PROBLEMS, EXIT_CANNOT_RUN = 0, 1, 2

app = typer.Typer(
    name="hai",
    help=(
        "Stappenplan Healthy AI as a git repository of YAML dossiers: scaffold, check, gate "
        "and explain. / Het stappenplan Healthy AI als git-repository van YAML-dossiers."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Lang(StrEnum):
    nl = "nl"
    en = "en"


class Acquisition(StrEnum):
    purchase = "purchase"
    in_house = "in-house"


class GateName(StrEnum):
    request = "request"
    go_live = "go-live"
    review = "review"
    decommission = "decommission"


class Format(StrEnum):
    text = "text"
    json = "json"


LangOption = Annotated[
    Lang | None,
    typer.Option("--lang", help="Language of messages: nl or en (default: the dossier's)."),
]

T = TypeVar("T")


def _fail(message: str) -> NoReturn:
    typer.echo(f"hai: {message}", err=True)
    raise typer.Exit(EXIT_CANNOT_RUN)


def _guard(lang: str | None, body: Callable[[], T]) -> T:
    """Run a command body: a HaiError becomes one line on stderr and exit status 2."""
    from hai_cli.problems import HaiError

    try:
        return body()
    except HaiError as e:
        _fail(e.text("en" if lang == "en" else "nl"))
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except BrokenPipeError:  # `hai check | head`: the reader left; say nothing more
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(EXIT_CANNOT_RUN) from None
    except Exception as e:  # a bug in hai, never a problem in the dossier
        if os.environ.get("HAI_DEBUG"):
            raise
        _fail(
            f"internal error ({type(e).__name__}: {e}). This is a bug in hai {__version__}; "
            "run again with HAI_DEBUG=1 for the traceback and report it."
        )


def _version(value: bool) -> None:
    if value:
        typer.echo(f"hai {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Stappenplan Healthy AI dossiers: init, check, explain, schema."""


def _color(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and "NO_COLOR" not in os.environ


@app.command()
def init(
    path: Annotated[
        Path, typer.Argument(help="Folder for the new dossier (must not exist, or be empty).")
    ],
    name: Annotated[str, typer.Option("--name", help="Product name.")],
    acquisition: Annotated[
        Acquisition, typer.Option("--acquisition", help="purchase (inkoop) or in-house (zelfbouw).")
    ],
    lang: Annotated[
        Lang, typer.Option("--lang", help="Language of the guidance comments.")
    ] = Lang.nl,
    dossier_id: Annotated[
        str | None, typer.Option("--id", help="Dossier id (slug); default: from the folder name.")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the dossier files if the folder is not empty.")
    ] = False,
) -> None:
    """Scaffold a dossier: dossier.yaml, the eight step files with every item open, evidence/."""

    def body() -> None:
        from hai_cli.scaffold import InitOptions
        from hai_cli.scaffold import init as scaffold

        written = scaffold(
            InitOptions(path, name, acquisition.value, lang.value, dossier_id, force)
        )
        for file in written:
            typer.echo(str(file))
        typer.echo(
            "Dossier aangemaakt. Vul de stappen in en draai: hai check "
            if lang is Lang.nl
            else "Dossier created. Fill in the steps and run: hai check ",
            nl=False,
        )
        typer.echo(str(path))

    _guard(lang.value, body)


@app.command()
def check(
    path: Annotated[Path, typer.Argument(help="A dossier, or a folder above several.")] = Path("."),
    gate: Annotated[
        GateName | None, typer.Option("--gate", help="Exit 1 unless this gate passes.")
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", help="text or json.")] = Format.text,
    lang: LangOption = None,
    today: Annotated[
        str | None,
        typer.Option("--today", help="Check as of this date (YYYY-MM-DD), for audits and tests."),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Text: leave out the list of open items.")
    ] = False,
) -> None:
    """Validate dossiers: errors with file:line, open items per step, rule findings, gates."""

    def body() -> int:
        from hai_cli.load import find_dossiers
        from hai_cli.portfolio import check_paths
        from hai_cli.report import REPORTERS, ReportOptions

        as_of = _date(today)
        roots = find_dossiers(path)
        results = check_paths(roots, [_display(root) for root in roots], as_of)
        options = ReportOptions(
            lang.value if lang else None,
            gate.value if gate else None,
            _color(sys.stdout),
            quiet,
        )
        REPORTERS[fmt.value](results, options, sys.stdout)
        failed = any(r.errors for r in results) or (
            gate is not None and not all(r.gates[gate.value].passed for r in results)
        )
        return EXIT_PROBLEMS if failed else EXIT_OK

    raise typer.Exit(_guard(lang.value if lang else None, body))


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        _fail(f"--today needs a date like 2025-06-30, not {text!r}")


def _display(root: Path) -> str:
    try:
        return root.resolve().relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return root.as_posix()


@app.command()
def explain(
    topic: Annotated[
        str, typer.Argument(help="A checklist item id (risk-analysis) or a step (1-8).")
    ],
    lang: LangOption = None,
) -> None:
    """The step plan's text, explanation, tips and definitions for an item or a step."""

    def body() -> None:
        from hai_cli.explain import explain as show

        show(topic, _lang_here(lang), sys.stdout, _color(sys.stdout))

    _guard(lang.value if lang else None, body)


def _lang_here(lang: Lang | None) -> Literal["nl", "en"]:
    """--lang, else the language of the dossier in the current folder, else Dutch."""
    if lang is not None:
        return "en" if lang is Lang.en else "nl"
    marker = Path("dossier.yaml")
    if marker.is_file():
        from hai_cli.yamlio import YamlProblem, load

        try:
            data = load(marker.read_bytes(), "dossier.yaml").data
        except (YamlProblem, OSError):
            return "nl"
        if isinstance(data, dict) and data.get("language") == "en":
            return "en"
    return "nl"


@app.command()
def schema(
    out: Annotated[
        Path, typer.Option("--out", help="Folder to write the JSON Schemas into.")
    ] = Path("schemas"),
    check_only: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 if the folder is out of date.")
    ] = False,
) -> None:
    """Write the JSON Schema of dossier.yaml and of each step file (for editors and CI)."""

    def body() -> int:
        from hai_cli.schema_export import render, schemas, write_schemas

        if check_only:
            stale = [
                name
                for name, data in schemas().items()
                if not (out / name).is_file() or (out / name).read_text("utf-8") != render(data)
            ]
            for name in stale:
                typer.echo(f"out of date: {out / name}")
            return EXIT_PROBLEMS if stale else EXIT_OK
        for changed in write_schemas(out):
            typer.echo(str(changed))
        return EXIT_OK

    raise typer.Exit(_guard(None, body))


class DocFormat(StrEnum):
    md = "md"
    pdf = "pdf"
    all = "all"


class DocLang(StrEnum):
    nl = "nl"
    en = "en"
    all = "all"


def _render_langs(lang: DocLang | None) -> tuple[Literal["nl", "en"], ...]:
    if lang is None:
        return ()  # the dossier's own language
    if lang is DocLang.all:
        return ("nl", "en")
    return ("en",) if lang is DocLang.en else ("nl",)


@app.command()
def render(
    path: Annotated[Path, typer.Argument(help="A dossier, or a folder above several.")] = Path("."),
    doc: Annotated[
        list[str] | None,
        typer.Option(
            "--doc",
            help="Only this document (repeatable): pve, implementation-plan, "
            "validation-protocol, request, dossier, evaluation.",
        ),
    ] = None,
    fmt: Annotated[DocFormat, typer.Option("--format", help="md, pdf or all.")] = DocFormat.md,
    lang: Annotated[
        DocLang | None,
        typer.Option("--lang", help="nl, en or all (default: the dossier's language)."),
    ] = None,
    templates: Annotated[
        Path | None, typer.Option("--templates", help="The hospital's own template folder.")
    ] = None,
    commit: Annotated[
        bool, typer.Option("--commit", help="Commit exactly the rendered files.")
    ] = False,
    check_only: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; exit 1 if a committed document is stale."),
    ] = False,
    today: Annotated[
        str | None, typer.Option("--today", help="Date for the stamp (YYYY-MM-DD).")
    ] = None,
) -> None:
    """Write the dossier's documents (PvE, plans, request, overview) to <dossier>/docs/."""

    def body() -> int:
        from hai_cli.render.command import RenderOptions, run

        options = RenderOptions(
            formats=("md", "pdf") if fmt is DocFormat.all else (fmt.value,),
            documents=doc or None,
            langs=_render_langs(lang),
            templates=templates,
            commit=commit,
            check=check_only,
            today=_date(today),
        )
        return run(path, options, sys.stdout, sys.stderr, _display)

    raise typer.Exit(_guard(lang.value if lang is DocLang.en else None, body))


def main() -> None:
    app(prog_name="hai")
