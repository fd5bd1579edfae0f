"""What a document says about itself: title page, sign-off block and version history.

A board signs a document and an archive keeps it, so each one names its organisation, its
version (how many commits changed the sources it rests on), its status (*concept* until the
gate it belongs to has every required approval, then *vastgesteld*), who owns and receives it,
who signed it off (from the approvals, stale ones marked), and which revisions came before.
Everything here is derived from the dossier and git; nothing is typed in twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from hai_cli import labels
from hai_cli.gitio import LogEntry, Revision
from hai_cli.i18n import Lang
from hai_cli.load import Dossier
from hai_cli.model.dossier import GateApproval


@dataclass(frozen=True, slots=True)
class SignOff:
    role: str  # in the reader's language
    name: str | None  # None: required, not yet signed
    date: dt.date | None
    fingerprint: str | None  # the first characters of the approval's fingerprint
    current: bool


@dataclass(frozen=True, slots=True)
class Version:
    date: dt.date
    author: str
    commit: str
    message: str


@dataclass(frozen=True, slots=True)
class Front:
    hospital: str | None
    department: str | None
    document: str
    product: str
    dossier_id: str
    version: str
    settled: bool  # vastgesteld: the document's gate has every required, current approval
    date: dt.date
    stamp: str
    owner: str | None
    distribution: tuple[str, ...]
    signoff: tuple[SignOff, ...]
    history: tuple[Version, ...] | None  # None: not in a git repository

    def status(self, lang: Lang) -> str:
        return labels.word("settled" if self.settled else "draft", lang)


def source_files(dossier: Dossier, steps: tuple[int, ...]) -> list[str]:
    """The files (relative to the dossier) a document rests on: dossier.yaml and its steps."""
    files = [dossier.meta.path]
    files += [dossier.steps[n].path for n in steps if n in dossier.steps]
    return files


def versions(entries: list[LogEntry] | None, files: list[str]) -> tuple[Version, ...] | None:
    """The commits among ``entries`` that changed one of ``files``."""
    if entries is None:
        return None
    wanted = set(files)
    return tuple(
        Version(
            dt.date.fromisoformat(e.date[:10]),
            e.author,
            e.short,
            e.message.splitlines()[0] if e.message else "",
        )
        for e in entries
        if any(f.path in wanted for f in e.files)
    )


def version_label(history: tuple[Version, ...] | None, revision: Revision, lang: Lang) -> str:
    """ "3" for the third committed revision of the sources; marked when the tree differs."""
    if history is None:
        return labels.word("no_git", lang)
    if not history:
        return labels.word("no_commit", lang)
    label = str(len(history))
    if revision.dirty:
        label += f" + {labels.word('uncommitted', lang)}"
    return label


def signoff(dossier: Dossier, gate: str | None, lang: Lang) -> tuple[tuple[SignOff, ...], bool]:
    """The sign-off rows of a gate's approvals, and whether every required role has signed.

    One row per required role (its latest approval, or an empty row to sign), then the
    approvals of roles the gate does not require. Superseded approvals of a role are history,
    not sign-off: the latest counts.
    """
    from hai_cli.approvals import latest as counting
    from hai_cli.approvals import required_roles, staleness

    if gate is None or dossier.info is None:
        return (), False
    of_gate = [a for a in dossier.info.approvals if a.gate == gate]
    latest: dict[str, GateApproval] = {
        of_gate[i].role.value: of_gate[i] for i in sorted(counting(of_gate, lambda a: a.gate))
    }
    required = required_roles(dossier, gate)
    rows: list[SignOff] = []
    settled = bool(required)
    for role in [*required, *(r for r in latest if r not in required)]:
        signed = latest.get(role)
        label = labels.value(role, lang)
        if signed is None:
            rows.append(SignOff(label, None, None, None, False))
            settled = settled and role not in required
            continue
        current = staleness(dossier, signed, gate).current
        if role in required and not current:
            settled = False
        rows.append(
            SignOff(
                label,
                signed.name,
                signed.date,
                signed.fingerprint.removeprefix("sha256:")[:10],
                current,
            )
        )
    return tuple(rows), settled


def organisation(dossier: Dossier) -> tuple[str | None, str | None]:
    info = dossier.info
    org = info.organisation if info else None
    return (org.hospital, org.department) if org else (None, None)


def document_info(dossier: Dossier, document: str) -> tuple[str | None, tuple[str, ...]]:
    info = dossier.info
    about = (info.documents or {}).get(document) if info else None  # type: ignore[call-overload]
    if about is None:
        return None, ()
    return about.owner, tuple(about.distribution)


_LOGS: dict[tuple[str, str | None], list[LogEntry] | None] = {}


def dossier_history(root: Path, revision: Revision) -> list[LogEntry] | None:
    """The commits that changed the dossier's sources (newest first); None outside git.

    Read once per dossier and source revision, however many documents are rendered.
    """
    from hai_cli.gitio import source_log

    key = (str(root.resolve()), revision.commit)
    if key not in _LOGS:
        _LOGS[key] = source_log(root) if revision.in_repository else None
    return _LOGS[key]


def remember_history(root: Path, revision: Revision, entries: list[LogEntry] | None) -> None:
    """What :func:`dossier_history` would read, when it is known already (``hai render`` asks
    git once for a whole portfolio: :func:`hai_cli.gitio.provenance`)."""
    _LOGS[(str(root.resolve()), revision.commit)] = entries
