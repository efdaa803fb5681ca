"""`ecograph db start|stop|status`: the embedded default Neo4j."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from graph import embedded
from graph.settings import get_settings

app = typer.Typer(
    help="The embedded Neo4j (Community 5.26 LTS) under $ECOGRAPH_DATA_DIR/neo4j.", no_args_is_help=True
)
console = Console()


def _home(data_dir: Path | None) -> Path:
    return (data_dir.resolve() / "neo4j") if data_dir else get_settings().neo4j_home


@app.command()
def start(
    data_dir: Annotated[
        Path | None, typer.Option(help="Data directory (default $ECOGRAPH_DATA_DIR or ./.ecograph)")
    ] = None,
    bolt_port: Annotated[int | None, typer.Option(help="Bolt port on 127.0.0.1 (default 7687)")] = None,
) -> None:
    """Start Neo4j and wait until Bolt answers; does nothing when it already runs."""
    home = _home(data_dir)
    port = bolt_port or get_settings().ecograph_bolt_port
    began = time.monotonic()
    with console.status(f"starting Neo4j in {home} (the first start downloads it with Maven)…"):
        state, started = embedded.start(home, port, heap=get_settings().ecograph_neo4j_heap)
    if started:
        console.print(
            f"[green]Neo4j is up[/] at {state.uri} (pid {state.pid}) in {time.monotonic() - began:.1f}s"
        )
    else:
        console.print(f"Neo4j already running at {state.uri} (pid {state.pid})")


@app.command()
def stop(data_dir: Annotated[Path | None, typer.Option(help="Data directory")] = None) -> None:
    """Shut Neo4j down cleanly; does nothing when it is not running."""
    home = _home(data_dir)
    with console.status("stopping Neo4j…"):
        stopped = embedded.stop(home)
    console.print("[green]Neo4j stopped[/]" if stopped else "Neo4j was not running")


@app.command()
def status(data_dir: Annotated[Path | None, typer.Option(help="Data directory")] = None) -> None:
    """Say whether Neo4j runs; exits non-zero when it does not."""
    home = _home(data_dir)
    state = embedded.read_state(home)
    table = Table(show_header=False)
    table.add_row("data", str(home))
    table.add_row("running", "[green]yes[/]" if state else "[red]no[/]")
    if state:
        table.add_row("bolt", state.uri)
        table.add_row("pid", str(state.pid))
    console.print(table)
    if state is None:
        sys.exit(1)
