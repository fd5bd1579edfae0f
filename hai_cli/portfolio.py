"""Load and check many dossiers: in this process for a few, in worker processes for many.

Duplicate ids are found first, from each dossier.yaml alone, so that every dossier is checked
once with all its problems and its gates are never patched afterwards. A worker loads and
checks one dossier and returns what the caller asks for (by default the :class:`Checked`
findings without the dossier's texts and models), so that a portfolio of a thousand dossiers
uses every core and little memory; ``hai status`` takes the same path with its own summary.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import TypeVar

from hai_cli.check import Checked, DossierResult, check_dossier, duplicate_ids
from hai_cli.load import load_dossier, read_id
from hai_cli.problems import Problem

PARALLEL_FROM = 48  # below this many dossiers, starting workers costs more than it saves

T = TypeVar("T")


def check_paths(
    roots: list[Path],
    displays: list[str],
    today: dt.date | None,
    jobs: int | None = None,
    progress: Callable[[], None] | None = None,
) -> list[Checked]:
    """Check every dossier; ``progress`` is called once for each dossier checked."""
    return summarise_paths(roots, displays, today, _slim, jobs, progress)


def _slim(result: DossierResult) -> Checked:
    return result.slim()


def summarise_paths(
    roots: list[Path],
    displays: list[str],
    today: dt.date | None,
    summary: Callable[[DossierResult], T],
    jobs: int | None = None,
    progress: Callable[[], None] | None = None,
) -> list[T]:
    """Check every dossier and return ``summary`` of each result, computed where the dossier
    was checked (a module-level function or a partial of one, so that a worker can run it)."""
    today = today or dt.date.today()
    workers = jobs if jobs is not None else min(os.cpu_count() or 1, 8)
    ids = [(*read_id(root), display) for root, display in zip(roots, displays, strict=True)]
    also = duplicate_ids(ids) if len(roots) > 1 else [[] for _ in roots]
    one = partial(_check_one, today=today, summary=summary)
    results: list[T] = []
    if workers <= 1 or len(roots) < PARALLEL_FROM:
        for root, display, extra in zip(roots, displays, also, strict=True):
            results.append(one(root, display, extra))
            if progress:
                progress()
        return results
    with ProcessPoolExecutor(workers) as pool:
        chunk = max(1, len(roots) // (workers * 8))
        for result in pool.map(one, roots, displays, also, chunksize=chunk):
            results.append(result)
            if progress:
                progress()
    return results


def _check_one(
    root: Path,
    display: str,
    also: list[Problem],
    today: dt.date,
    summary: Callable[[DossierResult], T],
) -> T:
    return summary(check_dossier(load_dossier(root, display), today, also))
