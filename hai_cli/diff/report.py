"""Reporters of ``hai diff``: text for the terminal, Markdown for a merge request or a job
summary (a headline, then collapsible sections), and JSON (documented in README.md).

Every sentence exists in Dutch and English: ``--lang``, else each dossier's own language.
Dossier text is data: escaped in Markdown, never interpreted.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import IO, Any

from hai_cli.diff import DiffResult
from hai_cli.diff.compare import (
    ApprovalDiff,
    DossierDiff,
    EvidenceDiff,
    FieldDiff,
    FindingDiff,
    GateDiff,
    ItemDiff,
    RecordDiff,
    Unparsed,
)
from hai_cli.i18n import Lang, Text

JSON_VERSION = 1

_NONE = "—"
_SETTLED = ("done", "n/a")
_WORDS = {
    "added": Text("toegevoegd", "added"),
    "removed": Text("verwijderd", "removed"),
    "changed": Text("gewijzigd", "changed"),
    "stale": Text("verouderd", "stale"),
    "appeared": Text("nieuw", "new"),
    "resolved": Text("opgelost", "resolved"),
    "passed": Text("slaagt", "passes"),
    "blocked": Text("geblokkeerd", "blocked"),
    "evaluation": Text("evaluatie", "evaluation"),
    "change": Text("wijziging", "change"),
    "version": Text("versie", "version"),
}
_SECTIONS = {
    "approvals": Text("Goedkeuringen", "Approvals"),
    "gates": Text("Poorten", "Gates"),
    "items": Text("Checklistpunten", "Checklist items"),
    "evidence": Text("Bewijs", "Evidence"),
    "fields": Text("Velden", "Fields"),
    "findings": Text("Bevindingen", "Findings"),
    "records": Text("Evaluaties, wijzigingen en versies", "Evaluations, changes and versions"),
    "unparsed": Text("Niet te lezen", "Does not parse"),
}
_NOTHING = Text(
    "geen wijzigingen in termen van het stappenplan", "no changes in the step plan's terms"
)


def _count(n: int, one: Text, many: Text) -> Text:
    return (one if n == 1 else many).format(n=n)


def headline(d: DossierDiff) -> Text:
    """The reviewer's line for one dossier: the most important changes first."""
    parts: list[Text] = []
    if d.status == "added":
        parts.append(Text("dossier toegevoegd", "dossier added"))
    elif d.status == "removed":
        return Text("dossier verwijderd", "dossier removed")
    elif d.status == "renamed":
        parts.append(Text("verplaatst van {p}", "moved from {p}").format(p=d.old_path))
    for g in d.regressions:
        parts.append(
            Text("poort {g} slaagt niet meer", "{g} gate no longer passes").format(g=g.gate)
        )
    if d.stale:
        parts.append(
            _count(
                len(d.stale),
                Text("{n} goedkeuring verouderd", "{n} approval becomes stale"),
                Text("{n} goedkeuringen verouderd", "{n} approvals become stale"),
            )
        )
    for u in d.unparsed:
        if u.side == "to":
            parts.append(Text("{f} is niet te lezen", "{f} does not parse").format(f=u.file))
    if d.new_errors:
        parts.append(
            _count(
                len(d.new_errors),
                Text("{n} nieuwe fout", "{n} new error"),
                Text("{n} nieuwe fouten", "{n} new errors"),
            )
        )
    if d.phase is not None:
        parts.append(
            Text("fase {a} → {b}", "phase {a} → {b}").format(
                a=d.phase[0] or _NONE, b=d.phase[1] or _NONE
            )
        )
    if d.status != "added":
        for g in d.gates:
            if g.after and not g.before:
                parts.append(Text("poort {g} slaagt nu", "{g} gate now passes").format(g=g.gate))
    closed = [i for i in d.items if i.after in _SETTLED and i.before not in _SETTLED]
    reopened = [i for i in d.items if i.before in _SETTLED and i.after not in _SETTLED]
    if closed:
        parts.append(
            _count(
                len(closed),
                Text("{n} punt afgerond", "{n} item closed"),
                Text("{n} punten afgerond", "{n} items closed"),
            )
        )
    if reopened:
        parts.append(
            _count(
                len(reopened),
                Text("{n} punt heropend", "{n} item reopened"),
                Text("{n} punten heropend", "{n} items reopened"),
            )
        )
    added = [a for a in d.approvals if a.change == "added"]
    if added:
        parts.append(
            _count(
                len(added),
                Text("{n} goedkeuring gegeven", "{n} approval given"),
                Text("{n} goedkeuringen gegeven", "{n} approvals given"),
            )
        )
    for kind, one, many in (
        (
            "evaluation",
            Text("{n} evaluatie", "{n} evaluation"),
            Text("{n} evaluaties", "{n} evaluations"),
        ),
        ("change", Text("{n} wijziging", "{n} change"), Text("{n} wijzigingen", "{n} changes")),
        ("version", Text("{n} versie", "{n} version"), Text("{n} versies", "{n} versions")),
    ):
        n = sum(1 for r in d.records if r.kind == kind and r.change == "added")
        if n:
            counted = _count(n, one, many)
            parts.append(Text(counted.nl + " toegevoegd", counted.en + " added"))
    resolved = [f for f in d.findings if f.change == "resolved"]
    if resolved:
        parts.append(
            _count(
                len(resolved),
                Text("{n} bevinding opgelost", "{n} finding resolved"),
                Text("{n} bevindingen opgelost", "{n} findings resolved"),
            )
        )
    if d.fields:
        parts.append(
            _count(
                len(d.fields),
                Text("{n} veld gewijzigd", "{n} field changed"),
                Text("{n} velden gewijzigd", "{n} fields changed"),
            )
        )
    if not parts:
        parts.append(Text("alleen tekstuele wijzigingen", "changes in wording only"))
    return Text("; ".join(p.nl for p in parts), "; ".join(p.en for p in parts))


