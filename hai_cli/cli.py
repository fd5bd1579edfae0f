"""The ``hai`` command line: options in, a call into ``hai_cli/commands/<command>.py``, an exit
code. Each command is registered here with its options and the :func:`handled` decorator, which
is the one place that turns errors into messages and picks their language
(:func:`hai_cli.i18n.choose_lang`).

Heavy modules (pydantic models, rich rendering, git, jinja) are imported inside the commands,
so ``hai --help`` stays fast.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from typer.core import TyperGroup

from hai_cli import __version__
from hai_cli.i18n import Lang, Text, choose_lang, lang_of
from hai_cli.vocab import Acquisition, ApprovalRole, Language

EXIT_OK, EXIT_PROBLEMS, EXIT_CANNOT_RUN = 0, 1, 2


class _Group(TyperGroup):
    """Usage errors (an unknown option, a bad value) in the language of every other message."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        try:
            code = super().main(
                args=argv,
                prog_name=prog_name,
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
        except Exception as e:
            if not _is_usage_error(e):
                raise
            from hai_cli.usage import show_usage_error

            show_usage_error(e, _usage_lang(argv))
            code = EXIT_CANNOT_RUN
        code = code if isinstance(code, int) else EXIT_OK
        if standalone_mode:
            sys.exit(code)
        return code


def _is_usage_error(error: Exception) -> bool:
    return any(cls.__name__ == "UsageError" for cls in type(error).__mro__)


def _usage_lang(argv: list[str]) -> Lang:
    """The language rule for a command line that did not parse: ``--lang`` as typed, else the
    dossier the first path argument (or the working folder) holds."""
    given = None
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            given = argv[index + 1]
        elif arg.startswith("--lang="):
            given = arg.removeprefix("--lang=")
    paths = [Path(a) for a in argv[1:] if not a.startswith("-") and Path(a).exists()]
    return choose_lang(given, paths[0] if paths else Path("."))


app = typer.Typer(
    name="hai",
    cls=_Group,
    help=(
        "Stappenplan Healthy AI as a git repository of YAML dossiers: scaffold, check, gate "
        "and explain. / Het stappenplan Healthy AI als git-repository van YAML-dossiers."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Format(StrEnum):  # the names of hai_cli.report.REPORTERS (a test keeps them equal)
    text = "text"
    json = "json"
    junit = "junit"
    sarif = "sarif"
    github = "github"


class CiKind(StrEnum):
    github = "github"
    gitlab = "gitlab"


class PlainFormat(StrEnum):  # commands whose output has no test-report form
    text = "text"
    json = "json"


class DocFormat(StrEnum):
    md = "md"
    pdf = "pdf"
    all = "all"


class DocLang(StrEnum):
    nl = "nl"
    en = "en"
    all = "all"


LangOption = Annotated[
    Language | None,
    typer.Option("--lang", help="Language of messages: nl or en (default: the dossier's)."),
]

F = TypeVar("F", bound=Callable[..., Any])


def _fail(message: str) -> NoReturn:
    from hai_cli.safetext import printable

    typer.echo(f"hai: {printable(message)}", err=True)
    raise typer.Exit(EXIT_CANNOT_RUN)


def handled(about: str | None = "path") -> Callable[[F], F]:
    """The one error handler of every command.

    The command returns its exit code (None: 0). A :class:`~hai_cli.problems.HaiError` becomes
    one line on stderr and exit status 2, in the language of :func:`choose_lang` for the
    command's ``--lang`` and the dossier named by its parameter ``about``; a bug in hai becomes
    one line that asks for a report (``HAI_DEBUG=1`` shows the traceback).
    """

    def decorate(command: F) -> F:
        @functools.wraps(command)
        def run(**params: Any) -> None:
            from hai_cli.problems import HaiError

            target = params.get(about) if about else None
            lang = choose_lang(params.get("lang"), target if isinstance(target, Path) else None)
            try:
                code = command(**params)
            except HaiError as e:
                _fail(e.text(lang))
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
                    f"internal error ({type(e).__name__}: {e}). This is a bug in hai "
                    f"{__version__}; run again with HAI_DEBUG=1 for the traceback and report it."
                )
            raise typer.Exit(code or EXIT_OK)

        return run  # type: ignore[return-value]

    return decorate


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


def use_color(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and "NO_COLOR" not in os.environ


def _date(text: str | None, option: str) -> dt.date | None:
    """A date option's value; ``option`` is the option as typed (``--date``, ``--from``)."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        from hai_cli.problems import HaiError

        raise HaiError(
            Text(
                "{option} vraagt een datum zoals 2025-06-30, niet {value!r}.",
                "{option} needs a date like 2025-06-30, not {value!r}.",
            ).format(option=option, value=text)
        ) from None


def _known_gate(value: str | None) -> str | None:
    """``--gate``: a gate of the catalogue, or ``auto``."""
    if value is None:
        return None
    from hai_cli.catalogue import catalogue
    from hai_cli.gates import AUTO

    known = [*catalogue().gates, AUTO]
    if value not in known:
        choices = ", ".join(f"'{g}'" for g in known)
        raise typer.BadParameter(f"'{value}' is not one of {choices}.")
    return value


def _display(root: Path) -> str:
    try:
        return root.resolve().relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return root.as_posix()


@app.command()
@handled()
def init(
    path: Annotated[
        Path, typer.Argument(help="Folder for the new dossier (must not exist, or be empty).")
    ],
    name: Annotated[str, typer.Option("--name", help="Product name.")],
    acquisition: Annotated[
        Acquisition, typer.Option("--acquisition", help="purchase (inkoop) or in-house (zelfbouw).")
    ],
    lang: Annotated[
        Language, typer.Option("--lang", help="Language of the guidance comments.")
    ] = Language.NL,
    dossier_id: Annotated[
        str | None, typer.Option("--id", help="Dossier id (slug); default: from the folder name.")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the dossier files if the folder is not empty.")
    ] = False,
    ci: Annotated[
        CiKind | None,
        typer.Option("--ci", help="Also write a CI workflow (github or gitlab); see hai ci."),
    ] = None,
    install: Annotated[
        str | None,
        typer.Option("--install", help="With --ci: the line that installs hai in CI; see hai ci."),
    ] = None,
) -> None:
    """Scaffold a dossier: dossier.yaml, the eight step files with every item open, evidence/."""
    from hai_cli.commands.init import InitOptions, run

    words = choose_lang(lang)
    options = InitOptions(path, name, acquisition.value, words, dossier_id, force)
    run(options, ci.value if ci else None, sys.stdout, install)


@app.command()
@handled()
def check(
    path: Annotated[Path, typer.Argument(help="A dossier, or a folder above several.")] = Path("."),
    gate: Annotated[
        str | None,
        typer.Option(
            "--gate",
            metavar="GATE",
            callback=_known_gate,
            help="Exit 1 unless this gate passes; auto: the gates each dossier's phase "
            "requires (1A/1B/2: request; 3: go-live and review; 4: decommission).",
        ),
    ] = None,
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format",
            help="text, json, junit, sarif or github (default: github when "
            "GITHUB_ACTIONS=true, else text).",
        ),
    ] = None,
    reports: Annotated[
        list[str] | None,
        typer.Option(
            "--report",
            metavar="FORMAT=FILE",
            help="Also write a report to a file, e.g. junit=hai-junit.xml (repeatable).",
        ),
    ] = None,
    lang: LangOption = None,
    today: Annotated[
        str | None,
        typer.Option("--today", help="Check as of this date (YYYY-MM-DD), for audits and tests."),
    ] = None,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet", "-q", help="Leave out the list of open items and the progress bar."
        ),
    ] = False,
) -> int:
    """Validate dossiers: errors with file:line, open items per step, rule findings, gates."""
    from hai_cli.commands.check import run

    return run(
        path,
        gate=gate,
        fmt=fmt.value if fmt else None,
        reports=reports or [],
        lang=lang_of(lang),
        today=_date(today, "--today"),
        quiet=quiet,
        color=use_color(sys.stdout),
        display=_display,
    )


@app.command(name="ci")
@handled()
def ci_workflow(
    kind: Annotated[CiKind, typer.Argument(help="github or gitlab.")],
    path: Annotated[
        Path, typer.Argument(help="A folder in the git repository (default: here).")
    ] = Path("."),
    install: Annotated[
        str | None,
        typer.Option(
            "--install",
            help="The line that installs hai in CI (default: this hai's own source, when it "
            "was installed from git; else required).",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing workflow.")] = False,
    site: Annotated[
        bool, typer.Option("--site", help="Also publish the website (hai site) to Pages.")
    ] = False,
    lang: LangOption = None,
) -> None:
    """Write a CI workflow at the repository root that checks the dossiers on every change."""
    from hai_cli.commands.ci import run

    run(kind.value, path, install, force, choose_lang(lang, path), sys.stdout, site)


@app.command()
@handled(about=None)
def explain(
    topic: Annotated[
        str,
        typer.Argument(
            help="A checklist item id (risk-analysis), a step (1-8), a framework (eu_ai_act), "
            "an obligation (ai-act-literacy) or a decision tree (ai-act-role)."
        ),
    ],
    lang: LangOption = None,
    today: Annotated[
        str | None,
        typer.Option("--today", help="What applies on this date (YYYY-MM-DD); default today."),
    ] = None,
) -> None:
    """The step plan's text for an item or a step; the law for a framework, an obligation or a
    decision tree: what applies now and what comes when."""
    from hai_cli.commands.explain import explain as show

    words = choose_lang(lang, Path("."))
    show(topic, words, sys.stdout, use_color(sys.stdout), _date(today, "--today"))


@app.command()
@handled(about=None)
def decide(
    tree: Annotated[
        str,
        typer.Argument(
            help="A decision tree: ai-act-role, ai-act-risk, mdr-class, mdr-in-house, dpia, "
            "change-significance."
        ),
    ],
    whole: Annotated[
        bool, typer.Option("--print", help="Print the whole tree instead of walking it.")
    ] = False,
    lang: LangOption = None,
) -> None:
    """Walk a decision tree question by question (or print it), ending in an outcome with its
    legal basis and the YAML to record in the dossier."""
    from hai_cli.commands.decide import decide as walk_tree
    from hai_cli.commands.decide import find_tree

    words = choose_lang(lang, Path("."))
    walk_tree(find_tree(tree), words, sys.stdout, use_color(sys.stdout), sys.stdin, whole)


@app.command()
@handled(about=None)
def schema(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Folder to write the JSON Schemas into (default: .hai/schemas at the root of "
            "the git repository, where hai init puts them and the editor finds them).",
        ),
    ] = None,
    check_only: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 if the folder is out of date.")
    ] = False,
) -> int:
    """Write the JSON Schema of dossier.yaml and of each step file (for editors and CI)."""
    from hai_cli.commands.schema import run
    from hai_cli.upward import schema_home

    return run(out or schema_home(Path(".")), check_only, sys.stdout)


def _render_langs(lang: DocLang | None) -> tuple[Lang, ...]:
    if lang is None:
        return ()  # the dossier's own language
    if lang is DocLang.all:
        return ("nl", "en")
    return ("en",) if lang is DocLang.en else ("nl",)


@app.command()
@handled()
def render(
    path: Annotated[Path, typer.Argument(help="A dossier, or a folder above several.")] = Path("."),
    doc: Annotated[
        list[str] | None,
        typer.Option(
            "--doc",
            help="Only this document (repeatable): pve, implementation-plan, "
            "validation-protocol, request, dossier, evaluation, decommission.",
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
) -> int:
    """Write the dossier's documents (PvE, plans, request, overview) to <dossier>/docs/."""
    from hai_cli.commands.render import RenderOptions, run

    options = RenderOptions(
        formats=("md", "pdf") if fmt is DocFormat.all else (fmt.value,),
        documents=doc or None,
        langs=_render_langs(lang),
        templates=templates,
        commit=commit,
        check=check_only,
        today=_date(today, "--today"),
    )
    return run(path, options, sys.stdout, sys.stderr, _display)


@app.command()
@handled()
def evaluate(
    path: Annotated[Path, typer.Argument(help="The dossier.")] = Path("."),
    date: Annotated[str | None, typer.Option("--date", help="Date of the evaluation.")] = None,
    period_from: Annotated[str | None, typer.Option("--from", help="Start of the period.")] = None,
    period_to: Annotated[str | None, typer.Option("--to", help="End of the period.")] = None,
    figure: Annotated[
        list[str] | None, typer.Option("--figure", help="MEASURE=VALUE, per monitored measure.")
    ] = None,
    incident: Annotated[list[str] | None, typer.Option("--incident", help="A VIM report.")] = None,
    recall: Annotated[list[str] | None, typer.Option("--recall", help="A recall.")] = None,
    finding: Annotated[list[str] | None, typer.Option("--finding", help="A finding.")] = None,
    decision: Annotated[
        str | None, typer.Option("--decision", help="continue, change or stop.")
    ] = None,
    participant: Annotated[
        list[str] | None, typer.Option("--participant", help="Who took part.")
    ] = None,
    chair: Annotated[str | None, typer.Option("--chair", help="Chair of the meeting.")] = None,
    evidence: Annotated[
        list[str] | None, typer.Option("--evidence", help="Minutes or report in evidence/.")
    ] = None,
    lang: LangOption = None,
) -> int:
    """Record a periodic evaluation in step 8, keeping the file's comments and order."""
    from hai_cli.commands.evaluate import EvaluationInput, run

    given = EvaluationInput(
        date=_date(date, "--date") or dt.date.today(),
        period_from=_date(period_from, "--from"),
        period_to=_date(period_to, "--to"),
        figures=figure or [],
        incidents=incident or [],
        recalls=recall or [],
        findings=finding or [],
        decision=decision,
        participants=participant or [],
        chair=chair,
        evidence=evidence or [],
    )
    return run(path, given, choose_lang(lang, path), sys.stdout, _display)


@app.command()
@handled()
def status(
    path: Annotated[Path, typer.Argument(help="A dossier, or a folder above several.")] = Path("."),
    fmt: Annotated[PlainFormat, typer.Option("--format", help="text or json.")] = PlainFormat.text,
    lang: LangOption = None,
    today: Annotated[
        str | None, typer.Option("--today", help="As of this date (YYYY-MM-DD).")
    ] = None,
) -> None:
    """Per dossier: phase, gates, next evaluation, open items; for one dossier its lifecycle."""
    from hai_cli.commands.status import run

    run(
        path,
        fmt.value,
        lang_of(lang),
        _date(today, "--today") or dt.date.today(),
        use_color(sys.stdout),
        sys.stdout,
        _display,
    )


@app.command()
@handled()
def site(
    path: Annotated[Path, typer.Argument(help="A dossier, or a folder above several.")] = Path("."),
    out: Annotated[
        Path, typer.Option("--out", help="Folder for the website (new, empty, or a site of hai).")
    ] = Path("site"),
    lang: LangOption = None,
    today: Annotated[
        str | None, typer.Option("--today", help="As of this date (YYYY-MM-DD).")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Write into a folder that holds other files.")
    ] = False,
    with_evidence: Annotated[
        bool,
        typer.Option(
            "--with-evidence", help="Publish the evidence files too (else named, not linked)."
        ),
    ] = False,
) -> None:
    """A static website of the portfolio: works from file:// and on Pages, no server."""
    from hai_cli.commands.site import run

    run(
        path,
        out,
        lang_of(lang),
        choose_lang(lang, path),
        _date(today, "--today"),
        force,
        with_evidence,
        _display,
        sys.stdout,
        sys.stderr,
    )


@app.command()
@handled()
def approve(
    target: Annotated[str, typer.Argument(help="A step (1-8) or a gate (request, go-live, ...).")],
    path: Annotated[Path, typer.Argument(help="The dossier.")] = Path("."),
    name: Annotated[str, typer.Option("--name", help="Who approves.")] = "",
    role: Annotated[ApprovalRole | None, typer.Option("--role", help="In which role.")] = None,
    date: Annotated[str | None, typer.Option("--date", help="Date (default: today).")] = None,
    comment: Annotated[str | None, typer.Option("--comment", help="A remark.")] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Approve a gate that does not pass yet; what still blocks it is recorded.",
        ),
    ] = False,
    lang: LangOption = None,
) -> int:
    """Approve a step or a gate: name, role, date and the fingerprint of its content."""
    from hai_cli.commands.approve import Request, run

    when = _date(date, "--date") or dt.date.today()
    words = choose_lang(lang, path)
    given = Request(name, role.value if role else None, when, comment, force)
    return run(target, path, given, words, sys.stdout, _display)


@app.command(name="log")
@handled()
def audit_log(
    path: Annotated[Path, typer.Argument(help="A dossier, or a folder above several.")] = Path("."),
    step: Annotated[
        int | None, typer.Option("--step", min=1, max=8, help="Only this step's file (1-8).")
    ] = None,
    item: Annotated[
        str | None, typer.Option("--item", help="Only this checklist item's status.")
    ] = None,
    fmt: Annotated[PlainFormat, typer.Option("--format", help="text or json.")] = PlainFormat.text,
    lang: LangOption = None,
) -> None:
    """Audit trail from git: who changed which item, phase or approval, and when."""
    from hai_cli.commands.log import run

    run(path, step, item, fmt.value, lang_of(lang), use_color(sys.stdout), sys.stdout, _display)


class DiffFormat(StrEnum):  # the names of hai_cli.diff.report.REPORTERS (a test keeps them equal)
    text = "text"
    markdown = "markdown"
    json = "json"


@app.command()
@handled(about=None)
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
    lang: LangOption = None,
    today: Annotated[
        str | None,
        typer.Option("--today", help="Check both sides as of this date (YYYY-MM-DD)."),
    ] = None,
) -> int:
    """What changed between two revisions, in the step plan's terms: items, fields, gates,
    findings, approvals made stale."""
    from hai_cli.commands.diff import run

    return run(
        arguments or [], fmt.value, fail_on, output, lang_of(lang), _date(today, "--today"),
        sys.stdout, sys.stderr,
    )  # fmt: skip


