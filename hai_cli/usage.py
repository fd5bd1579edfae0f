"""Usage errors (an unknown option, a value that is not one of the choices) in nl and en.

The command-line parser says these in English; the user reads them in the language of every
other message of hai (:func:`hai_cli.i18n.choose_lang`). The parser's sentence is matched
against the handful of forms it uses; one that is not known is shown as the parser wrote it.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from hai_cli.i18n import Lang, Text

_USAGE = Text("Gebruik:", "Usage:")
_TRY = Text("Zie '{command} --help' voor hulp.", "Try '{command} --help' for help.")
_ERROR = Text("Fout: {message}", "Error: {message}")

# the parser's sentence -> ours; groups are filled in as the user typed them
_FORMS: tuple[tuple[re.Pattern[str], Text], ...] = (
    (
        re.compile(r"Invalid value for (?P<param>.+?): (?:Value error, )?(?P<rest>.+)$", re.S),
        Text("ongeldige waarde voor {param}: {rest}", "Invalid value for {param}: {rest}"),
    ),
    (
        re.compile(r"(?P<value>'.*') is not one of (?P<choices>.+)\.$", re.S),
        Text("{value} is niet een van {choices}.", "{value} is not one of {choices}."),
    ),
    (
        re.compile(r"(?P<value>.+) is not a valid integer\.?$"),
        Text("{value} is geen geheel getal.", "{value} is not a valid integer."),
    ),
    (
        re.compile(r"Input should be a valid integer.*$"),
        Text("geef een geheel getal.", "Input should be a valid integer."),
    ),
    (
        re.compile(r"Input should be less than or equal to (?P<n>\S+)$"),
        Text("de waarde mag hoogstens {n} zijn.", "Input should be at most {n}."),
    ),
    (
        re.compile(r"Input should be greater than or equal to (?P<n>\S+)$"),
        Text("de waarde moet minstens {n} zijn.", "Input should be at least {n}."),
    ),
    (
        re.compile(r"(?P<value>.+) is not in the range (?P<range>.+)\.$"),
        Text("{value} ligt niet in het bereik {range}.", "{value} is not in the range {range}."),
    ),
    (
        re.compile(r"Missing option (?P<param>.+)\.$"),
        Text("de optie {param} ontbreekt.", "Missing option {param}."),
    ),
    (
        re.compile(r"Missing argument (?P<param>.+)\.$"),
        Text("het argument {param} ontbreekt.", "Missing argument {param}."),
    ),
    (
        re.compile(r"No such option: (?P<name>\S+)(?: Did you mean (?P<close>.+)\?)?$"),
        Text("onbekende optie: {name}", "No such option: {name}"),
    ),
    (
        re.compile(r"No such command (?P<name>'.+?')\.(?: Did you mean (?P<close>.+)\?)?$"),
        Text("onbekend commando {name}.", "No such command {name}."),
    ),
    (
        re.compile(r"Option (?P<name>'.+') requires an argument\.$"),
        Text("de optie {name} vraagt een waarde.", "Option {name} requires an argument."),
    ),
    (
        re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((?P<args>.+)\)$"),
        Text("onverwacht extra argument ({args}).", "Got unexpected extra argument ({args})."),
    ),
    (re.compile(r"Missing command\.$"), Text("het commando ontbreekt.", "Missing command.")),
)
_CLOSE = Text(" Bedoelde je {close}?", " Did you mean {close}?")


def translate(message: str, lang: Lang) -> str:
    """The parser's ``message`` in ``lang`` (nested forms, such as a bad choice, too)."""
    if lang == "en":
        return message
    for pattern, text in _FORMS:
        match = pattern.match(message)
        if match is None:
            continue
        parts = {k: v for k, v in match.groupdict().items() if k != "close"}
        if "rest" in parts:
            parts["rest"] = translate(parts["rest"], lang)
        said = text.format(**parts)(lang)
        close = match.groupdict().get("close")
        return said + (_CLOSE.format(close=close)(lang) if close else "")
    return message


def show_usage_error(error: Any, lang: Lang) -> None:
    """What the parser would print, in ``lang``: the usage line, a hint, the error."""
    out = sys.stderr
    if type(error).__name__ == "NoArgsIsHelpError":  # `hai` alone: the help, as asked for
        error.show()
        return
    ctx = getattr(error, "ctx", None)
    if ctx is not None:
        usage = str(ctx.get_usage()).replace(_USAGE.en, _USAGE(lang), 1)
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = _TRY.format(command=ctx.command_path)(lang) + "\n"
        out.write(f"{usage}\n{hint}\n")
    out.write(_ERROR.format(message=translate(error.format_message(), lang))(lang) + "\n")
    out.flush()
