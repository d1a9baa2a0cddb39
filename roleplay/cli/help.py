"""Help pages in the ui language (issue #11 item 5): every word typer and click put around
the project's help texts (``Usage:``, the ``Arguments``/``Options``/``Commands`` headings,
``[default: …]``, ``[required]``, the ``--help`` option's own line) comes from the
catalogue (``cli-help-*`` in ``roleplay/i18n/locales/*/cli.ftl``), and Chinese help is
wrapped in terminal cells by the project's one CJK line breaker
(:func:`roleplay.tui.wrap.breaks`: between Han characters, never inside a Latin word, an
option name or a URL unless it alone is wider than the column, no line starting with
closing punctuation).

The hooks are the ones typer and click offer: the command classes (``cls=`` of
``Typer.command`` and ``typer.Typer``) build the parameter rows and headings and localize the
help option (``get_help_option``); their ``context_class`` (:class:`HelpContext`) makes the
:class:`CatalogFormatter`. English help is byte-for-byte what plain typer prints: English
text is wrapped by click's own ``wrap_text``.
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Sequence
from typing import Any

import typer
from rich.cells import cell_len
from typer._click.formatting import HelpFormatter, iter_rows
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from roleplay.i18n.catalog import Verbatim, t
from roleplay.i18n.lang import Lang, is_zh
from roleplay.tui.wrap import breaks


def wrap_cells(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` terminal cells (wide CJK = 2) by
    :func:`roleplay.tui.wrap.breaks`; a blank line separates paragraphs (kept as an empty
    line), and the lines of one paragraph are joined with a space first (as click does)."""
    out: list[str] = []
    for k, para in enumerate(p for p in text.split("\n\n") if p.strip()):
        if k:
            out.append("")
        flat = " ".join(para.split())
        out.extend(flat[a:b] for a, b in breaks(flat, width))
    return out


class CatalogFormatter(HelpFormatter):
    """click's help formatter with the catalogue's words and, for Chinese, line breaking in
    cells (:func:`wrap_cells`). ``lang`` is the help's language; widths as click's
    (``width`` defaults to the terminal's, at most ``max_width`` (80) minus 2)."""

    def __init__(
        self,
        lang: Lang = "en",
        indent_increment: int = 2,
        width: int | None = None,
        max_width: int | None = None,
    ) -> None:
        super().__init__(indent_increment, width, max_width)
        self.lang: Lang = lang
        self.cjk = is_zh(lang)

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        """The usage line, ``cli-help-usage`` before the program's name; Chinese in cells."""
        if prefix is None:
            prefix = t("cli-help-usage", self.lang)
        if not self.cjk:
            super().write_usage(prog, args, prefix)
            return
        head = f"{' ' * max(self.current_indent - cell_len(prefix), 0)}{prefix}{prog} "
        text_width = self.width - self.current_indent
        if text_width >= cell_len(head) + 20:
            lines = wrap_cells(args, text_width - cell_len(head)) or [""]
            indent = " " * cell_len(head)
            self.write(head + f"\n{indent}".join(lines))
        else:  # the name is too long: the arguments go on the next lines
            indent = " " * (max(self.current_indent, cell_len(prefix)) + 4)
            lines = wrap_cells(args, text_width - len(indent))
            self.write(head + "\n" + "\n".join(indent + line for line in lines))
        self.write("\n")

    def write_heading(self, heading: str) -> None:
        """A heading line, punctuated by ``cli-help-heading`` (``Options:``, ``選項：``)."""
        shown = t("cli-help-heading", self.lang, name=Verbatim(heading))
        self.write(f"{'':>{self.current_indent}}{shown}\n")

    def write_text(self, text: str) -> None:
        """Re-indented, re-wrapped text (a command's help); Chinese in cells."""
        if not self.cjk:
            super().write_text(text)
            return
        indent = " " * self.current_indent
        lines = wrap_cells(text, self.width - self.current_indent)
        self.write("\n".join(indent + line if line else "" for line in lines))
        self.write("\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        """Two columns (option names, help), as click lays them out; for Chinese the first
        column is measured and the second wrapped in cells."""
        if not self.cjk:
            super().write_dl(rows, col_max, col_spacing)
            return
        rows = list(rows)
        first_col = min(max((cell_len(a) for a, _ in rows), default=0), col_max) + col_spacing
        for first, second in iter_rows(rows, 2):
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if cell_len(first) <= first_col - col_spacing:
                self.write(" " * (first_col - cell_len(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap_cells(second, max(self.width - first_col - self.current_indent, 10)) or [""]
            pad = " " * (first_col + self.current_indent)
            self.write("\n".join([lines[0], *(pad + line for line in lines[1:])]) + "\n")


class HelpContext(typer.Context):
    """The context of every roleplay command: its formatter is a :class:`CatalogFormatter`
    in the command's help language (``help_lang``, set by
    :func:`roleplay.cli.app.localize_help`; English until then)."""

    formatter_class = CatalogFormatter

    @property
    def lang(self) -> Lang:
        """The help language of this context's command."""
        lang: Lang = getattr(self.command, "help_lang", "en")
        return lang

    def make_formatter(self) -> HelpFormatter:
        """A :class:`CatalogFormatter` for this command's help language."""
        return CatalogFormatter(self.lang, width=self.terminal_width, max_width=self.max_content_width)