@app.command(name="set")
@handled(about="dossier")
def set_value(
    target: Annotated[
        str,
        typer.Argument(
            help="A checklist item (4.1 or risk-analysis) or a field as step.path "
            "(risks.risk_indication, 1.clinical_problem, dossier.owner.name)."
        ),
    ],
    values: Annotated[
        list[str] | None,
        typer.Argument(
            help="The new value: an item's status (open, done, n/a); a field's value; several "
            "for a list; KEY=VALUE pairs for a new entry of a list of entries."
        ),
    ] = None,
    dossier: Annotated[
        Path, typer.Option("--dossier", "-d", help="The dossier (default: here).")
    ] = Path("."),
    evidence: Annotated[
        list[str] | None,
        typer.Option("--evidence", help="Item: add an evidence file (inside the dossier)."),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="Item: the note.")] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Item: why it is n/a.")] = None,
    by: Annotated[str | None, typer.Option("--by", help="Item: who settled it.")] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="Item: when (2026-03-01 or 1-3-2026).")
    ] = None,
    edit: Annotated[
        bool, typer.Option("--edit", help="Field: edit the text in $EDITOR (stored as a block).")
    ] = False,
    add: Annotated[
        bool, typer.Option("--add", help="List: add the values instead of replacing the list.")
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Make an approval stale without asking.")
    ] = False,
    lang: LangOption = None,
) -> int:
    """Set an item's status, evidence or note, or a field, validated before it is written."""
    from hai_cli.commands.set import SetOptions, run

    options = SetOptions(values or [], evidence or [], note, reason, by, date, edit, add, yes)
    return run(target, dossier, options, choose_lang(lang, dossier), sys.stdout, sys.stderr)


@app.command()
@handled(about="dossier")
def interview(
    step: Annotated[str, typer.Argument(help="The step: 1-8 or its name (risks, medical, ...).")],
    dossier: Annotated[
        Path, typer.Option("--dossier", "-d", help="The dossier (default: here).")
    ] = Path("."),
    only_open: Annotated[
        bool,
        typer.Option(
            "--only-open", help="Ask only what still blocks the gate (open items, errors)."
        ),
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Make an approval stale without asking.")
    ] = False,
    lang: LangOption = None,
) -> int:
    """Walk a step's fields and checklist items with their guidance; Enter keeps, ? explains."""
    from hai_cli.commands.interview import run

    words = choose_lang(lang, dossier)
    return run(step, dossier, only_open, yes, words, sys.stdin, sys.stdout)


def main() -> None:
    app(prog_name="hai")
