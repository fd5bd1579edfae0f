"""``hai site``: the portfolio as static HTML, built dossier by dossier in worker processes.

Each worker loads and checks one dossier (the same core as ``hai check``), writes that
dossier's pages and its documents into ``d/<slug>/`` of a fresh staging folder inside ``out``
(with ``--with-evidence`` also its evidence files, hard-linked where the file system allows,
else copied; without it the pages name the evidence without a link), and sends back only the
small row the portfolio page needs (no models, no findings). The main
process then writes the portfolio pages, the style sheet, the script and a manifest
(``.hai-site``: the mark of a folder hai may replace), and renames the new entries into place.
Pages of a dossier that is gone go with the old ``d/``.

Nothing is read outside the dossiers (only regular files inside them) and nothing is written
outside ``out``.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from hai_cli import __version__
from hai_cli.check import DossierResult, check_dossier, duplicate_ids
from hai_cli.fsio import NotRegular, kind, read_text
from hai_cli.i18n import LANGS, Lang, Text
from hai_cli.load import EvidenceState, load_dossier, read_id
from hai_cli.portfolio import PARALLEL_FROM
from hai_cli.problems import HaiError, Problem
from hai_cli.site.pages import (
    Row,
    dossier_context,
    law_text,
    portfolio_context,
    row_of,
    step_fields,
)
from hai_cli.site.words import words

MANIFEST = ".hai-site"
ASSETS = ("site.css", "site.js")
# above this much evidence in the site, --with-evidence warns (GitHub Pages takes up to 1 GB)
LARGE_EVIDENCE = 500 * 1000 * 1000


@dataclass(frozen=True, slots=True)
class SiteOptions:
    out: Path
    lang: Lang | None = None  # --lang: every page opens in it; None: each dossier in its own
    first: Lang = "nl"  # the language of index.html
    today: dt.date | None = None
    force: bool = False
    jobs: int | None = None
    with_evidence: bool = False  # publish the evidence files (hard links, else copies)


@dataclass(frozen=True, slots=True)
class Job:
    root: Path
    display: str
    slug: str
    out: Path
    lang: Lang | None
    today: dt.date
    also: tuple[Problem, ...] = ()  # an id another dossier shares, known before the gates
    with_evidence: bool = False


@dataclass(slots=True)
class Built:
    """What a worker sends back: the portfolio's row and the files it wrote, nothing more."""

    row: Row
    files: list[str]
    evidence_bytes: int = 0  # of the evidence files published (--with-evidence)
    unpublished: int = 0  # evidence files named but not published (missing, outside, ...)


@dataclass(frozen=True, slots=True)
class SiteReport:
    out: Path
    dossiers: int
    files: int
    warnings: tuple[Text, ...] = ()


