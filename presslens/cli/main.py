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
    """Loads subcommands lazily and turns PresslensError into a one-line message."""

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
        except PresslensError as error:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            raise click.ClickException(str(error)) from None


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
