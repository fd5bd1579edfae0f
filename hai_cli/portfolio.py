"""Load and check many dossiers: in this process for a few, in worker processes for many.

Each worker loads and checks a dossier and sends back its result without the raw text and
step models (the reporters need only problems, items, gates and dossier.yaml), so that a
portfolio of a thousand dossiers uses every core and little memory.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from hai_cli.check import DossierResult, check_dossier, mark_duplicate_ids
from hai_cli.load import load_dossier

PARALLEL_FROM = 48  # below this many dossiers, starting workers costs more than it saves


def check_paths(
    roots: list[Path],
    displays: list[str],
    today: dt.date | None,
    jobs: int | None = None,
    progress: Callable[[], None] | None = None,
) -> list[DossierResult]:
    """Check every dossier; ``progress`` is called once for each dossier checked."""
    today = today or dt.date.today()
    workers = jobs if jobs is not None else min(os.cpu_count() or 1, 8)
    results = []
    if workers <= 1 or len(roots) < PARALLEL_FROM:
        for root, display in zip(roots, displays, strict=True):
            results.append(check_dossier(load_dossier(root, display), today))
            if progress:
                progress()
    else:
        with ProcessPoolExecutor(workers) as pool:
            chunk = max(1, len(roots) // (workers * 8))
            for result in pool.map(
                _check_one, roots, displays, [today] * len(roots), chunksize=chunk
            ):
                results.append(result)
                if progress:
                    progress()
    mark_duplicate_ids(results)
    return results


def _check_one(root: Path, display: str, today: dt.date) -> DossierResult:
    result = check_dossier(load_dossier(root, display), today)
    for source in result.dossier.steps.values():
        source.text = source.parsed = source.model = None
    result.dossier.meta.text = None
    return result