# -- the lines of each section, shared by text and Markdown ----------------------------------


def _passed(value: bool | None) -> Text:
    if value is None:
        return Text(_NONE, _NONE)
    return _WORDS["passed"] if value else _WORDS["blocked"]


def _value(value: str | None) -> str:
    return _NONE if value is None else value


def _approval(a: ApprovalDiff, lang: Lang) -> str:
    target = (
        a.target
        if not a.target.startswith("step ")
        else Text("stap {n}", "step {n}").format(n=a.target[5:])(lang)
    )
    words = f"{_WORDS[a.change](lang)}: {target}, {a.name} ({a.role}, {a.date})"
    if a.changed:
        since = Text("sindsdien veranderd: {f}", "changed since: {f}").format(
            f=", ".join(a.changed)
        )
        words += f" — {since(lang)}"
    elif a.change == "added" and not a.current:
        words += " — " + Text("geldt nu al niet", "already does not hold")(lang)
    return words


def _gate(g: GateDiff, lang: Lang) -> str:
    words = f"{g.gate}: {_passed(g.before)(lang)} → {_passed(g.after)(lang)}"
    if not g.after and g.blocking:
        words += f" ({', '.join(g.blocking)})"
    return words


def _item(i: ItemDiff, lang: Lang) -> str:
    name = f"{i.number} {i.item}" if i.number else i.item
    if i.change == "added":
        return f"{name}: {_WORDS['added'](lang)} ({_value(i.after)})"
    if i.change == "removed":
        return f"{name}: {_WORDS['removed'](lang)} ({_value(i.before)})"
    return f"{name}: {_value(i.before)} → {_value(i.after)}"


def _evidence(e: EvidenceDiff, lang: Lang) -> str:
    return f"{e.owner}: {_WORDS[e.change](lang)} {e.path}"


def _field(f: FieldDiff, lang: Lang) -> str:
    return f"{f.field}: {_value(f.before)} → {_value(f.after)}"


def _finding(f: FindingDiff, lang: Lang) -> str:
    return f"{_WORDS[f.change](lang)} {f.code} {f.severity}: {f.text(lang)}"


