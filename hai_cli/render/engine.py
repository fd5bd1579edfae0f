"""The Jinja environment: sandboxed, strict, and escaping every value it prints.

Templates are looked up in the hospital's folder first (``--templates DIR``), then in hai's
own ``templates/``. Every ``{{ value }}`` is escaped for Markdown by ``finalize`` unless it is
already :class:`Safe`; ``None`` prints as "not yet filled in", never as "None". A template
error becomes a :class:`HaiError` naming the template and line.
"""

from __future__ import annotations

import datetime as dt
import traceback
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from hai_cli import labels
from hai_cli.i18n import Lang, Text
from hai_cli.problems import HaiError
from hai_cli.render import escape


def environment(lang: Lang, folders: list[Path]) -> Any:
    return _environment(lang, tuple(folders))


@cache  # one environment per language and template folders: templates compile once
def _environment(lang: Lang, folders: tuple[Path, ...]) -> Any:
    from jinja2 import ChoiceLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    def finalize(value: Any) -> Any:
        if value is None:
            return escape.Safe(f"*{labels.word('missing', lang)}*")
        if isinstance(value, Markup):  # escaped already, or a macro's output
            return value
        if isinstance(value, bool | Enum):
            return escape.markdown(labels.value(value, lang))
        if isinstance(value, dt.date):
            return escape.Safe(labels.long_date(value, lang))
        if isinstance(value, float):
            return escape.Safe(labels.number(value, lang))
        return escape.markdown(value)

    env = SandboxedEnvironment(
        loader=ChoiceLoader([_loader(f) for f in folders]),
        undefined=StrictUndefined,
        finalize=finalize,
        autoescape=True,  # with finalize above: Markdown escaping, not HTML
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        {
            "cell": lambda v: escape.cell(_plain(v, lang)),
            "md": lambda v: escape.markdown(_plain(v, lang)),
            # these return escaped Markdown themselves: Jinja folds filters on constants at
            # compile time and would HTML-escape a plain result before finalize sees it
            "label": lambda v: escape.markdown(labels.value(v, lang)),
            "link": escape.link,
            "sentence": _sentence,
            "word": lambda key: escape.markdown(labels.word(key, lang)),
            "guidance": lambda key: escape.markdown(_guidance(key, lang)),
            "date": lambda v: escape.Safe(labels.long_date(v, lang)) if v else _plain(v, lang),
        }
    )
    return env


def _loader(folder: Path) -> Any:
    """Templates from ``folder``: regular files inside it only (no FIFO, no link out of it)."""
    import os

    from jinja2 import BaseLoader, TemplateNotFound
    from jinja2.loaders import split_template_path

    from hai_cli.fsio import NotRegular, Outside, read_regular

    class RegularFileLoader(BaseLoader):
        def get_source(self, environment: Any, template: str) -> tuple[str, str, Any]:
            path = folder.joinpath(*split_template_path(template))
            try:
                text = read_regular(path, within=folder).decode("utf-8")
                mtime = os.path.getmtime(path)
            except FileNotFoundError:
                raise TemplateNotFound(template) from None
            except (OSError, NotRegular, Outside, UnicodeDecodeError) as e:
                raise _unreadable(path, e) from None

            def uptodate() -> bool:
                try:
                    return os.path.getmtime(path) == mtime
                except OSError:
                    return False

            return text, str(path), uptodate

    return RegularFileLoader()


def _unreadable(path: Path, error: Exception) -> HaiError:
    from hai_cli.fsio import NotRegular, Outside

    if isinstance(error, NotRegular):
        why = Text("het is {what}, geen gewoon bestand", "it is {what}, not a regular file").format(
            what=error.what
        )
    elif isinstance(error, Outside):
        why = Text(
            "het is een symbolische link naar {t}, buiten de sjabloonmap",
            "it is a symbolic link to {t}, outside the template folder",
        ).format(t=error.resolved)
    elif isinstance(error, UnicodeDecodeError):
        why = Text("het is geen UTF-8; sla het op als UTF-8", "it is not UTF-8; save it as UTF-8")
    else:
        reason = getattr(error, "strerror", None) or str(error)
        why = Text(reason, reason)
    return HaiError(
        Text("Kan sjabloon {p} niet lezen: {why}.", "Cannot read template {p}: {why}.").format(
            p=path, why=why
        )
    )


def _guidance(key: str, lang: Lang) -> str:
    """The catalogue's guidance for a field (``step1.considerations.large_data``)."""
    from hai_cli.catalogue import catalogue

    text = catalogue().fields.get(key)
    return text(lang) if text is not None else key


def _sentence(value: Any) -> Markup:
    text = value if isinstance(value, Markup) else escape.markdown(value)
    return escape.Safe(text[:1].upper() + text[1:])


def _plain(value: Any, lang: Lang) -> Any:
    if value is None:
        return escape.Safe(f"*{labels.word('missing', lang)}*")
    if isinstance(value, Markup):
        return value
    if isinstance(value, bool | Enum):
        return labels.value(value, lang)
    if isinstance(value, dt.date):
        return labels.long_date(value, lang)
    if isinstance(value, float):
        return labels.number(value, lang)
    if isinstance(value, list):
        return ", ".join(str(_plain(v, lang)) for v in value) or labels.word("none", lang)
    return value


def render_template(env: Any, name: str, context: dict[str, Any]) -> str:
    from jinja2 import TemplateError, TemplateSyntaxError

    try:
        return str(env.get_template(name).render(context))
    except TemplateSyntaxError as e:
        raise _template_error(e.name or name, e.lineno, e.message or str(e)) from e
    except TemplateError as e:
        where = _template_frame(e) or (name, 0)
        raise _template_error(where[0], where[1], str(e)) from e
    except RecursionError as e:  # a template that includes or calls itself without end
        where = _template_frame(e) or (name, 0)
        raise _template_error(
            where[0],
            where[1],
            Text(
                "het sjabloon roept zichzelf eindeloos aan (include, macro of extends); "
                "zorg dat de herhaling stopt",
                "the template calls itself without end (include, macro or extends); make the "
                "repetition stop",
            ),
        ) from None


def _template_frame(error: BaseException) -> tuple[str, int] | None:
    frames = traceback.extract_tb(error.__traceback__)
    for frame in reversed(frames):
        if frame.filename.endswith(".j2"):
            return "/".join(Path(frame.filename).parts[-2:]), frame.lineno or 0
    return None


def _template_error(name: str, line: int, message: str | Text) -> HaiError:
    return HaiError(
        Text(
            "Fout in sjabloon {name}, regel {line}: {message}",
            "Error in template {name}, line {line}: {message}",
        ).format(name=name, line=line, message=message)
    )