def _lang(ctx: Any) -> Lang:
    return ctx.lang if isinstance(ctx, HelpContext) else "en"


def help_record(param: Any, ctx: Any) -> tuple[str, str] | None:
    """One row of the parameter list: (names and metavar, help text with its notes). The
    notes (default, number range, required, environment variable) are catalogue messages;
    the names come from typer's own ``get_help_record``. None for a hidden parameter.
    Mirrors typer 0.29 ``TyperOption.get_help_record`` / ``TyperArgument.get_help_record``."""
    if not isinstance(param, (TyperOption, TyperArgument)):
        return param.get_help_record(ctx)  # a plain click parameter
    bare = copy.copy(param)
    bare.help, bare.show_default, bare.required, bare.show_envvar = None, False, False, False
    record = bare.get_help_record(ctx)
    if record is None:
        return None
    lang = _lang(ctx)
    notes: list[str] = []
    envvar = param.envvar if param.show_envvar else None
    autoenv = isinstance(param, TyperOption) and param.allow_from_autoenv and param.name
    if envvar is None and param.show_envvar and autoenv and ctx.auto_envvar_prefix is not None:
        envvar = f"{ctx.auto_envvar_prefix}_{param.name.upper()}"
    if envvar is not None:
        var = envvar if isinstance(envvar, str) else ", ".join(str(d) for d in envvar)
        notes.append(t("cli-help-envvar", lang, var=Verbatim(var)))
    default = param._extract_default_help_str(ctx=ctx)
    is_str = isinstance(param.show_default, str)
    if is_str or (default is not None and (param.show_default or ctx.show_default)):
        if not is_str and inspect.isfunction(default):
            shown = t("cli-help-dynamic", lang)
        else:
            shown = param._get_default_string(ctx=ctx, show_default_is_str=is_str, default_value=default)
        if shown:
            notes.append(t("cli-help-default", lang, default=Verbatim(shown)))
    span = param._get_number_range_help_str()
    if span:
        notes.append(span)
    if param.required:
        notes.append(t("cli-help-required", lang))
    text = param.help or ""
    if notes:
        joined = Verbatim(t("cli-help-note-sep", lang).join(notes))
        text = (
            t("cli-help-with-notes", lang, help=Verbatim(text), notes=joined)
            if text
            else t("cli-help-notes", lang, notes=joined)
        )
    return record[0], text


