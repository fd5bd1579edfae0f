"""The ``hai render`` command: find, check, render, then write, compare or commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from hai_cli.check import DossierResult, check_dossier
from hai_cli.fsio import NotRegular, Outside, read_regular, read_text, write_atomic
from hai_cli.gitio import Provenance, Revision, commit_files, provenance
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
from hai_cli.render.front import remember_history
from hai_cli.render.pdf import pdf_made_from, pdf_source

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
    roots = find_dossiers(path)
    try:
        known = provenance(roots)  # every dossier's revision and history: a few git queries
    except HaiError:  # git itself cannot run: said where a dossier first needs it, as before
        if options.commit or options.check:
            raise
        known = {}
    if options.commit or options.check:  # refuse before anything is written
        for root in roots:
            if not known[root].revision.in_repository:
                raise HaiError(_OUTSIDE_GIT["commit" if options.commit else "check"].format(p=root))
    made = _made_in_order(roots, [display(r) for r in roots], known, options, today)
    for root, done in zip(roots, made, strict=True):
        if done.reason is not None:
            err.write(f"hai: {done.reason(done.langs[0])}\n")
            status = EXIT_PROBLEMS
            continue
        target = done.target
        written: list[Path] = []
        for name, content in done.files:  # what was made before an error, as it was written
            written.append(target / name)
            write_atomic(written[-1], content)
        if done.error is not None:
            raise HaiError(done.error)
        if options.check:
            for name in done.stale:
                out.write(
                    _STALE.format(file=display(target / name), run=_again(root, name, display))(
                        done.lang
                    )
                    + "\n"
                )
            if done.stale:
                status = EXIT_PROBLEMS
            continue
        for file in written:
            out.write(f"{display(file)}\n")
        if options.commit:
            words = done.lang  # the dossier's language, like everything else it reads
            assert done.revision is not None  # set for every dossier that has documents
            message = _COMMIT.format(id=done.id, rev=_rev(done.revision))(words)
            commit = commit_files(root, written, message)
            outcome = _COMMITTED.format(commit=commit, message=message) if commit else _UP_TO_DATE
            out.write(outcome(words) + "\n")
    return status


@dataclass(frozen=True, slots=True)
class _Made:
    """What one dossier gave, made where it was checked (a worker process for many): the
    files to write in order, the stale documents (``--check``), or why there are none."""

    id: str | None
    lang: Lang
    langs: tuple[Lang, ...]
    reason: Text | None = None  # the dossier's files do not load: no documents
    target: Path = Path()
    revision: Revision | None = None  # the sources' revision the documents name
    files: tuple[tuple[str, str | bytes], ...] = ()
    stale: tuple[str, ...] = ()
    error: Text | None = None  # a HaiError, after ``files`` were made


def _make(
    root: Path, display: str, known: Provenance | None, options: RenderOptions, today: dt.date
) -> _Made:
    made = _Made(None, "nl", ("nl",))
    files: list[tuple[str, str | bytes]] = []
    try:
        result = check_dossier(load_dossier(root, display), today)
        made = _Made(result.head.id, result.lang, options.langs or (result.lang,))
        reason = invalid(result)
        if reason is not None:
            return replace(made, reason=reason)
        made = replace(made, target=docs_dir(result))
        known = known or provenance([root])[root]
        made = replace(made, revision=known.revision)
        remember_history(root, known.revision, known.log)
        if options.check:
            stale = _stale(result, options, known.revision, today, made.target)
            return replace(made, stale=tuple(stale))
        for lang in made.langs:
            for document in documents_for(result, options.documents):
                rendered = render_markdown(
                    result, document, lang, known.revision, today, options.templates
                )
                if "md" in options.formats:
                    files.append((f"{rendered.name}.md", rendered.markdown))
                if "pdf" in options.formats:
                    files.append((f"{rendered.name}.pdf", render_pdf(rendered, result)))
    except HaiError as e:  # its text travels back; the exception stops the command there
        return replace(made, files=tuple(files), error=e.text)
    return replace(made, files=tuple(files))


def _made_in_order(
    roots: list[Path],
    displays: list[str],
    known: dict[Path, Provenance],
    options: RenderOptions,
    today: dt.date,
) -> Iterator[_Made]:
    """:func:`_make` of each dossier, in order: in this process for a few, in worker processes
    for many (as ``hai check``), a few dossiers ahead of the one being written, no more."""
    import os

    from hai_cli.portfolio import PARALLEL_FROM

    workers = min(os.cpu_count() or 1, 8)
    inside = {r.resolve() for r in roots}  # a dossier in a dossier reads what the outer writes
    nested = any(not inside.isdisjoint(r.resolve().parents) for r in roots)
    if workers <= 1 or len(roots) < PARALLEL_FROM or nested:
        for root, display in zip(roots, displays, strict=True):
            yield _make(root, display, known.get(root), options, today)
        return
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    with ProcessPoolExecutor(workers) as pool:
        waiting: deque[Future[_Made]] = deque()
        for root, display in zip(roots, displays, strict=True):
            waiting.append(pool.submit(_make, root, display, known.get(root), options, today))
            if len(waiting) >= workers * 4:
                yield waiting.popleft().result()
        while waiting:
            yield waiting.popleft().result()


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


_OUTSIDE_GIT = {
    "commit": Text(
        "{p} staat niet in een git-repository; --commit kan niet, en er is niets geschreven. "
        "Maak er een met 'git init', of laat --commit weg.",
        "{p} is not in a git repository, so --commit cannot work; nothing was written. Create "
        "one with 'git init', or leave out --commit.",
    ),
    "check": Text(
        "{p} staat niet in een git-repository; --check vergelijkt de vastgelegde documenten "
        "met wat hai nu zou maken en kan dat hier niet. Maak een repository met 'git init', "
        "of draai 'hai render' zonder --check.",
        "{p} is not in a git repository; --check compares the committed documents with what "
        "hai would make now, and cannot do that here. Create a repository with 'git init', or "
        "run 'hai render' without --check.",
    ),
}


def _stale(
    result: DossierResult,
    options: RenderOptions,
    source_revision: Revision,
    today: dt.date,
    target: Path,
) -> list[str]:
    """The documents in docs/ (Markdown and PDF, every language) that differ from a fresh
    render, the date aside: a Markdown file is compared as text, a PDF by the hash of the
    Markdown it records it was set from (a PDF without that record counts as stale)."""
    stale = []
    made_now: dict[tuple[str, str, dt.date], str] = {}
    wanted = set(options.documents or DOCUMENTS)
    found = sorted([*target.glob("*.md"), *target.glob("*.pdf")]) if target.is_dir() else []
    for existing in found:
        stem, _, lang = existing.stem.rpartition(".")
        if stem not in DOCUMENTS or stem not in wanted or lang not in ("nl", "en"):
            continue

        def fresh(date: dt.date, stem: str = stem, lang: str = lang) -> str:
            key = (stem, lang, date)  # a PDF and its Markdown: one render
            if key not in made_now:
                made_now[key] = render_markdown(
                    result, DOCUMENTS[stem], lang_of(lang) or "nl", source_revision,
                    date, options.templates,
                ).markdown  # fmt: skip
            return made_now[key]

        # not a regular file inside docs/ (a FIFO, a link out), or not UTF-8: stale, a fresh
        # render replaces it
        if existing.suffix == ".md":
            committed = read_text(existing, within=target)
            current = committed is not None and fresh(stamp_date(committed) or today) == committed
        else:
            data = _read_pdf(existing, target)
            made = pdf_made_from(data) if data is not None else None
            current = made is not None and pdf_source(fresh(made[0]), made[0]) == made[1]
        if not current:
            stale.append(existing.name)
    return stale


def _read_pdf(path: Path, folder: Path) -> bytes | None:
    try:
        return read_regular(path, within=folder)
    except (OSError, NotRegular, Outside):
        return None
