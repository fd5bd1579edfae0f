"""``hai init``: a new dossier with every file, every item open, and guidance as comments.

The YAML is generated from the models (which keys exist, their types and allowed values) and
the catalogue (item texts, field guidance), so the scaffold can never drift from the schema.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shlex
import stat
import textwrap
import unicodedata
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, TextIO

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from hai_cli.catalogue import Item, catalogue
from hai_cli.commands.schema import dossier_schema_name, step_schema_name
from hai_cli.fsio import locked, read_text, write_atomic
from hai_cli.i18n import Lang, Text
from hai_cli.load import DOSSIER_FILE
from hai_cli.model import SCHEMA_VERSION, STEP_MODELS, DossierFile
from hai_cli.problems import HaiError
from hai_cli.resources import schemas_dir
from hai_cli.schema_errors import unwrap
from hai_cli.upward import repository_root, schema_home

WIDTH = 96
_ENUM_HINT = Text("Kies uit: {values}.", "One of: {values}.")
_EXAMPLE_HINT = Text(
    "Voorbeeld van één regel (haal [] hierboven weg en de # voor de regels):",
    "Example of one entry (remove the [] above and the # before the lines):",
)
_BOOL_HINT = "true | false"
_BOOL_HINT_NL = "true | false (of ja | nee)"
_DATE_HINT = Text("jjjj-mm-dd", "yyyy-mm-dd")
EXAMPLE_DATE = "2025-01-31"
_EVIDENCE_HINT = Text(
    "Bewijs vereist: zet het document in evidence/ en noem het onder 'evidence:'.",
    "Evidence required: put the document in evidence/ and list it under 'evidence:'.",
)
_EXPLAIN_HINT = Text("Uitleg en tips: hai explain {id}", "Explanation and tips: hai explain {id}")
_STATUS_HINT = Text(
    "status: open | done | n/a (bij n/a hoort een 'reason:')",
    "status: open | done | n/a (n/a needs a 'reason:')",
)


@dataclass(frozen=True, slots=True)
class InitOptions:
    path: Path
    name: str
    acquisition: str
    lang: Lang
    dossier_id: str | None = None
    force: bool = False


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:64].strip("-") or "dossier"


_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")  # DossierFile.id


def dossier_id(options: InitOptions) -> str:
    """The id of the new dossier: ``--id`` as given (refused unless hai's check accepts it),
    else from the folder name; refused when another dossier of the repository has it."""
    given = options.dossier_id
    if given is not None and (not _SLUG.match(given) or len(given) > 64):
        raise HaiError(
            Text(
                "--id {v!r} is geen geldige dossier-id: gebruik kleine letters, cijfers en "
                "koppeltekens (hoogstens 64 tekens), zoals --id {slug}.",
                "--id {v!r} is not a valid dossier id: use lowercase letters, digits and "
                "hyphens (at most 64 characters), like --id {slug}.",
            ).format(v=given, slug=slugify(given))
        )
    chosen = given or slugify(options.path.resolve().name)
    where = repository_root(options.path) or options.path.resolve().parent
    for other, other_id in _ids_below(where):
        if other_id == chosen and other.resolve() != options.path.resolve():
            raise HaiError(
                Text(
                    "Het dossier {other} heeft al de id '{id}'; een id is uniek in de "
                    "repository. Kies een andere met --id, zoals --id {id}-2.",
                    "The dossier {other} already has the id '{id}'; an id is unique in the "
                    "repository. Choose another with --id, such as --id {id}-2.",
                ).format(other=other, id=chosen)
            )
    return chosen


def _ids_below(folder: Path) -> list[tuple[Path, str]]:
    """(folder, id) of every dossier below ``folder`` whose dossier.yaml names an id."""
    import os

    from hai_cli.yamlio import YamlProblem, load

    found: list[tuple[Path, str]] = []
    if not folder.is_dir():
        return found
    for top, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in {"node_modules", "venv"}]
        if DOSSIER_FILE not in names:
            continue
        dirs.clear()
        try:
            data = load((Path(top) / DOSSIER_FILE).read_bytes(), DOSSIER_FILE).data
        except (OSError, YamlProblem):
            continue
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            found.append((Path(top), data["id"]))
    return found


def init(options: InitOptions) -> list[Path]:
    """Write a new dossier; refuse to overwrite anything unless ``force``. Return written files."""
    files = scaffold_files(options)
    target = options.path
    _refuse_non_folder(target)
    if not target.exists():
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise HaiError(
                Text("Kan {p} niet maken: {e}.", "Cannot create {p}: {e}.").format(
                    p=target, e=e.strerror or e
                )
            ) from e
    with locked(target):  # a second init of the same folder waits, then finds it not empty
        if any(target.iterdir()) and not options.force:
            existing = [target / rel for rel in files if os.path.lexists(target / rel)]
            shown = ", ".join(str(p.relative_to(target)) for p in existing[:3]) or "..."
            raise HaiError(
                Text(
                    "{p} bestaat al en is niet leeg ({shown}). hai init overschrijft niets; kies "
                    "een nieuwe map, of gebruik --force om de dossierbestanden te vervangen.",
                    "{p} already exists and is not empty ({shown}). hai init overwrites "
                    "nothing; choose a new folder, or use --force to replace the dossier files.",
                ).format(p=target, shown=shown)
            )
        written = []
        for rel, text in files.items():
            write_atomic(target / rel, text, create=not options.force)
            written.append(target / rel)
    _install_schemas(target, options.force)
    return written


def _refuse_non_folder(target: Path) -> None:
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as e:
        raise HaiError(
            Text("Kan {p} niet lezen: {e}.", "Cannot read {p}: {e}.").format(
                p=target, e=e.strerror or e
            )
        ) from e
    if not stat.S_ISDIR(mode):
        raise HaiError(
            Text(
                "{p} bestaat al en is geen map.", "{p} already exists and is not a folder."
            ).format(p=target)
        )


def _install_schemas(dossier: Path, force: bool) -> None:
    home = schema_home(dossier)
    for source in sorted(schemas_dir().glob("*.schema.json")):
        target = home / source.name
        content = source.read_text("utf-8")
        if force or read_text(target) != content:
            write_atomic(target, content)


def _schema_ref(options: InitOptions, rel_file: str, schema_name: str) -> str:
    import os

    home = schema_home(options.path)
    file_dir = (options.path.resolve() / rel_file).parent
    return Path(os.path.relpath(home / schema_name, file_dir)).as_posix()


def scaffold_files(options: InitOptions) -> dict[str, str]:
    lang = options.lang
    purchase = options.acquisition == "purchase"
    values: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "id": dossier_id(options),
        "name": options.name,
        "language": lang,
        "acquisition": options.acquisition,
        "phase": "1B" if purchase else "1A",
    }
    skip = {"supplier"} if not purchase else {"shared_outside"}
    files = {
        DOSSIER_FILE: _file(
            options,
            DOSSIER_FILE,
            dossier_schema_name(),
            Text(
                "Dossier van '{name}': identiteit en levensfase van het AI-product.",
                "Dossier of '{name}': identity and lifecycle state of the AI product.",
            ).format(name=options.name)(lang),
            _mapping(DossierFile, "dossier", lang, 0, values, skip, options.acquisition),
        )
    }
    for number, model in STEP_MODELS.items():
        step = catalogue().step(number)
        header = f"{step.title(lang)}\n\n{step.summary(lang)}"
        body = _mapping(model, f"step{number}", lang, 0, {}, set(), options.acquisition)
        files[step.path] = _file(options, step.path, step_schema_name(number), header, body)
    files["evidence/README.md"] = _evidence_readme(lang, purchase)
    return files


def _file(options: InitOptions, rel: str, schema: str, header: str, body: list[str]) -> str:
    lines = [f"# yaml-language-server: $schema={_schema_ref(options, rel, schema)}"]
    lines += _comment(header, 0)
    lines.append("")
    return "\n".join(lines + body).rstrip() + "\n"


def _comment(text: str, indent: int) -> list[str]:
    pad = " " * indent
    out = []
    for paragraph in text.strip().split("\n"):
        if not paragraph.strip():
            out.append(f"{pad}#")
            continue
        out += [
            f"{pad}# {line}"
            for line in textwrap.wrap(paragraph.strip(), WIDTH - indent - 2, break_on_hyphens=False)
        ]
    return out


def _mapping(
    model: type[BaseModel],
    prefix: str,
    lang: Lang,
    indent: int,
    values: dict[str, Any],
    skip: set[str],
    acquisition: str,
) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for name, field in model.model_fields.items():
        key = field.alias or name
        if key in skip:
            continue
        if key == "checklist":
            lines += _checklist(model, prefix, lang, indent, acquisition)
            continue
        path = f"{prefix}.{key}"
        guidance = catalogue().field_text(path)
        annotation = unwrap(field.annotation)
        comment = guidance(lang) if guidance else ""
        enum_hint = _enum_values(annotation) or (_bool_hint(lang) if annotation is bool else "")
        if enum_hint:
            comment = f"{comment} {_ENUM_HINT(lang).format(values=enum_hint)}".strip()
        if lines and (comment or _is_model(annotation)):
            lines.append("")
        lines += _comment(comment, indent) if comment else []
        if key in values:
            lines.append(f"{pad}{key}: {_scalar(values[key])}")
        elif _is_dict(field):
            lines.append(f"{pad}{key}: {{}}")
        elif _is_list(field):
            lines.append(f"{pad}{key}: []")
            if _is_model(annotation) and key != "approvals":  # approvals: only by hai approve
                lines += _example(annotation, lang, indent)
        elif _is_model(annotation):
            lines.append(f"{pad}{key}:")
            lines += _mapping(annotation, path, lang, indent + 2, {}, set(), acquisition)
        elif (
            field.default is not None
            and not field.is_required()
            and isinstance(field.default, (int, bool))
            and not isinstance(field.default, Enum)
        ):
            lines.append(f"{pad}{key}: {_scalar(field.default)}")
        else:
            lines.append(f"{pad}{key}:")
    return lines


def _checklist(
    model: type[BaseModel], prefix: str, lang: Lang, indent: int, acquisition: str
) -> list[str]:
    pad = " " * indent
    step_number = int(prefix.removeprefix("step").split(".")[0])
    group = "decommissioning" if prefix.endswith(".decommissioning") else "checklist"
    items = [i for i in catalogue().step(step_number).group(group) if i.applies_to(acquisition)]
    lines = [
        "",
        *_comment(
            Text("Checklist van deze stap. ", "Checklist of this step. ")(lang)
            + _STATUS_HINT(lang),
            indent,
        ),
        f"{pad}checklist:",
    ]
    for item in items:
        lines += _item(item, lang, indent + 2)
    return lines


def _item(item: Item, lang: Lang, indent: int) -> list[str]:
    pad = " " * indent
    text = f"{item.number} {item.text(lang)}"
    if item.evidence_required:
        text += f"\n{_EVIDENCE_HINT(lang)}"
    text += f"\n{_EXPLAIN_HINT(lang).format(id=item.id)}"
    lines = ["", *_comment(text, indent), f"{pad}{item.id}:", f"{pad}  status: open"]
    if item.evidence_required:
        lines.append(f"{pad}  evidence: []")
    lines.append(f"{pad}  note:")
    return lines


def _example(model: type[BaseModel], lang: Lang, indent: int) -> list[str]:
    """One entry of a list of ``model``, commented out; valid as it stands once uncommented
    (tests/test_scaffold.py uncomments every one and checks the dossier)."""
    pad = " " * indent
    lines = [f"{pad}# {_EXAMPLE_HINT(lang)}"]
    for number, (name, field) in enumerate(model.model_fields.items()):
        key = field.alias or name
        value, hint = example_value(field, lang)
        bullet = "- " if number == 0 else "  "
        note = f"  # {hint}" if hint else ""
        lines.append(f"{pad}#   {bullet}{key}: {value}{note}")
    return lines


def example_value(field: FieldInfo, lang: Lang) -> tuple[str, str]:
    """A valid YAML value for ``field`` and, where there is a choice, the choice to make."""
    annotation = unwrap(field.annotation)
    if _is_dict(field):
        return "{}", ""
    if _is_list(field):
        values = _enum_values(annotation)
        return (f"[{values.split(' | ')[0]}]", values) if values else ("[]", "")
    values = _enum_values(annotation)
    if values:
        return values.split(" | ")[0], values
    if annotation is bool:
        return "false", _bool_hint(lang)
    if annotation is dt.date:
        return EXAMPLE_DATE, _DATE_HINT(lang)
    if annotation in (int, float):
        low, high = _bounds(field)
        shown = low if low is not None else 0
        value = str(shown) if annotation is int else f"{float(shown)}"
        return value, f"{low}–{high}" if low is not None and high is not None else ""
    if _is_model(annotation):
        keys = list(annotation.model_fields)
        first = annotation.model_fields[keys[0]]
        value, _ = example_value(first, lang)
        keys_text = Text("sleutels: {k}", "keys: {k}").format(k=", ".join(keys))(lang)
        return f"{{{keys[0]}: {value}}}", keys_text
    if any(getattr(m, "pattern", None) for m in _metadata(field)):
        return "id-1", Text(
            "kleine letters, cijfers en koppeltekens", "lowercase letters, digits and hyphens"
        )(lang)
    return "...", ""


def _bool_hint(lang: Lang) -> str:
    return _BOOL_HINT_NL if lang == "nl" else _BOOL_HINT


def _metadata(field: FieldInfo) -> list[Any]:
    import typing

    found = list(field.metadata)
    annotation = field.annotation
    for arg in (annotation, *typing.get_args(annotation)):
        found += list(getattr(arg, "__metadata__", ()))
    return [
        inner
        for meta in found
        for inner in (meta.metadata if isinstance(meta, FieldInfo) else [meta])
    ]


def _bounds(field: FieldInfo) -> tuple[Any, Any]:
    low = high = None
    for meta in _metadata(field):
        low = getattr(meta, "ge", None) if getattr(meta, "ge", None) is not None else low
        high = getattr(meta, "le", None) if getattr(meta, "le", None) is not None else high
    return low, high


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _is_list(field: FieldInfo) -> bool:
    import typing

    annotation = field.annotation
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return typing.get_origin(annotation) is list


def _is_dict(field: FieldInfo) -> bool:
    import typing

    annotation = field.annotation
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return typing.get_origin(annotation) is dict


def _enum_values(annotation: Any) -> str:
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return " | ".join(str(member.value) for member in annotation)
    return ""


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def _evidence_readme(lang: Lang, purchase: bool) -> str:
    from hai_cli.labels import dossier_word

    return Text(
        "# Bewijs\n\nZet hier de stukken die het stappenplan in het {dossier} vraagt: "
        "marktverkenning, PRI, DPIA, contracten, scholingsplan, testverslagen. Verwijs ernaar "
        "vanuit de stapbestanden met een relatief pad, zoals `evidence/pri-2024-03.pdf`.\n\n"
        "Zet hier geen patiëntgegevens.\n",
        "# Evidence\n\nPut here the documents the step plan asks for in the {dossier}: "
        "market research, PRI, DPIA, contracts, training plan, test reports. Refer to them from "
        "the step files with a relative path, such as `evidence/pri-2024-03.pdf`.\n\n"
        "Do not put patient data here.\n",
    ).format(dossier=dossier_word(purchase))(lang)


_CREATED = Text(
    "Dossier aangemaakt. Vul de stappen in en draai: hai check {path}",
    "Dossier created. Fill in the steps and run: hai check {path}",
)


def run(options: InitOptions, ci: str | None, out: TextIO, install: str | None = None) -> None:
    """``hai init``: the dossier, and with ``ci`` the workflow (refused before writing), in
    the repository that will hold the dossier."""
    from hai_cli.commands import ci as workflows

    workflow = None
    if install is not None and ci is None:
        raise HaiError(
            Text(
                "--install hoort bij --ci (de installatieregel van de CI-workflow).",
                "--install goes with --ci (the CI workflow's install line).",
            )
        )
    if ci is not None:
        workflow = workflows.plan(ci, workflows.workflow_root(options.path), install, options.force)
    written = init(options)
    if workflow is not None:
        written.append(workflows.write(workflow))
    for file in written:
        out.write(f"{file}\n")
    out.write(_CREATED.format(path=shlex.quote(str(options.path)))(options.lang) + "\n")
