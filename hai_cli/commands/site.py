"""``hai site PATH --out DIR``: the portfolio as a static website (see :mod:`hai_cli.site`).

``lang``: ``--lang`` as given (each dossier's page then opens in it); ``words``: the language
of the one rule (:func:`hai_cli.i18n.choose_lang`), for the portfolio's ``index.html`` and the
message."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from hai_cli.i18n import Lang


def run(
    path: Path,
    out: Path,
    lang: Lang | None,
    words: Lang,
    today: dt.date | None,
    force: bool,
    with_evidence: bool,
    display: Callable[[Path], str],
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    from hai_cli.load import find_dossiers
    from hai_cli.report.progress import progress, wanted
    from hai_cli.site.build import SiteOptions, build_site

    roots = find_dossiers(path)
    options = SiteOptions(
        out=out, lang=lang, first=words, today=today, force=force, with_evidence=with_evidence
    )
    shown = wanted("text", len(roots), False, stderr)
    with progress(len(roots), "hai site", stderr, shown) as advance:
        report = build_site(roots, options, advance)
    for warning in report.warnings:
        stderr.write(f"{warning(words)}\n")
    index = display(report.out / "index.html")
    if words == "en":
        stdout.write(f"{report.dossiers} dossier(s), {report.files} files written: {index}\n")
    else:
        stdout.write(
            f"{report.dossiers} dossier(s), {report.files} bestanden geschreven: {index}\n"
        )
    return 0
