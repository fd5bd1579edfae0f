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
    auto = "auto"  # the gates each dossier's phase requires (hai_cli.gates.PHASE_GATES)


class Format(StrEnum):  # the names of hai_cli.report.REPORTERS (a test keeps them equal)
    text = "text"
    json = "json"
    junit = "junit"
    sarif = "sarif"
    github = "github"


class CiKind(StrEnum):
    github = "github"
    gitlab = "gitlab"


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

    def body() -> None:
        from hai_cli import ci as workflows
        from hai_cli.scaffold import InitOptions
        from hai_cli.scaffold import init as scaffold

        workflow = None
        if install is not None and ci is None:
            _fail("--install only goes with --ci (the CI workflow's install line).")
        if ci is not None:  # refuse before writing anything
            workflow = workflows.plan(ci.value, workflows.workflow_root(path), install, force)
        written = scaffold(
            InitOptions(path, name, acquisition.value, lang.value, dossier_id, force)
        )
        if workflow is not None:
            written.append(workflows.write(workflow))
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
        GateName | None,
        typer.Option(
            "--gate",
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
) -> None:
    """Validate dossiers: errors with file:line, open items per step, rule findings, gates."""

    def body() -> int:
        from hai_cli.load import find_dossiers
        from hai_cli.portfolio import check_paths
        from hai_cli.report import REPORTERS, ReportOptions, report_targets, write_report
        from hai_cli.report.progress import progress, wanted

        as_of = _date(today)
        name = (fmt or _default_format()).value
        targets = report_targets(reports or [])
        roots = find_dossiers(path)
        shown = wanted(name, len(roots), quiet, sys.stderr)
        with progress(len(roots), "hai check", sys.stderr, shown) as advance:
            results = check_paths(roots, [_display(r) for r in roots], as_of, progress=advance)
        asked = gate.value if gate else None
        options = ReportOptions(lang.value if lang else None, asked, _color(sys.stdout), quiet)
        REPORTERS[name](results, options, sys.stdout)
        for target, file in targets:
            write_report(target, results, options, file)
        failed = any(r.errors for r in results) or not all(r.passes(asked) for r in results)
        return EXIT_PROBLEMS if failed else EXIT_OK

    raise typer.Exit(_guard(lang.value if lang else None, body))


def _default_format() -> Format:
    """Annotations under GitHub Actions, text everywhere else."""
    return Format.github if os.environ.get("GITHUB_ACTIONS") == "true" else Format.text


@app.command(name="ci")
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
    lang: LangOption = None,
) -> None:
    """Write a CI workflow at the repository root that checks the dossiers on every change."""

    def body() -> None:
        from hai_cli import ci as workflows

        written = workflows.write(
            workflows.plan(kind.value, workflows.workflow_root(path), install, force)
        )
        typer.echo(str(written))
        typer.echo(workflows.NEXT(_lang_here(lang)).format(file=written))

    _guard(lang.value if lang else None, body)


def _one_dossier(path: Path, command: str) -> Path:
    """The single dossier a command that edits works on."""
    from hai_cli.load import find_dossiers

    (root, *more) = find_dossiers(path)
    if more:
        _fail(f"hai {command} works on one dossier; give its folder, not {path}.")
    return root


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


@app.command()
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
) -> None:
    """Record a periodic evaluation in step 8, keeping the file's comments and order."""

    def body() -> int:
        import datetime as dt

        from hai_cli.evaluate import EvaluationInput, add_evaluation

        root = _one_dossier(path, "evaluate")
        given = EvaluationInput(
            date=_date(date) or dt.date.today(),
            period_from=_date(period_from),
            period_to=_date(period_to),
            figures=figure or [],
            incidents=incident or [],
            recalls=recall or [],
            findings=finding or [],
            decision=decision,
            participants=participant or [],
            chair=chair,
            evidence=evidence or [],
        )
        added = add_evaluation(root, given, dt.date.today())
        words = _lang_here(lang) if lang else "nl"
        shown = _display(added.file)
        if words == "en":
            typer.echo(f"{shown}:{added.line}: evaluation added; next due by {added.next_due}")
        else:
            typer.echo(
                f"{shown}:{added.line}: evaluatie toegevoegd; volgende uiterlijk {added.next_due}"
            )
        for problem in added.problems:
            typer.echo(f"{shown}:{problem.line} {problem.code} {problem.message(words)}")
        return EXIT_PROBLEMS if any(p.is_error for p in added.problems) else EXIT_OK

    raise typer.Exit(_guard(lang.value if lang else None, body))