def _record(r: RecordDiff, lang: Lang) -> str:
    return f"{_WORDS[r.kind](lang)} {_WORDS[r.change](lang)}: {r.key}"


def _unparsed(u: Unparsed, lang: Lang, sides: dict[str, str]) -> str:
    where = Text("in {rev}", "in {rev}").format(rev=sides[u.side])(lang)
    return f"{where}: {u.code} {u.text(lang)}"


Row = tuple[str, int, str]  # file, line, what


def sections(d: DossierDiff, lang: Lang, sides: dict[str, str]) -> list[tuple[str, list[Row]]]:
    """(section, rows) in the order a reviewer reads them; empty sections left out."""

    def rows(entries: list[Any], show: Callable[[Any, Lang], str]) -> list[Row]:
        return [(e.file, e.line, show(e, lang)) for e in entries]

    found = [
        ("approvals", rows(sorted(d.approvals, key=_stale_first), _approval)),
        ("gates", [("dossier.yaml", 0, _gate(g, lang)) for g in d.gates]),
        ("unparsed", rows(d.unparsed, lambda u, lang: _unparsed(u, lang, sides))),
        ("items", rows(d.items, _item)),
        ("evidence", rows(d.evidence, _evidence)),
        ("findings", rows(d.findings, _finding)),
        ("records", rows(d.records, _record)),
        ("fields", rows(d.fields, _field)),
    ]
    return [(name, entries) for name, entries in found if entries]


def _stale_first(a: ApprovalDiff) -> int:
    return {"stale": 0, "removed": 1, "added": 2}[a.change]


def _lang(d: DossierDiff, lang: Lang | None) -> Lang:
    return lang or d.lang


def _sides(result: DiffResult, lang: Lang) -> dict[str, str]:
    return {"from": _side_name(result, "from", lang), "to": _side_name(result, "to", lang)}


def _side_name(result: DiffResult, which: str, lang: Lang) -> str:
    side = result.old if which == "from" else result.new
    if side.commit is None:
        return Text("de werkmap", "the work tree")(lang)
    return (
        side.name
        if side.short is None or side.name == side.short
        else f"{side.name} ({side.short})"
    )


def _report_lang(result: DiffResult, lang: Lang | None) -> Lang:
    if lang is not None:
        return lang
    langs = {d.lang for d in result.dossiers}
    return langs.pop() if len(langs) == 1 else "nl"


def _title(d: DossierDiff) -> str:
    return d.id or d.path


# -- text ------------------------------------------------------------------------------------


def report_text(result: DiffResult, lang: Lang | None, out: IO[str]) -> None:
    words = _report_lang(result, lang)
    sides = _sides(result, words)
    out.write(_clean(f"hai diff: {sides['from']} → {sides['to']}") + "\n")
    if not result.dossiers:
        out.write(f"{_NOTHING(words)}\n")
    for d in result.dossiers:
        here = _lang(d, lang)
        out.write(f"\n{_clean(f'{_title(d)} ({d.path}): {headline(d)(here)}')}\n")
        for name, entries in sections(d, here, _sides(result, here)):
            out.write(f"  {_SECTIONS[name](here)}\n")
            for file, line, what in entries:
                where = f"{d.path}/{file}:{line}" if line else f"{d.path}/{file}"
                out.write(f"    {_clean(where)}  {_clean(what)}\n")


def _clean(text: str) -> str:
    """One terminal line: no control characters from the dossier."""
    return "".join(c if c.isprintable() else "?" for c in text)


# -- Markdown --------------------------------------------------------------------------------


