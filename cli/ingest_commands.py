"""`ecograph ingest seed|file|text`: everything that writes into the graph."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cli.session import database, driver
from graph import store
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
    with driver() as db_driver:
        store.apply_schema(db_driver, database())
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=console, transient=True) as progress:
            task = progress.add_task("writing", total=total_rows(raw))
            return load(db_driver, database(), raw, default_method=default_method,
                        progress=lambda n: progress.advance(task, n))


@app.command()
def seed() -> None:
    """Load the curated seed dataset (the TechCode–Marseille story). Loading it twice changes nothing."""
    _report("seed loaded", _load_with_progress(read_seed(), "curated"))


@app.command("file")
def file_(path: Annotated[Path, typer.Argument(help="A .yaml/.json/.csv file, or a folder with entities.csv and ties.csv")]) -> None:
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
    from ingest.text_ingest import ingest_article

    when = date.fromisoformat(published) if published else None
    with driver() as db_driver:
        store.apply_schema(db_driver, database())
        with console.status("reading the article…"):
            outcome = ingest_article(db_driver, database(), path, url=url, published=when, title=title)
    console.print(outcome.summary_table())
