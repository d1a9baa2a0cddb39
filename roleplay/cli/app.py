"""The CLI's shared parts: the typer ``app`` every command module registers on, the consoles,
and the one place where user errors become messages and exit codes (:class:`ErrorGroup`).

Exit codes: 0 ok; 1 the debate failed (a backend error); 2 bad input (files, options,
ids); 130 interrupted (Ctrl-C; finished turns are kept).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from roleplay.cli.console import PipeSafeConsole
from roleplay.cli.help import HelpGroup, HelpTyper
from roleplay.errors import InputError, Msg, RoleplayError, TranscriptError, msg
from roleplay.i18n.lang import Lang, bad_ui_lang


class ErrorGroup(HelpGroup):
    """The command group: a :class:`~roleplay.errors.RoleplayError` raised by any command is
    printed once as ``error: <message>`` and turned into exit code 2 (input) or 1 (other).
    Help texts are catalogue ids until the program starts; :meth:`main` renders them in
    :func:`~roleplay.i18n.lang.ui_lang` (so ``ROLEPLAY_LANG=zh-Hant roleplay --help`` is Chinese)."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Render every help text in the ui language when help will be shown (``--help``, no
        arguments, a group alone: the catalogue is not loaded for nothing), then run the
        command line.

        Raises:
            SystemExit: 2 when ``ROLEPLAY_LANG`` names no known language (the message says so).
        """
        from roleplay.i18n.lang import ui_lang

        bad = bad_ui_lang()
        if bad is not None:
            e = InputError("error-bad-lang", what="ROLEPLAY_LANG", value=bad)
            print_error(e)
            raise SystemExit(2) from e
        argv = list(kwargs.get("args") or (args[0] if args else None) or sys.argv[1:])
        group = len(argv) == 1 and hasattr(self.commands.get(argv[0]), "commands")
        if not argv or "--help" in argv or "-h" in argv or group:  # only help shows help texts
            localize_help(self, ui_lang())
        return super().main(*args, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        """Run the command; user errors become a message and an exit code, never a traceback."""
        try:
            bad = bad_ui_lang()
            if bad is not None:  # a bad ROLEPLAY_LANG is an input error of its own (exit 2)
                raise InputError("error-bad-lang", what="ROLEPLAY_LANG", value=bad)
            return super().invoke(ctx)
        except RoleplayError as e:
            _fail(e)
        except UnicodeError as e:  # a name or argument this locale cannot carry (issue #10)
            _fail(InputError(locale_message(e)))


def localize_help(cmd: Any, lang: Lang) -> None:
    """Render the help of ``cmd``, its parameters and (for a group) every sub-command in
    ``lang``: a help text that is a catalogue id (``cli-...``, see
    ``roleplay/i18n/locales/*/cli.ftl``) becomes its message. Typer reads ``help=`` when the
    app is built, so the commands pass ids and the text is chosen here, when the program runs.
    The ids are kept, so rendering again in another language works. Every command also gets
    ``help_lang`` = ``lang``: the words typer and click add (``Usage:``, headings, defaults,
    ``--help``) and Chinese line breaking follow it (roleplay/cli/help.py)."""
    from roleplay.i18n.catalog import has, t

    def render(obj: Any, attr: str) -> None:
        key = f"_help_id_{attr}"
        ident = obj.__dict__.setdefault(key, getattr(obj, attr, None))
        if isinstance(ident, str) and ident.startswith("cli-") and has(ident):
            setattr(obj, attr, t(ident, lang))

    cmd.help_lang = lang
    render(cmd, "help")
    for p in cmd.params:
        render(p, "help")
    for sub in getattr(cmd, "commands", {}).values():
        localize_help(sub, lang)


def locale_message(e: UnicodeError) -> Msg:
    """One line for text that the terminal's locale cannot encode or decode: which text, the
    locale's encoding, and the fix (a UTF-8 locale)."""
    import locale
    import sys

    bad = getattr(e, "object", b"")
    shown = (
        bad.encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")
        if isinstance(bad, str)
        else repr(bad)
    )
    return msg(
        "error-locale",
        encoding=locale.getpreferredencoding(False),
        fs=sys.getfilesystemencoding(),
        text=shown[:80],
    )


app = HelpTyper(
    cls=ErrorGroup,
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="cli-app",
)
console = PipeSafeConsole(highlight=False)
err_console = Console(stderr=True, highlight=False)


def _lang_callback(value: str | None) -> str | None:
    from roleplay.formats.text import check_lang

    return check_lang(value)


def _rounds_callback(value: int | None) -> int | None:
    from roleplay.debate.setup import check_rounds

    return check_rounds(value)


def lang_option(help: str = "cli-opt-lang") -> Any:
    """The ``--lang`` option of every command that takes one (zh-Hant, zh-Hans or en; ``zh``
    and locale spellings are aliases), checked as it is parsed (an unknown language is an
    InputError: exit 2). ``help`` is a catalogue id (rendered by :func:`localize_help`)."""
    return typer.Option(None, help=help, callback=_lang_callback)


def rounds_option() -> Any:
    """The ``--rounds`` option of every command that takes one, checked as it is parsed
    (fewer than 1 is an InputError: exit 2)."""
    return typer.Option(None, help="cli-opt-rounds", callback=_rounds_callback)


@contextmanager
def exit_130_on_interrupt(message: str) -> Iterator[None]:
    """Ctrl-C inside the block prints ``message`` (where the finished work is kept) and exits 130."""
    try:
        yield
    except KeyboardInterrupt as e:
        err_console.print(message)
        raise typer.Exit(130) from e


def check_out_dir(out: Path) -> None:
    """Check that ``out`` is (or can become) a writable folder for run folders.

    Raises:
        InputError: ``out`` is a file, or cannot be created or written.
    """
    if out.exists() and not out.is_dir():
        raise InputError("error-out-run-is-file", path=out)
    import tempfile

    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out, prefix=".roleplay-write-test-"):
            pass  # a fresh name, so no file of the user's is ever touched
    except OSError as e:
        raise InputError("error-out-unwritable", path=out, detail=e.strerror) from e


def print_error(message: object) -> None:
    """Print ``error: <message>`` to stderr; the message is plain text, never Rich markup
    (so "[keys]" in a message stays as written)."""
    from rich.text import Text

    prefix = str(msg("error-prefix"))
    err_console.print(Text.assemble((prefix, "bold red"), str(message)), highlight=False, soft_wrap=True)


def _fail(e: Exception) -> None:
    """Print a user error and exit (2 for input errors, 1 otherwise)."""
    print_error(e)
    raise typer.Exit(2 if isinstance(e, (InputError, TranscriptError)) else 1)
