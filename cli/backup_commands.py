"""`ecograph backup PATH` and `ecograph restore PATH`: the whole graph to one file and back."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from cli.ingest_commands import progress_bar
from cli.session import opened_graph

console = Console()
err = Console(stderr=True)


def register(app: typer.Typer) -> None:
    app.command()(backup)
    app.command()(restore)


def _size(path: Path) -> str:
    size = float(path.stat().st_size)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


def _counts_table(title: str, rows: dict[str, object]) -> Table:
    table = Table(title=title)
    table.add_column("what")
    table.add_column("", justify="right")
    for what, value in rows.items():
        table.add_row(what, f"{value:,}" if isinstance(value, int) else str(value))
    return table


def backup(
    path: Annotated[Path, typer.Argument(help="The file to write (gzip JSON Lines; replaced if it exists)")],
) -> None:
    """Every node and relationship with all its properties, to one file, while the service runs.

    Writes wait (they are not refused) while the backup reads, so what it holds is one consistent
    state of the graph. `ecograph restore PATH` puts it back into an empty store."""
    from graph import backup as backups

    began = time.perf_counter()
    with opened_graph() as graph, progress_bar(console=err, transient=True) as progress:
        task = progress.add_task("backing up", total=None)

        def started(header: backups.BackupHeader) -> None:
            progress.update(task, total=header.nodes + header.relationships)

        header = backups.backup(graph, path, on_header=started, progress=lambda n: progress.advance(task, n))
    seconds = time.perf_counter() - began
    console.print(
        _counts_table(
            f"backup of graph version {header.graph_version}",
            {
                "nodes": header.nodes,
                **{f"  {label}": n for label, n in header.labels.items()},
                "relationships": header.relationships,
                "file": f"{path} ({_size(path)})",
                "time": f"{seconds:.1f} s",
            },
        )
    )


def restore(
    path: Annotated[Path, typer.Argument(help="A file written by `ecograph backup`")],
    force: Annotated[
        bool, typer.Option("--force", help="Delete what the store holds first (asks unless --yes)")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", help="With --force: do not ask")] = False,
    batched: Annotated[
        bool,
        typer.Option(
            "--batched",
            help="A transaction per batch, for a backup too big for one (not all or nothing: "
            "a failure part way empties the store again)",
        ),
    ] = False,
) -> None:
    """Put a backup back into an empty store, all or nothing; the file is checked whole first."""
    from graph import backup as backups

    header = backups.read_header(path)
    began = time.perf_counter()
    with opened_graph() as graph:
        contents = backups.store_contents(graph)
        if contents and force and not yes:
            err.print(f"the store holds {escape(backups.describe(contents))}.")
            if not typer.confirm(f"Delete all of it and restore {path}?", err=True):
                err.print("nothing was changed")
                raise typer.Exit(1)
        with progress_bar(console=err, transient=True) as progress:
            task = progress.add_task("checking, then restoring", total=header.nodes + header.relationships)
            summary = backups.restore(
                graph, path, force=force, batched=batched, progress=lambda n: progress.advance(task, n)
            )
    seconds = time.perf_counter() - began
    how = "one transaction" if summary.transactions == 1 else f"{summary.transactions} transactions"
    console.print(
        _counts_table(
            f"{path} restored",
            {
                "nodes": summary.nodes,
                "relationships": summary.relationships,
                "backed up at": f"{header.created} (graph version {header.graph_version})",
                "graph version now": summary.version,
                "written in": how,
                "time": f"{seconds:.1f} s",
            },
        )
    )
