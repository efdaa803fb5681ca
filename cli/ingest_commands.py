"""`ecograph ingest seed|file|text`: everything that writes into the graph."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cli.session import opened_graph
from cli.tables import print_conflicts
from graph.dates import parse_day
from graph.settings import get_settings
from ingest.formats import read_path
from ingest.loader import LoadReport, load, total_rows
from ingest.seed import read_seed

app = typer.Typer(help="Load data into the graph (validated first; all or nothing).", no_args_is_help=True)
console = Console()


def _report(title: str, report: LoadReport) -> None:
    table = Table(title=title)
    table.add_column("what")
    table.add_column("rows", justify="right")
    table.add_row("sources", str(report.sources))
    table.add_row("entities", str(report.entities))
    table.add_row("ties", str(report.ties))
    for tie_type, count in sorted(report.by_type.items()):
        table.add_row(f"  {tie_type}", str(count))
    console.print(table)


def _load_with_progress(raw, default_method: str) -> LoadReport:
    with opened_graph() as graph:
        graph.apply_schema()
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as progress:
            task = progress.add_task("writing", total=total_rows(raw))
            return load(
                graph,
                raw,
                default_method=default_method,
                progress=lambda n: progress.advance(task, n),
            )


@app.command()
def seed() -> None:
    """Load the curated seed dataset (the TechCode–Marseille story). Loading it twice changes nothing."""
    _report("seed loaded", _load_with_progress(read_seed(), "curated"))


@app.command("file")
def file_(
    path: Annotated[
        Path, typer.Argument(help="A .yaml/.json/.csv file, or a folder with entities.csv and ties.csv")
    ],
) -> None:
    """Load entities and ties from CSV, JSON or YAML in the import format."""
    raw = read_path(path)
    _report(f"{path} loaded", _load_with_progress(raw, "imported"))


@app.command()
def text(
    path: Annotated[Path, typer.Argument(help="A French or English article: .txt or a saved .html page")],
    url: Annotated[str | None, typer.Option(help="Where the article was published")] = None,
    published: Annotated[str | None, typer.Option(help="Publication date, YYYY-MM-DD")] = None,
    title: Annotated[str | None, typer.Option(help="The article's title")] = None,
) -> None:
    """Extract entities and ties from an article, each tie with the sentence that supports it."""
    from ingest.text.reader import read_article
    from ingest.text_ingest import ingest_article

    when = parse_day(published, "--published")
    article = read_article(path, url=url, published=when, title=title)
    with opened_graph() as graph:
        graph.apply_schema()
        with console.status("reading the article (spaCy's French model loads once)…"):
            outcome = ingest_article(graph, article, model=get_settings().ecograph_text_model)
        ends = {tie[end] for c in outcome.conflicts for tie in c["ties"] for end in ("source", "target")}
        names = {i: e["name"] for i, e in graph.read.entities(sorted(ends)).items()}
    render_text_outcome(outcome, names)


def render_text_outcome(outcome, names: dict[str, str]) -> None:
    """What the article gave; `names` of the entities its conflicts involve."""
    source = outcome.source
    if outcome.duplicate:
        console.print(f"[yellow]already ingested[/] as {source['id']} (same content): nothing changed")
        return
    console.print(f"[green]ingested[/] {source['id']} — {source.get('title') or ''}")
    if outcome.new_entities:
        table = Table(title=f"{len(outcome.new_entities)} new entities")
        for column in ("id", "name", "kind"):
            table.add_column(column)
        for entity in outcome.new_entities:
            table.add_row(entity["id"], entity["name"], entity["kind"])
        console.print(table)
    console.print(f"[bold]{len(outcome.ties)} ties[/]")
    for tie in outcome.ties:
        stage = f", {tie['stage']}" if tie.get("stage") else ""
        novelty = "corroborates a known tie" if tie["corroborates"] else "new"
        sentence = tie["evidence"] if isinstance(tie["evidence"], str) else " ".join(tie["evidence"])
        console.print(
            f"  [cyan]{tie['type']}[/] {tie['source']} → {tie['target']} "
            f"[dim]({tie['status']}{stage}, {tie['confidence']:.2f}, {novelty})[/]"
        )
        console.print(f"    [dim]« {escape(sentence)} »[/]")
    for candidate in outcome.candidates:
        console.print(
            f"[yellow]uncertain link[/]: {candidate['mention']!r} may be {candidate['entity_id']} "
            f"(score {candidate['score']:.0f}); kept apart for review"
        )
    if outcome.conflicts:
        print_conflicts(console, outcome.conflicts, names, mine={tie["id"] for tie in outcome.ties})
