"""`ecograph ingest seed|file|text|texts`: everything that writes into the graph."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from cli.session import opened_graph
from cli.tables import print_conflicts
from graph.dates import parse_day
from graph.errors import InvalidInput
from graph.settings import get_settings
from ingest.formats import read_path
from ingest.loader import LoadReport, load, total_rows
from ingest.seed import read_seed

app = typer.Typer(help="Load data into the graph (validated first; all or nothing).", no_args_is_help=True)
console = Console()
err = Console(stderr=True)


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


def progress_bar(*more: ProgressColumn, console: Console, transient: bool = False) -> Progress:
    """The bar every long ingest shows: what, how far, done of total, elapsed (and `more`)."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        *more,
        console=console,
        transient=transient,
    )


def _load_with_progress(raw, default_method: str) -> LoadReport:
    with opened_graph() as graph:
        graph.apply_schema()
        with progress_bar(console=console, transient=True) as progress:
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


@app.command()
def texts(
    paths: Annotated[
        list[Path], typer.Argument(help="Articles (.txt, .html, .htm) or folders of them (walked, sorted)")
    ],
    manifest: Annotated[
        Path | None,
        typer.Option(help="CSV or JSONL, a row per file: file, url, title, published (YYYY-MM-DD)"),
    ] = None,
) -> None:
    """A corpus at once: every article of these files and folders, each in its own transaction.

    Contents already in the graph are skipped as duplicates without being parsed, so running the same
    command again after an interruption ingests only what is missing. A bad file is reported with
    the reason and skipped. Exit code 0 when every file was ingested or a duplicate, 1 when some were
    skipped (after ingesting the rest), 2 for a usage error (a missing path, a bad manifest row:
    then nothing is ingested).
    """
    from ingest.text.corpus import open_corpus
    from ingest.text_ingest import ingest_corpus

    try:
        corpus = open_corpus(paths, manifest)
    except InvalidInput as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    totals = CorpusTotals()
    began = time.perf_counter()
    with opened_graph() as graph:
        graph.apply_schema()
        with progress_bar(RateColumn(), console=err) as progress:
            # On one terminal, the lines go through the bar's console, which prints them above the
            # bar; when stdout is a file or a pipe, they go there and the bar stays on stderr.
            out = progress.console if err.is_terminal and console.is_terminal else console
            task = progress.add_task("documents", total=len(corpus))
            for report in ingest_corpus(graph, corpus, model=get_settings().ecograph_text_model):
                counts = totals.add(report)
                out.print(_document_line(report, counts), highlight=False, soft_wrap=True)
                progress.advance(task)
    seconds = time.perf_counter() - began
    console.print(totals.table())
    done = sum(totals.documents.values())
    console.print(f"{done} documents in {seconds:.1f} s ({done / seconds:.1f} documents/s)", highlight=False)
    if totals.documents["skipped"]:
        raise typer.Exit(1)


class CorpusTotals:
    """The documents by status and the sums of their counts, for the table at the end."""

    def __init__(self) -> None:
        from ingest.text_ingest import COUNTS

        self.documents = {"new": 0, "duplicate": 0, "skipped": 0}
        self.counts = dict.fromkeys(COUNTS, 0)

    def add(self, report) -> dict[str, int]:
        self.documents[report.status] += 1
        counts = report.counts()
        for name, value in counts.items():
            self.counts[name] += value
        return counts

    def table(self) -> Table:
        table = Table(title="corpus ingested")
        table.add_column("what")
        table.add_column("total", justify="right")
        for status, n in self.documents.items():
            table.add_row(f"documents {status}", str(n))
        for name, value in self.counts.items():
            table.add_row(name, str(value))
        return table


def _document_line(report, counts: dict[str, int]) -> str:
    head = f"{report.status:<9} {escape(report.file)}"
    if report.status == "skipped":
        return f"[red]{head}[/]  [dim]reason:[/] {escape(report.reason or '')}"
    source = report.outcome.source["id"]
    if report.status == "duplicate":
        return f"[yellow]{head}[/]  {source}  already in the graph: nothing changed"
    return f"[green]{head}[/]  {source}  " + " · ".join(f"{name} {n}" for name, n in counts.items())


class RateColumn(ProgressColumn):
    """Documents per second so far."""

    def render(self, task) -> Text:
        elapsed = task.finished_time if task.finished else task.elapsed
        if not elapsed or not task.completed:
            return Text("… doc/s", style="progress.data.speed")
        return Text(f"{task.completed / elapsed:.1f} doc/s", style="progress.data.speed")


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
