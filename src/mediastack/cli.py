"""The `mediastack` command."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from mediastack.core.roles import Role

app = typer.Typer(
    help="Self-hosted media automation: TV, movies, music, torrents and Usenet.",
    no_args_is_help=True,
    add_completion=False,
)

DataOption = Annotated[
    Path, typer.Option("--data", help="The stack's data folder (config/, downloads/, media/).")
]


@app.command()
def serve(role: Annotated[Role, typer.Argument(help="Which service to run.")]) -> None:
    """Run one service (one pod on Kubernetes). Configured by environment and config.yaml."""
    from mediastack.core.config import load_settings
    from mediastack.core.http import create_app
    from mediastack.core.http.server import PortInUseError, check_port_free
    from mediastack.core.http.server import serve as run
    from mediastack.services import spec_for

    settings = load_settings(role)
    try:
        check_port_free(settings.http.host, settings.port)
    except PortInUseError as exc:
        typer.echo(f"mediastack {role.value}: {exc}", err=True)
        raise typer.Exit(2) from exc
    run(create_app(spec_for(role), settings), settings.http.host, settings.port)


@app.command()
def up(
    data: DataOption = Path("data"),
    host: Annotated[str, typer.Option(help="Address every service listens on.")] = "0.0.0.0",  # noqa: S104
    port_offset: Annotated[
        int, typer.Option(help="Add this to every default port (to run a second stack).")
    ] = 0,
) -> None:
    """Run all five services on this machine, wired together, on SQLite and ./data."""
    from rich.console import Console  # only here: a service process does not need it

    from mediastack.core.http.server import PortInUseError, check_port_free
    from mediastack.stack import credentials, prepare
    from mediastack.supervisor import Supervisor, print_banner

    console = Console()
    layout = prepare(data, host, port_offset)
    try:
        for role in Role:
            check_port_free(host, layout.ports[role])
    except PortInUseError as exc:
        typer.echo(f"mediastack up: {exc}", err=True)
        raise typer.Exit(2) from exc
    print_banner(console, layout, credentials(layout))
    raise typer.Exit(Supervisor(layout, console).run(live=sys.stdout.isatty()))


@app.command("credentials")
def credentials_cmd(data: DataOption = Path("data")) -> None:
    """Print every service's URL and credentials as JSON (run where `up` ran)."""
    from mediastack.stack import credentials_json

    try:
        typer.echo(credentials_json(data))
    except FileNotFoundError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from exc


@app.command("rotate-key")
def rotate_key(role: Role) -> None:
    """Replace a service's API key (restart the service, then update its clients)."""
    from mediastack.core.auth import AuthState, KeyPinnedError
    from mediastack.core.config import load_settings

    try:
        key = AuthState(load_settings(role)).rotate_api_key()
    except KeyPinnedError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from exc
    typer.echo(key)


@app.command()
def backup(role: Role) -> None:
    """Write a backup of a service's configuration and (SQLite) database now."""
    from mediastack.core.backup import create_backup
    from mediastack.core.config import load_settings
    from mediastack.core.http.app import backup_target

    made = create_backup(backup_target(load_settings(role)))
    typer.echo(str(made.path))


@app.command()
def restore(role: Role, archive: Annotated[Path, typer.Argument(help="A backup zip.")]) -> None:
    """Stage a backup; the service applies it at its next start."""
    from mediastack.core.backup import BackupError, stage_restore
    from mediastack.core.config import load_settings
    from mediastack.core.http.app import backup_target

    try:
        stage_restore(backup_target(load_settings(role)), archive)
    except (BackupError, OSError) as exc:
        typer.echo(f"cannot restore {archive}: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"restore staged; restart the {role.value} service to apply it")


@app.command()
def parse(
    title: Annotated[str | None, typer.Argument(help="A release or file name.")] = None,
    app_name: Annotated[str, typer.Option("--app", help="sonarr, radarr or lidarr")] = "sonarr",
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help='Read {"title","app","input"} lines on stdin.')
    ] = False,
) -> None:
    """Show how a release name is parsed (what Sonarr's /api/v3/parse offers)."""
    from mediastack.manager.parser.cli import parse_to_json, run_jsonl

    if jsonl:
        raise typer.Exit(run_jsonl(sys.stdin, sys.stdout))
    if title is None:
        typer.echo("give a TITLE or --jsonl", err=True)
        raise typer.Exit(2)
    typer.echo(parse_to_json(title, app_name))


@app.command("config-reference")
def config_reference(
    output: Annotated[Path | None, typer.Option(help="Write here instead of stdout.")] = None,
) -> None:
    """Print the reference of every setting (docs/configuration.md is generated by this)."""
    from mediastack.core.config.reference import render_reference

    text = render_reference()
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
