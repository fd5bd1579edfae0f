"""``hai site PATH --out DIR``: the portfolio as a static website (see :mod:`hai_cli.site`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from hai_cli.problems import Lang


def run(
    path: Path,
    out: Path,
    lang: Lang | None,
    today: dt.date | None,
    force: bool,
    display: Callable[[Path], str],
    stdout: TextIO,
    stderr: TextIO,
) -> int:
    from hai_cli.load import find_dossiers
    from hai_cli.report.progress import progress, wanted
    from hai_cli.site.build import SiteOptions, build_site

    roots = find_dossiers(path)
    options = SiteOptions(out=out, lang=lang, today=today, force=force)
    shown = wanted("text", len(roots), False, stderr)
    with progress(len(roots), "hai site", stderr, shown) as advance:
        report = build_site(roots, options, advance)
    index = display(report.out / "index.html")
    if lang == "en":
        stdout.write(f"{report.dossiers} dossier(s), {report.files} files written: {index}\n")
    else:
        stdout.write(
            f"{report.dossiers} dossier(s), {report.files} bestanden geschreven: {index}\n"
        )
    return 0