class PlainFormat(StrEnum):  # commands whose output has no test-report form
    text = "text"
    json = "json"


@app.command()
def status(
    path: Annotated[Path, typer.Argument(help="A dossier, or a folder above several.")] = Path("."),
    fmt: Annotated[PlainFormat, typer.Option("--format", help="text or json.")] = PlainFormat.text,
    lang: LangOption = None,
    today: Annotated[
        str | None, typer.Option("--today", help="As of this date (YYYY-MM-DD).")
    ] = None,
) -> None:
    """Per dossier: phase, gates, next evaluation, open items; for one dossier its lifecycle."""

    def body() -> int:
        import datetime as dt

        from hai_cli.load import find_dossiers
        from hai_cli.portfolio import check_paths
        from hai_cli.report.status import report_json, report_text
        from hai_cli.status import status as status_of

        as_of = _date(today) or dt.date.today()
        roots = find_dossiers(path)
        # in this process: status reads the step models, which worker results leave behind
        results = check_paths(roots, [_display(r) for r in roots], as_of, jobs=1)
        statuses = [status_of(r, as_of, with_history=len(results) == 1) for r in results]
        words = _lang_here(lang) if lang else None
        if fmt is PlainFormat.json:
            report_json(statuses, words, sys.stdout)
        else:
            report_text(statuses, words, _color(sys.stdout), sys.stdout)
        return EXIT_OK

    raise typer.Exit(_guard(lang.value if lang else None, body))


class ApprovalRole(StrEnum):
    project_leader = "project-leader"
    clinical_informatician = "clinical-informatician"
    administrator = "administrator"
    end_responsible_user = "end-responsible-user"
    evaluation_chair = "evaluation-chair"
    medical_manager = "medical-manager"
    other = "other"


@app.command()
def approve(
    target: Annotated[str, typer.Argument(help="A step (1-8) or a gate (request, go-live, ...).")],
    path: Annotated[Path, typer.Argument(help="The dossier.")] = Path("."),
    name: Annotated[str, typer.Option("--name", help="Who approves.")] = "",
    role: Annotated[ApprovalRole | None, typer.Option("--role", help="In which role.")] = None,
    date: Annotated[str | None, typer.Option("--date", help="Date (default: today).")] = None,
    comment: Annotated[str | None, typer.Option("--comment", help="A remark.")] = None,
    lang: LangOption = None,
) -> None:
    """Approve a step or a gate: name, role, date and the fingerprint of its content."""

    def body() -> int:
        import datetime as dt

        from hai_cli.approve import approve as record
        from hai_cli.approve import parse_target

        if not name.strip() or role is None:
            _fail("hai approve needs --name and --role.")
        root = _one_dossier(path, "approve")
        done = record(
            root, parse_target(target), name.strip(), role.value, _date(date) or dt.date.today(),
            comment,
        )  # fmt: skip
        shown = _display(done.file)
        if _lang_here(lang) == "en":
            typer.echo(
                f"{shown}:{done.line}: {target} approved by {name} ({done.fingerprint[:19]}…)"
            )
        else:
            typer.echo(
                f"{shown}:{done.line}: {target} goedgekeurd door {name} ({done.fingerprint[:19]}…)"
            )
        return EXIT_OK

    raise typer.Exit(_guard(lang.value if lang else None, body))


@app.command(name="log")
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

    def body() -> int:
        from hai_cli.audit import dossier_log, item_of
        from hai_cli.load import find_dossiers
        from hai_cli.report.log import report_json, report_text

        wanted = item_of(item) if item is not None else None
        logs = [dossier_log(r, _display(r), step, wanted) for r in find_dossiers(path)]
        words = _lang_here(lang) if lang else None
        if fmt is PlainFormat.json:
            report_json(logs, words, sys.stdout)
        else:
            report_text(logs, words, _color(sys.stdout), sys.stdout)
        return EXIT_OK

    raise typer.Exit(_guard(lang.value if lang else None, body))


def main() -> None:
    app(prog_name="hai")