def _format_params(cmd: Any, ctx: Any, formatter: HelpFormatter) -> None:
    """The Arguments and Options sections of ``cmd``'s help (typer's layout)."""
    args: list[tuple[str, str]] = []
    opts: list[tuple[str, str]] = []
    for param in cmd.get_params(ctx):
        row = help_record(param, ctx)
        if row is not None:
            (args if param.param_type_name == "argument" else opts).append(row)
    lang = _lang(ctx)
    for heading, rows in (("cli-help-arguments", args), ("cli-help-options", opts)):
        if rows:
            with formatter.section(t(heading, lang)):
                formatter.write_dl(rows)


def _localized_help_option(option: Any, ctx: Any) -> Any:
    if option is not None:
        option.help = t("cli-help-help", _lang(ctx))
    return option


def short_help(cmd: Any, limit: int, lang: Lang) -> str:
    """A command's line in its group's list: click's short help (cut at ``limit`` characters
    with "...") in English; in Chinese the first sentence (up to 。), never cut inside it."""
    if not is_zh(lang) or cmd.short_help or not cmd.help:
        return str(cmd.get_short_help_str(limit))
    text = " ".join(inspect.cleandoc(cmd.help).split("\n\n")[0].split())
    head, stop, _ = text.partition("。")
    return head + stop


def _usage_pieces(cmd: Any, ctx: Any, group: bool) -> list[str]:
    """The usage line after the program's name: ``cli-help-usage-options`` ([OPTIONS]),
    each parameter's piece, and for a group ``cli-help-usage-command`` (COMMAND [ARGS]...)."""
    lang = _lang(ctx)
    pieces = [t("cli-help-usage-options", lang)] if cmd.options_metavar else []
    for param in cmd.get_params(ctx):
        pieces.extend(param.get_usage_pieces(ctx))
    if group:
        pieces.append(t("cli-help-usage-command", lang))
    return pieces


class HelpCommand(TyperCommand):
    """A typer command whose help is in the ui language (see the module docstring)."""

    context_class = HelpContext

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        """The usage line's pieces, placeholders from the catalogue."""
        return _usage_pieces(self, ctx, group=False)

    def format_options(self, ctx: Any, formatter: HelpFormatter) -> None:
        """Arguments and Options, with the catalogue's headings and notes."""
        _format_params(self, ctx, formatter)

    def get_help_option(self, ctx: Any) -> Any:
        """click's ``--help`` option, its help text from the catalogue (``cli-help-help``)."""
        return _localized_help_option(super().get_help_option(ctx), ctx)


class HelpGroup(TyperGroup):
    """A typer group whose help is in the ui language (see the module docstring)."""

    context_class = HelpContext

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        """The usage line's pieces, placeholders from the catalogue."""
        return _usage_pieces(self, ctx, group=True)

    def format_options(self, ctx: Any, formatter: HelpFormatter) -> None:
        """Arguments, Options, then Commands, with the catalogue's headings and notes."""
        _format_params(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: Any, formatter: HelpFormatter) -> None:
        """The list of sub-commands with their short help (typer's layout)."""
        commands = [
            (name, cmd)
            for name in self.list_commands(ctx)
            if (cmd := self.get_command(ctx, name)) is not None and not cmd.hidden
        ]
        if not commands:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in commands)
        lang = _lang(ctx)
        rows = [(name, short_help(cmd, limit, lang)) for name, cmd in commands]
        with formatter.section(t("cli-help-commands", lang)):
            formatter.write_dl(rows)

    def get_help_option(self, ctx: Any) -> Any:
        """click's ``--help`` option, its help text from the catalogue (``cli-help-help``)."""
        return _localized_help_option(super().get_help_option(ctx), ctx)


class HelpTyper(typer.Typer):
    """``typer.Typer`` whose commands are :class:`HelpCommand` unless ``cls`` says otherwise
    (pass ``cls=HelpGroup`` or a subclass for the group itself)."""

    def command(
        self, name: str | None = None, *, cls: type[TyperCommand] | None = None, **kwargs: Any
    ) -> Any:
        """``typer.Typer.command`` with :class:`HelpCommand` as the default class."""
        return super().command(name, cls=cls or HelpCommand, **kwargs)
