"""`ecograph`: a thin command line over graph/, ingest/, api/ and viz/ (none of which imports it)."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Annotated

import typer
from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired
from rich.console import Console
from rich.markup import escape

from cli import backup_commands, db_commands, ingest_commands, query_commands, users_commands
from graph.errors import EcographError

console = Console()
err = Console(stderr=True)

app = typer.Typer(
    help="ecograph: who is tied to whom in an innovation ecosystem, every tie sourced.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(db_commands.app, name="db")
app.add_typer(ingest_commands.app, name="ingest")
app.add_typer(users_commands.app, name="users")
query_commands.register(app)
backup_commands.register(app)


@app.command()
def up(
    host: Annotated[str, typer.Option(help="Address to serve on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to serve on")] = 8000,
) -> None:
    """The main job: start Neo4j (unless NEO4J_URI is set), load the seed, serve the API and explorer."""
    from graph.settings import get_settings

    settings = get_settings()
    if settings.uses_embedded:
        db_commands.start()
    ingest_commands.seed()
    serve(host=host, port=port)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to serve on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to serve on")] = 8000,
) -> None:
    """Serve the HTTP API (docs at /docs) and the explorer (/viz)."""
    import uvicorn

    from api.main import create_app
    from graph.settings import get_settings

    console.print(
        f"[bold green]ecograph[/] serving on [link]http://{host}:{port}[/link]  "
        f"(API docs: http://{host}:{port}/docs, explorer: http://{host}:{port}/viz)"
    )
    allowed = get_settings().allowed_hosts
    if host not in allowed and "*" not in allowed:
        console.print(
            f"[yellow]only requests addressed to {', '.join(allowed)} are answered; "
            "set ECOGRAPH_ALLOWED_HOSTS to the names this server is reached by[/]"
        )
    uvicorn.run(create_app(), host=host, port=port, log_level="warning")


@contextmanager
def _friendly_errors():
    try:
        yield
    except EcographError as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}")  # "[x]" in a name is text, not markup
        sys.exit(1)
    except (ServiceUnavailable, SessionExpired) as exc:
        why = f" ({escape(str(exc))})" if str(exc) else ""
        err.print(
            f"[bold red]error:[/] the database went away during the command{why}. "
            "Each write is one transaction, so the one under way was not kept (`ingest texts` resumes "
            "after the last article stored); `ecograph db status` says whether Neo4j runs "
            "(`ecograph db start` starts it), then run the command again.",
            soft_wrap=True,
        )
        sys.exit(1)
    except Neo4jError as exc:
        refusal = escape(f"{exc.code or ''} {exc.message or ''}")
        err.print(f"[bold red]error:[/] Neo4j refused the command: {refusal}", soft_wrap=True)
        sys.exit(1)


def main() -> None:
    with _friendly_errors():
        app()
