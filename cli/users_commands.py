"""`ecograph users add|list|revoke`: the people who may read, review and manage the graph."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from cli.session import opened_graph
from graph import users
from graph.settings import get_settings

app = typer.Typer(
    help="People and their roles (viewer, editor, admin); keys are stored hashed.", no_args_is_help=True
)
console = Console()


@app.command()
def add(
    name: Annotated[str, typer.Argument(help="Their sign-in name (letters, digits, . _ @ -)")],
    role: Annotated[str, typer.Option(help="viewer (reads), editor (also reviews and writes), admin")],
) -> None:
    """Create a person and print their new key. It is shown this once: only a hash of it is kept."""
    users.check_new(name, role)
    ring = users.keyring(get_settings().ecograph_data_dir)
    with opened_graph() as graph:
        users.ensure_schema(graph)
        key = users.add(graph, ring, name, role)
    console.print(f"[green]{escape(name)}[/] is now a {role}. Their key (shown once, keep it safe):")
    # The key alone on stdout's last line, unstyled, so scripts can read it.
    print(key)


@app.command("list")
def list_people() -> None:
    """Everyone, with their role, when they were added and whether they were revoked."""
    with opened_graph() as graph:
        people = users.listed(graph)
    table = Table(title=f"{len(people)} people")
    for column in ("name", "role", "created", "revoked"):
        table.add_column(column)
    for person in people:
        revoked = person["revoked"]
        table.add_row(
            escape(person["name"]),
            person["role"],
            person["created"],
            f"[red]{revoked}[/]" if revoked else "",
        )
    console.print(table)


@app.command()
def revoke(name: Annotated[str, typer.Argument(help="Who")]) -> None:
    """Refuse their key and end their browser sessions, at once. The record stays, marked revoked."""
    with opened_graph() as graph:
        found = users.revoke(graph, name)
    if not found:
        console.print(f"[red]no one is called {escape(name)!r}[/]")
        sys.exit(1)
    console.print(f"{escape(name)} is revoked: their key and sessions no longer work")
