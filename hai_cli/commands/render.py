"""The ``hai render`` command: find, check, render, then write, compare or commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from hai_cli.check import DossierResult, check_dossier
from hai_cli.fsio import write_atomic
from hai_cli.gitio import Revision, commit_files, revision
from hai_cli.i18n import Lang, Text, lang_of
from hai_cli.load import find_dossiers, load_dossier
from hai_cli.problems import HaiError
from hai_cli.render import (
    DOCUMENTS,
    docs_dir,
    documents_for,
    invalid,
    render_markdown,
    render_pdf,
    stamp_date,
)

EXIT_OK, EXIT_PROBLEMS = 0, 1


@dataclass(frozen=True, slots=True)
class RenderOptions:
    formats: tuple[str, ...] = ("md",)
    documents: list[str] | None = None
    langs: tuple[Lang, ...] = ()  # empty: the dossier's own language
    templates: Path | None = None
    commit: bool = False
    check: bool = False
    today: dt.date | None = None


def run(
    path: Path,
    options: RenderOptions,
    out: TextIO,
    err: TextIO,
    display: Callable[[Path], str],
) -> int:
    if options.templates is not None and not options.templates.is_dir():
        raise HaiError(
            Text(
                "De sjabloonmap {p} bestaat niet.", "The template folder {p} does not exist."
            ).format(p=options.templates)
        )
    if options.check and options.commit:
        raise HaiError(
            Text(
                "--check schrijft niets en kan dus niet samen met --commit.",
                "--check writes nothing, so it cannot go with --commit.",
            )
        )
    today = options.today or dt.date.today()
    status = EXIT_OK
    for root in find_dossiers(path):
        result = check_dossier(load_dossier(root, display(root)), today)
        langs = options.langs or (result.lang,)
        reason = invalid(result)
        if reason is not None:
            err.write(f"hai: {reason(langs[0])}\n")
            status = EXIT_PROBLEMS
            continue
        target = docs_dir(result)
        source_revision = revision(root)
        if options.check:
            stale = _stale(result, options, source_revision, today, target)
            for name in stale:
                out.write(
                    _STALE.format(file=display(target / name), run=_again(root, name, display))(
                        result.lang
                    )
                    + "\n"
                )
            if stale:
                status = EXIT_PROBLEMS
            continue
        written: list[Path] = []
        for lang in langs:
            for document in documents_for(result, options.documents):
                rendered = render_markdown(
                    result, document, lang, source_revision, today, options.templates
                )
                if "md" in options.formats:
                    written.append(target / f"{rendered.name}.md")
                    write_atomic(written[-1], rendered.markdown)
                if "pdf" in options.formats:
                    written.append(target / f"{rendered.name}.pdf")
                    write_atomic(written[-1], render_pdf(rendered, result))
        for file in written:
            out.write(f"{display(file)}\n")
        if options.commit:
            words = result.lang  # the dossier's language, like everything else it reads
            message = _COMMIT.format(id=result.head.id, rev=_rev(source_revision))(words)
            made = commit_files(root, written, message)
            done = _COMMITTED.format(commit=made, message=message) if made else _UP_TO_DATE
            out.write(done(words) + "\n")
    return status


_STALE = Text(
    "{file}: verouderd (het dossier is veranderd sinds dit document is gemaakt). Maak het "
    "opnieuw en leg het vast met: {run}",
    "{file}: stale (the dossier changed since this document was made). Make it again and "
    "commit it with: {run}",
)
_COMMIT = Text("hai render: documenten van {id} ({rev})", "hai render: documents of {id} ({rev})")
_COMMITTED = Text("vastgelegd in {commit}: {message}", "committed {commit}: {message}")
_UP_TO_DATE = Text(
    "niets vast te leggen: de documenten zijn al bij", "nothing to commit: up to date"
)


def _rev(revision: Revision) -> Text:
    if revision.commit:
        return Text("revisie {c}", "revision {c}").format(c=revision.commit)
    return Text("geen revisie", "no revision")


def _again(root: Path, name: str, display: Callable[[Path], str]) -> str:
    """The command that renders one committed document (``pve.nl.pdf``) again and commits it."""
    import shlex

    document, lang, fmt = ([*name.split("."), "", ""])[:3]
    words = ["hai", "render", display(root), "--doc", document, "--lang", lang, "--format", fmt]
    return shlex.join([*words, "--commit"])


def _stale(
    result: DossierResult,
    options: RenderOptions,
    source_revision: Revision,
    today: dt.date,
    target: Path,
) -> list[str]:
    """The committed Markdown documents that differ from a fresh render (the date aside)."""
    stale = []
    wanted = set(options.documents or DOCUMENTS)
    for existing in sorted(target.glob("*.md")) if target.is_dir() else []:
        stem, _, lang = existing.stem.rpartition(".")
        if stem not in DOCUMENTS or stem not in wanted or lang not in ("nl", "en"):
            continue
        committed = existing.read_text("utf-8")
        as_of = stamp_date(committed) or today
        fresh = render_markdown(
            result, DOCUMENTS[stem], lang_of(lang) or "nl", source_revision, as_of,
            options.templates,
        )  # fmt: skip
        if fresh.markdown != committed:
            stale.append(existing.name)
    return stale
