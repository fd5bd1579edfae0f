"""``hai diff [REV1 [REV2]] [PATH]``: what changed between two revisions, in the step plan's
terms. The comparison is :mod:`hai_cli.diff`; this module turns its result into a report and
an exit code."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import TextIO

from hai_cli.i18n import Lang, Text
from hai_cli.problems import HaiError

EXIT_OK, EXIT_REFUSED = 0, 1


def fail_on_kinds(text: str | None) -> tuple[str, ...]:
    """``--fail-on`` as kinds; a HaiError names what it does not know."""
    from hai_cli.diff import FAIL_ON

    kinds = tuple(k.strip() for k in (text or "").split(",") if k.strip())
    unknown = [k for k in kinds if k not in FAIL_ON]
    if unknown:
        raise HaiError(
            Text(
                "--fail-on kent {known} (met komma's ertussen), niet {bad}.",
                "--fail-on takes {known} (comma-separated), not {bad}.",
            ).format(known=", ".join(FAIL_ON), bad=", ".join(unknown))
        )
    return kinds


def run(
    arguments: list[str],
    fmt: str,
    fail_on: str | None,
    output: Path | None,
    lang: Lang | None,
    today: dt.date | None,
    out: TextIO,
    err: TextIO,
) -> int:
    """Compare, report (to ``out`` or the file ``output``), and exit 1 when the change shows
    a kind of ``fail_on``."""
    from hai_cli.diff import diff
    from hai_cli.diff.report import REPORTERS

    kinds = fail_on_kinds(fail_on)
    result = diff(arguments, today)
    buffer = io.StringIO()
    REPORTERS[fmt](result, lang, buffer)
    if output is not None:
        from hai_cli.fsio import write_atomic

        write_atomic(output, buffer.getvalue())
    else:
        out.write(buffer.getvalue())
    failed = result.failures(kinds)
    if failed:
        err.write(f"hai diff: --fail-on {','.join(failed)}\n")
    return EXIT_REFUSED if failed else EXIT_OK
