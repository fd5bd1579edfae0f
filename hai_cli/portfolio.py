"""Load and check many dossiers: in this process for a few, in worker processes for many.

Duplicate ids are found first, from each dossier.yaml alone (read by the workers too), so that
every dossier is checked once with all its problems and its gates are never patched afterwards.
A worker loads and checks one dossier and returns what the caller asks for (by default the
:class:`Checked` findings without the dossier's texts and models), so that a portfolio of
thousands of dossiers uses every core and little memory; ``hai status`` takes the same path
with its own summary. Results come back in the order of the dossiers, one at a time, so that a
caller can write each and keep only what it needs.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
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
    return list(iter_checked(roots, displays, today, jobs, progress))


def iter_checked(
    roots: list[Path],
    displays: list[str],
    today: dt.date | None,
    jobs: int | None = None,
    progress: Callable[[], None] | None = None,
) -> Iterator[Checked]:
    """:func:`check_paths` one dossier at a time, in order, as the results come in."""
    return iter_summaries(roots, displays, today, _slim, jobs, progress)


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
    return list(iter_summaries(roots, displays, today, summary, jobs, progress))


def iter_summaries(
    roots: list[Path],
    displays: list[str],
    today: dt.date | None,
    summary: Callable[[DossierResult], T],
    jobs: int | None = None,
    progress: Callable[[], None] | None = None,
) -> Iterator[T]:
    """:func:`summarise_paths` one dossier at a time, in order, as the results come in."""
    today = today or dt.date.today()
    workers = jobs if jobs is not None else min(os.cpu_count() or 1, 8)
    one = partial(_check_one, today=today, summary=summary)
    if workers <= 1 or len(roots) < PARALLEL_FROM:
        for root, display, extra in zip(
            roots, displays, _shared(roots, displays, map), strict=True
        ):
            yield one(root, display, extra)
            if progress:
                progress()
        return
    with ProcessPoolExecutor(workers) as pool:
        chunk = max(1, len(roots) // (workers * 8))
        also = _shared(roots, displays, partial(pool.map, chunksize=chunk))
        for result in pool.map(one, roots, displays, also, chunksize=chunk):
            yield result
            if progress:
                progress()


def _shared(
    roots: list[Path], displays: list[str], each: Callable[..., Iterator[tuple[str | None, int]]]
) -> list[list[Problem]]:
    """The problems found across the dossiers (an id that another one uses too), from their ids
    read by ``each`` (``map``, or a pool's map: in the workers)."""
    if len(roots) < 2:
        return [[] for _ in roots]
    ids = [(*found, display) for found, display in zip(each(read_id, roots), displays, strict=True)]
    return duplicate_ids(ids)


def _check_one(
    root: Path,
    display: str,
    also: list[Problem],
    today: dt.date,
    summary: Callable[[DossierResult], T],
) -> T:
    return summary(check_dossier(load_dossier(root, display), today, also))