def build_site(
    roots: list[Path],
    options: SiteOptions,
    progress: Callable[[], None] | None = None,
) -> SiteReport:
    """Build the whole site in a fresh folder inside ``out``, then put it in place."""
    import shutil

    from hai_cli.site.links import unique_slugs

    out = prepare_out(options.out, options.force)
    staging = Path(tempfile.mkdtemp(prefix=".hai-site-new-", dir=out))
    try:
        today = options.today or dt.date.today()
        # shown as the path below PATH: a published page names no folder of the machine
        displays = _relative(roots)
        shared = duplicate_ids([(*read_id(r), d) for r, d in zip(roots, displays, strict=True)])
        jobs = [
            Job(
                root,
                display,
                slug,
                staging,
                options.lang,
                today,
                tuple(also),
                options.with_evidence,
            )
            for root, display, slug, also in zip(
                roots, displays, unique_slugs(displays), shared, strict=True
            )
        ]
        built = _build_all(jobs, options.jobs, progress)
        files = {f for b in built for f in b.files}
        files |= set(write_portfolio(staging, [b.row for b in built], options, today))
        _write(staging, MANIFEST, "".join(f"{f}\n" for f in sorted(files)))
        _swap(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return SiteReport(out, len(built), len(files), _warnings(built, options))


def _warnings(built: list[Built], options: SiteOptions) -> tuple[Text, ...]:
    """What ``--with-evidence`` should know: evidence it could not publish, a very large site."""
    if not options.with_evidence:
        return ()
    found = []
    unpublished = sum(b.unpublished for b in built)
    if unpublished:
        found.append(
            Text(
                "{n} bewijsstuk(ken) niet gepubliceerd: ontbreekt, is geen gewoon bestand of "
                "ligt buiten het dossier (hai check zegt welke); de pagina noemt alleen de naam.",
                "{n} evidence file(s) not published: missing, not a regular file or outside "
                "the dossier (hai check says which); the page shows the name only.",
            ).format(n=unpublished)
        )
    total = sum(b.evidence_bytes for b in built)
    if total > LARGE_EVIDENCE:
        found.append(
            Text(
                "De bewijsstukken in de site zijn samen {m} MB; GitHub Pages neemt een site tot "
                "1 GB. Zonder --with-evidence staan ze er alleen bij naam in.",
                "The evidence files in the site come to {m} MB; GitHub Pages takes a site of up "
                "to 1 GB. Without --with-evidence they are named only.",
            ).format(m=round(total / 1e6))
        )
    return tuple(found)


def _relative(roots: list[Path]) -> list[str]:
    """Each dossier's folder below the folder they share (its own name when it is alone)."""
    if not roots:
        return []
    resolved = [r.resolve() for r in roots]
    common = Path(os.path.commonpath(resolved))
    return [r.relative_to(common).as_posix() if r != common else r.name for r in resolved]


def _build_all(
    jobs: list[Job], count: int | None, progress: Callable[[], None] | None
) -> list[Built]:
    built: list[Built] = []
    workers = count if count is not None else min(os.cpu_count() or 1, 8)
    if workers <= 1 or len(jobs) < PARALLEL_FROM:
        for job in jobs:
            built.append(build_dossier(job))
            if progress:
                progress()
        return built
    with ProcessPoolExecutor(workers) as pool:
        chunk = max(1, len(jobs) // (workers * 8))
        for one in pool.map(build_dossier, jobs, chunksize=chunk):
            built.append(one)
            if progress:
                progress()
    return built


# -- the output folder -----------------------------------------------------------------------


def prepare_out(out: Path, force: bool) -> Path:
    """The output folder, made if needed; refused when it holds files hai did not write."""
    if out.exists() and not out.is_dir():
        raise HaiError(
            Text("{p} bestaat al en is geen map.", "{p} exists and is not a folder.").format(p=out)
        )
    if out.is_dir() and not (out / MANIFEST).is_file() and any(out.iterdir()) and not force:
        raise HaiError(
            Text(
                "De map {p} is niet leeg en bevat geen site van hai. Kies een lege of nieuwe map, "
                "of geef --force om er de site in te schrijven (wat er al staat onder de namen "
                "index.html, index.nl.html, index.en.html, assets/ en d/ wordt dan vervangen).",
                "The folder {p} is not empty and holds no site made by hai. Choose an empty or "
                "new folder, or give --force to write the site into it (what is there under the "
                "names index.html, index.nl.html, index.en.html, assets/ and d/ is then "
                "replaced).",
            ).format(p=out)
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise HaiError(
            Text("Kan de map {p} niet maken: {e}", "Cannot create the folder {p}: {e}").format(
                p=out, e=e.strerror or e
            )
        ) from e
    return out.resolve()


OWNED = ("index.html", "index.nl.html", "index.en.html", "assets", "d", MANIFEST)


def _swap(staging: Path, out: Path) -> None:
    """Replace hai's entries in ``out`` by the new ones: each one a rename, the old trees
    removed afterwards, so a reader sees the old site or the new one, never half of each."""
    import shutil

    old = Path(tempfile.mkdtemp(prefix=".hai-site-old-", dir=out))
    try:
        for name in OWNED:
            if not (staging / name).exists():
                continue
            target = out / name
            if target.is_symlink() or target.exists():
                os.replace(target, old / name)
            os.replace(staging / name, target)
    except OSError as e:
        raise HaiError(
            Text(
                "Kan de site niet in {p} zetten ({e}); schrijft er een andere 'hai site' "
                "tegelijk in? Probeer het opnieuw.",
                "Cannot put the site in place in {p} ({e}); is another 'hai site' writing "
                "there at the same time? Try again.",
            ).format(p=out, e=e.strerror or e)
        ) from e
    finally:
        shutil.rmtree(old, ignore_errors=True)


_MADE: set[Path] = set()  # folders this process made in a staging folder (each is new)


def _write(out: Path, rel: str, data: str | bytes) -> str:
    """Write ``out/rel`` (``out``: the fresh staging folder hai made, so nothing in it is a
    link; the file itself is opened with O_NOFOLLOW all the same)."""
    target = out / rel
    _folder(target.parent)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW
    try:
        fd = os.open(target, flags, 0o644)
    except FileNotFoundError:  # a folder of an earlier build of the same name, since removed
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(target, flags, 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(raw)
    return rel


# -- the pages -------------------------------------------------------------------------------


@cache
def _env() -> Any:
    """hai's own page templates (not a hospital's: no sandbox needed, and 2x faster without);
    autoescape for HTML, so every value from a dossier is escaped."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    from hai_cli.resources import templates_dir

    return Environment(
        loader=FileSystemLoader(str(templates_dir() / "site")),
        undefined=StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _page(template: str, context: dict[str, Any]) -> str:
    from hai_cli.render.engine import render_template

    lang: Lang = context["lang"]
    full = {
        **context,
        "t": words(lang),
        "version": __version__,
        "generated": words(lang)["generated"].format(v=__version__, d=context["today"]),
    }
    return render_template(_env(), template, full)


def write_portfolio(out: Path, rows: list[Row], options: SiteOptions, today: dt.date) -> list[str]:
    from hai_cli.resources import templates_dir

    files = []
    lang = options.lang
    first: Lang = options.lang or options.first
    for page_lang in LANGS:
        context = {
            **portfolio_context(rows, page_lang, today, lang),
            "root": "",
            "today": today,
        }
        html = _page("portfolio.html.j2", context)
        files.append(_write(out, f"index.{page_lang}.html", html))
        if page_lang == first:
            files.append(_write(out, "index.html", html))
    for asset in ASSETS:
        files.append(
            _write(out, f"assets/{asset}", (templates_dir() / "site" / asset).read_bytes())
        )
    return files


def build_dossier(job: Job) -> Built:
    """Check one dossier and write its pages; only the row goes back (travel light)."""
    return _build(check_dossier(load_dossier(job.root, job.display), job.today, job.also), job)


def _build(result: DossierResult, job: Job) -> Built:
    from hai_cli.commands.status import status, timeline_of
    from hai_cli.rules.law import next_law_date

    next_evaluation = status(result, job.today, with_history=False).next_evaluation
    row = row_of(result, job.slug, next_evaluation, next_law_date(result.dossier, job.today))
    base = f"d/{job.slug}"
    files, copied, size, unpublished = _publish_files(result, job.out, base, job.with_evidence)
    documents, written = _documents(result, job, copied)
    files += written
    timeline = timeline_of(result)
    fields = step_fields(result, copied)
    names_only = not job.with_evidence and bool(result.dossier.evidence)
    extra = {"root": "../../", "today": job.today, "names_only": names_only}
    for page_lang in LANGS:
        context = dossier_context(
            result, page_lang, job.today, copied, documents, next_evaluation, timeline, fields
        )
        law = {"law_date": row.regulatory.date.isoformat() if row.regulatory else "",
               "law_text": law_text(row.regulatory, page_lang)}  # fmt: skip
        html = _page("dossier.html.j2", {**context, **extra, **law})
        files.append(_write(job.out, f"{base}/index.{page_lang}.html", html))
        if page_lang == (job.lang or row.lang):  # the folder's own address (…/d/<id>/) works
            files.append(_write(job.out, f"{base}/index.html", html))
    return Built(row, files, size, unpublished)


def _publish_files(
    result: DossierResult, out: Path, base: str, with_evidence: bool
) -> tuple[list[str], dict[str, str], int, int]:
    """Publish the dossier's committed PDFs and (``with_evidence``) its evidence files.

    Returns the files written, a map from each dossier path to its place on the site, the
    bytes of evidence published and how many evidence files named could not be. Only regular
    files that resolve inside the dossier are published (the loader decided that for evidence:
    ``EvidenceState.OK``; :func:`_link_or_copy` checks it again as it publishes).
    """
    from hai_cli.site.links import normal_path

    root = result.dossier.root.resolve()
    copied: dict[str, str] = {}
    files = []
    sources: dict[str, tuple[Path, bool]] = {}  # dossier path -> (file, is evidence)
    unpublished = size = 0
    if with_evidence:
        for ref in result.dossier.evidence:
            if ref.state is EvidenceState.OK:
                sources.setdefault(ref.path, (root / ref.path, True))
            else:
                unpublished += 1
    docs = root / "docs"
    if docs.is_dir() and not docs.is_symlink():
        for pdf in sorted(docs.glob("*.pdf")):
            sources[f"docs/{pdf.name}"] = (pdf, False)
    for written, (path, evidence) in sources.items():
        key = normal_path(written)
        if not key or key in copied:
            continue
        try:
            real = path.resolve()
            rel = "files/" + real.relative_to(root).as_posix()  # ValueError: outside
            published = _link_or_copy(real, out / base / rel)
        except (OSError, RuntimeError, ValueError, NotRegular):
            unpublished += evidence
            continue
        size += published if evidence else 0
        files.append(f"{base}/{rel}")
        copied[key] = rel
    return files, copied, size, unpublished


def _link_or_copy(source: Path, target: Path) -> int:
    """Publish the regular file ``source`` (resolved, inside its dossier) as ``target``: a
    hard link where the file system allows it (no bytes copied), else a copy. Returns its size.

    The file is opened without following a link and checked to be a regular file; a hard link
    is kept only when it is that same file (not one swapped in meanwhile).
    """
    flags = os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | os.O_CLOEXEC
    fd = os.open(source, flags)
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):
            raise NotRegular(source, kind(opened.st_mode))
        _folder(target.parent)
        try:
            os.link(source, target, follow_symlinks=False)
        except OSError:  # another file system, or links not allowed: copy
            pass
        else:
            if os.path.samestat(os.lstat(target), opened):
                return opened.st_size
            os.unlink(target)
        out = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        with os.fdopen(out, "wb") as handle, os.fdopen(os.dup(fd), "rb") as data:
            while chunk := data.read(1 << 20):
                handle.write(chunk)
        return opened.st_size
    finally:
        os.close(fd)


def _folder(path: Path) -> None:
    if path not in _MADE:
        path.mkdir(parents=True, exist_ok=True)
        _MADE.add(path)


def _committed(result: DossierResult) -> dict[tuple[str, Lang], Path]:
    """The Markdown documents ``hai render`` wrote into ``<dossier>/docs/`` (regular files)."""
    from hai_cli.render import DOCUMENTS

    root = result.dossier.root.resolve()
    docs = root / "docs"
    found: dict[tuple[str, Lang], Path] = {}
    if docs.is_symlink() or not docs.is_dir():
        return found
    for document in DOCUMENTS:
        for lang in LANGS:
            path = docs / f"{document}.{lang}.md"
            if not path.is_symlink() and path.is_file():
                found[(document, lang)] = path
    return found


def _documents(
    result: DossierResult, job: Job, copied: dict[str, str]
) -> tuple[list[dict[str, Any]], list[str]]:
    """The dossier's documents as pages, and links to its PDFs.

    The Markdown that ``hai render`` wrote (and the team committed) into ``docs/`` is shown as
    it is, with its provenance stamp; a dossier without any is rendered here, in its language,
    by the same engine. (``hai render --check`` in CI is what keeps committed ones fresh.)
    """
    from hai_cli.render import DOCUMENTS, invalid

    pages: list[tuple[str, Lang, str, str]] = []  # document id, language, markdown, stamp
    committed = _committed(result)
    for (name, lang), path in sorted(committed.items()):
        markdown = read_text(path, within=path.parent)  # a regular file inside docs/
        if markdown is None:
            continue
        pages.append((name, lang, markdown, ""))  # its stamp is in its text
    if not committed and invalid(result) is None:
        from hai_cli.gitio import revision
        from hai_cli.render import documents_for, render_markdown

        source_revision = revision(result.dossier.root)
        for document in documents_for(result, None):
            rendered = render_markdown(result, document, result.lang, source_revision, job.today)
            pages.append((document.id, result.lang, rendered.markdown, rendered.stamp))
    from hai_cli.site.markdown import to_html

    documents: list[dict[str, Any]] = []
    files: list[str] = []
    base = f"d/{job.slug}"
    for document_id, lang, markdown, stamp in pages:
        title = DOCUMENTS[document_id].title
        name = f"doc/{document_id}.{lang}.html"
        context = {
            "lang": lang,
            "title": title(lang),
            "dossier": result.dossier.info.name if result.dossier.info else "",
            "body": to_html(markdown, copied, "docs/", "../"),
            "stamp": stamp,
            "committed": bool(committed),
            "root": "../../../",
            "back": f"../index.{lang}.html",
            "today": job.today,
        }
        files.append(_write(job.out, f"{base}/{name}", _page("document.html.j2", context)))
        documents.append({"title": title, "href": name, "lang": lang, "kind": "html"})
    for key, rel in sorted(copied.items()):
        if key.startswith("docs/") and key.endswith(".pdf"):
            documents.append(
                {"title": Text(key[5:], key[5:]), "href": rel, "lang": "", "kind": "pdf"}
            )
    return documents, files
