"""The ``presslens`` command: one click group; each verb lives in its own module."""

from __future__ import annotations

import importlib
import logging
from typing import Any

import click

from presslens.errors import PresslensError

# name -> "module:attribute"; imported only when used, so `presslens --help` stays fast.
COMMANDS = {
    "extract": "presslens.cli.extract:extract",
    "analyze": "presslens.cli.analyze:analyze",
    "ingest": "presslens.cli.ingest:ingest",
    "errors": "presslens.cli.ingest:errors",
    "quotes": "presslens.cli.query:quotes",
    "search": "presslens.cli.query:search",
    "speakers": "presslens.cli.query:speakers",
    "serve": "presslens.cli.serve:serve",
    "show": "presslens.cli.query:show",
    "stats": "presslens.cli.query:stats",
    "export": "presslens.cli.export:export",
    "load": "presslens.cli.load:load",
}


class PresslensGroup(click.Group):
    """Loads subcommands lazily; any error becomes a one-line message (exit 1), the
    traceback shown only with ``--debug``."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        assert isinstance(command, click.Command)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise  # usage errors (exit 2) and deliberate exits already speak for themselves
        except Exception as error:  # noqa: BLE001 - a user never sees a traceback without --debug
            if ctx.obj and ctx.obj.get("debug"):
                raise
            raise click.ClickException(one_line_error(error)) from None


def one_line_error(error: Exception) -> str:
    """What a user reads instead of a traceback: our errors say what to try; anything else
    is named with its type and points at ``--debug``."""
    if isinstance(error, PresslensError):
        message = str(error)
    elif isinstance(error, UnicodeEncodeError) and "surrogates" in error.reason:
        bad = error.object[error.start : error.end].encode("utf-8", "surrogateescape")
        message = f"an argument is not valid UTF-8 text (bytes {bad!r}); pass it as UTF-8"
    elif isinstance(error, OSError) and error.strerror:
        where = f"{error.filename}: " if error.filename is not None else ""
        message = f"{where}{error.strerror}"
    else:
        message = f"unexpected {type(error).__name__}: {error} (run with --debug for the traceback)"
    return " ".join(message.split()) or type(error).__name__


@click.group(cls=PresslensGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show full tracebacks and debug logging.")
@click.version_option(package_name="presslens")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """presslens: turn raw news into who said what.

    Extract clean articles from HTML, WARC and scraped text, find every quote with its
    cue and speaker, and keep them in a searchable corpus.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