def report_markdown(result: DiffResult, lang: Lang | None, out: IO[str]) -> None:
    from hai_cli.render.escape import cell, markdown

    words = _report_lang(result, lang)
    sides = _sides(result, words)
    out.write(f"### hai diff: {markdown(sides['from'])} → {markdown(sides['to'])}\n\n")
    if not result.dossiers:
        out.write(f"{_NOTHING(words)}\n")
        return
    for d in result.dossiers:
        here = _lang(d, lang)
        out.write(f"- **{markdown(_title(d))}**: {markdown(headline(d)(here))}\n")
    for d in result.dossiers:
        here = _lang(d, lang)
        out.write(f"\n#### {markdown(_title(d))} ({markdown(d.path)})\n")
        for name, entries in sections(d, here, _sides(result, here)):
            urgent = (name == "approvals" and d.stale) or (name == "gates" and d.regressions)
            where = Text("bestand", "file")(here)
            what = Text("wijziging", "change")(here)
            out.write(
                f"\n<details{' open' if urgent else ''}><summary>"
                f"{markdown(_SECTIONS[name](here))} ({len(entries)})</summary>\n\n"
                f"| {where} | {what} |\n|---|---|\n"
            )
            for file, line, what in entries:
                place = f"{file}:{line}" if line else file
                out.write(f"| {cell(place)} | {cell(what)} |\n")
            out.write("\n</details>\n")


# -- JSON ------------------------------------------------------------------------------------


def report_json(result: DiffResult, lang: Lang | None, out: IO[str]) -> None:
    def side(which: str) -> dict[str, Any]:
        s = result.old if which == "from" else result.new
        return {"revision": s.name if s.commit else None, "commit": s.commit}

    dossiers = [_dossier_json(d, _lang(d, lang), result) for d in result.dossiers]
    document = {
        "version": JSON_VERSION,
        "from": side("from"),
        "to": side("to"),
        "summary": {
            "dossiers": len(result.dossiers),
            "stale_approvals": sum(len(d.stale) for d in result.dossiers),
            "gate_regressions": sum(len(d.regressions) for d in result.dossiers),
            "new_errors": sum(len(d.new_errors) for d in result.dossiers),
            "unparsed": sum(1 for d in result.dossiers for u in d.unparsed if u.side == "to"),
        },
        "dossiers": dossiers,
    }
    json.dump(document, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _dossier_json(d: DossierDiff, lang: Lang, result: DiffResult) -> dict[str, Any]:
    def gate(value: bool | None) -> str | None:
        return None if value is None else ("passed" if value else "blocked")

    return {
        "id": d.id,
        "path": d.path,
        "old_path": d.old_path,
        "status": d.status,
        "headline": headline(d)(lang),
        "phase": None if d.phase is None else {"from": d.phase[0], "to": d.phase[1]},
        "items": [
            {"step": i.step, "id": i.item, "number": i.number, "change": i.change,
             "from": i.before, "to": i.after, "file": i.file, "line": i.line}
            for i in d.items
        ],
        "evidence": [
            {"owner": e.owner, "path": e.path, "change": e.change, "file": e.file, "line": e.line}
            for e in d.evidence
        ],
        "fields": [
            {"field": f.field, "from": f.before, "to": f.after, "file": f.file, "line": f.line}
            for f in d.fields
        ],
        "gates": [
            {"gate": g.gate, "from": gate(g.before), "to": gate(g.after),
             "blocking": list(g.blocking), "regression": g.regression}
            for g in d.gates
        ],
        "findings": [
            {"change": f.change, "code": f.code, "severity": f.severity, "file": f.file,
             "line": f.line, "message": f.text(lang)}
            for f in d.findings
        ],
        "approvals": [
            {"change": a.change, "target": a.target, "name": a.name, "role": a.role,
             "date": a.date, "file": a.file, "line": a.line, "current": a.current,
             "changed_files": list(a.changed)}
            for a in d.approvals
        ],
        "records": [
            {"kind": r.kind, "change": r.change, "key": r.key, "file": r.file, "line": r.line}
            for r in d.records
        ],
        "unparsed": [
            {"side": u.side, "file": u.file, "line": u.line, "code": u.code,
             "message": u.text(lang)}
            for u in d.unparsed
        ],
    }  # fmt: skip


REPORTERS: dict[str, Callable[[DiffResult, Lang | None, IO[str]], None]] = {
    "text": report_text,
    "markdown": report_markdown,
    "json": report_json,
}
