"""Analyst shortcuts printing readable tables: search, path, export, reset."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from cli.session import opened_graph
from cli.tables import print_conflicts
from graph import answers, choices
from graph.dates import parse_date
from graph.errors import InvalidInput
from graph.explain import cited, claim

console = Console()


def register(app: typer.Typer) -> None:
    app.command()(search)
    app.command()(path)
    app.command()(reset)
    app.command()(review)
    app.command()(export)


def search(
    query: Annotated[str, typer.Argument(help="Words of a name or alias")],
    kind: Annotated[str | None, typer.Option(help="Organization, Person, Place or Event")] = None,
    label: Annotated[str | None, typer.Option(help="An extra label such as Startup, City")] = None,
    limit: Annotated[int, typer.Option(help="How many results", min=1, max=100)] = 20,
    offset: Annotated[int, typer.Option(help="Results to skip (paging)", min=0)] = 0,
) -> None:
    """Find entities by name or alias (accents, case and small typos don't matter), as GET /entities."""
    with opened_graph() as graph:
        found = answers.search(
            graph,
            query,
            kind=choices.kind(kind, "--kind"),
            label=choices.label(label, "--label"),
            limit=limit,
            offset=offset,
        )
    items, total = found["items"], found["total"]
    table = Table(title=f"{total} match(es) for {escape(repr(query))}")
    table.add_column("id", overflow="fold")
    for column in ("name", "kind", "labels", "aliases"):
        table.add_column(column)
    for item in items:
        table.add_row(
            item["id"],
            escape(item["name"] or ""),
            item["kind"],
            ", ".join(item["labels"]),
            escape(", ".join(item["aliases"])),
        )
    console.print(table)


def path(
    source: Annotated[str, typer.Argument(help="Id, name or alias of one end")],
    target: Annotated[str, typer.Argument(help="Id, name or alias of the other end")],
    max_hops: Annotated[int, typer.Option(help="Longest path to look for (1-6)", min=1, max=6)] = 4,
    all_: Annotated[bool, typer.Option("--all", help="Every shortest path")] = False,
    k: Annotated[int, typer.Option("--k", help="Up to k paths, shortest first", min=1, max=10)] = 1,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Only ties valid on this ISO date")] = None,
    types: Annotated[
        list[str] | None, typer.Option("--types", help="Tie types a path may use (comma-separated)")
    ] = None,
    status: Annotated[
        list[str] | None, typer.Option("--status", help="Tie statuses a path may use (default: accepted)")
    ] = None,
) -> None:
    """How two actors are connected, hop by hop, with the source of each hop (as GET /paths)."""
    with opened_graph() as graph:
        found = answers.paths(
            graph,
            source,
            target,
            max_hops=max_hops,
            every=all_,
            k=k,
            as_of=parse_date(as_of, "--as-of"),
            types=choices.tie_types(types, "--types"),
            statuses=choices.statuses(status, "--status"),
        )
    if not found["paths"]:
        console.print(f"[yellow]no path of at most {max_hops} hops between {source!r} and {target!r}[/]")
        raise typer.Exit(1)
    for number, found_path in enumerate(found["paths"], 1):
        names = {n["id"]: n["name"] for n in found_path["nodes"]}
        table = Table(title=f"path {number}: {found_path['length']} hop(s)")
        table.add_column("#", justify="right")
        table.add_column("tie")
        table.add_column("source")
        table.add_column("evidence")
        for hop, tie in enumerate(found_path["edges"], 1):
            table.add_row(
                str(hop),
                escape(claim(tie, names)),
                escape("\n".join(cited(s) for s in tie["sources"])),
                escape("\n".join(s.get("evidence") or "" for s in tie["sources"])),
            )
        console.print(table)


def reset(
    yes: Annotated[bool, typer.Option("--yes", help="Confirm: delete every node and tie")] = False,
) -> None:
    """Empty the database."""
    if not yes:
        console.print("[red]refusing to empty the database without --yes[/]")
        raise typer.Exit(2)
    with opened_graph() as graph:
        graph.reset()
    console.print("[green]database emptied[/]")


def review(
    accept: Annotated[
        list[str] | None, typer.Option("--accept", help="Accept this tie id (repeatable)")
    ] = None,
    reject: Annotated[
        list[str] | None, typer.Option("--reject", help="Reject this tie id (repeatable)")
    ] = None,
    limit: Annotated[int, typer.Option(help="How many candidate ties to list")] = 500,
) -> None:
    """List candidate ties with their evidence, and the conflicts; or accept/reject ties by id
    (as POST /ties/{id}/accept|reject). A rejection is remembered."""
    decisions = [*((t, "accept") for t in accept or []), *((t, "reject") for t in reject or [])]
    with opened_graph() as graph:
        if decisions:
            for tie_id, decision in decisions:
                tie = answers.decide(graph, tie_id, decision)
                console.print(f"{escape(tie_id)}: [green]{tie['status']}[/]")
            return
        queue = answers.review_queue(graph, limit=limit)
    names = queue["names"]
    pending = queue["candidates"]
    table = Table(title=f"{len(pending)} candidate tie(s): ecograph review --accept ID / --reject ID")
    table.add_column("id", overflow="fold")
    for column in ("claim", "conf.", "source: evidence"):
        table.add_column(column)
    for tie in pending:
        table.add_row(
            tie["id"],
            escape(claim(tie, names)),
            f"{tie['confidence']:.2f}",
            escape("\n".join(f"{cited(s)}: {s.get('evidence') or ''}" for s in tie["sources"])),
        )
    console.print(table)
    if queue["conflicts"]:
        print_conflicts(console, queue["conflicts"], names)


def export(
    format: Annotated[str, typer.Option("--format", help="graphml, gexf, json, csv, import or html")],
    out: Annotated[Path, typer.Option("--out", help="File to write (csv: a folder, or a .zip)")],
    entity: Annotated[str | None, typer.Option(help="Only this entity's ego network")] = None,
    depth: Annotated[int, typer.Option(help="Hops around --entity", min=1, max=3)] = 1,
    kinds: Annotated[list[str] | None, typer.Option("--kinds", help="Keep only these entity kinds")] = None,
    types: Annotated[list[str] | None, typer.Option("--types", help="Keep only these tie types")] = None,
    status: Annotated[
        list[str] | None, typer.Option("--status", help="Keep only ties with these statuses")
    ] = None,
) -> None:
    """Write the graph (or an ego network) as GraphML, GEXF, node-link JSON, the import CSV/JSON, or one
    standalone offline HTML page to share."""
    from graph.export import to_csv
    from graph.export_formats import FORMATS, render

    if format not in (*FORMATS, "html"):
        raise InvalidInput(
            [("--format", f"unknown format {format!r}; use one of {', '.join(FORMATS)}, html")]
        )
    with opened_graph() as graph:
        focus = graph.read.resolve(entity) if entity else None
        around = focus["id"] if focus else None
        nodes, edges, sources = answers.selection(
            graph,
            kinds=choices.kinds(kinds, "--kinds"),
            types=choices.tie_types(types, "--types"),
            statuses=choices.statuses(status, "--status"),
            around=around,
            depth=depth,
        )
        if format == "html":
            from viz import render_page

            title = f"ecograph — {focus['name']}" if focus else "ecograph"
            page = render_page(
                nodes,
                graph.read.cite(edges),
                title=title,
                page="entity" if focus else "graph",
                focus=around,
                assets="inline",
            )
            out.write_text(page, encoding="utf-8")
        elif format == "csv" and out.suffix != ".zip":
            out.mkdir(parents=True, exist_ok=True)
            for name, text in to_csv(nodes, edges, sources).items():
                (out / name).write_text(text, encoding="utf-8")
        else:
            out.write_bytes(render(format, nodes, edges, sources).content)
    console.print(f"[green]wrote[/] {out} ({len(nodes)} entities, {len(edges)} ties, {format})")
