"""Tables more than one command prints."""

from __future__ import annotations

from collections.abc import Collection

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from graph.explain import cited, claim


def print_conflicts(
    console: Console, conflicts: list[dict], names: dict[str, str], mine: Collection[str] = ()
) -> None:
    """Each conflict with every tie in it (a head-office conflict may hold any number) and who says
    so; ties in `mine` are marked as this document's."""
    table = Table(title=f"{len(conflicts)} conflict(s): each tie is kept; decide with ecograph review")
    table.add_column("rule")
    table.add_column("tie id", overflow="fold")
    for column in ("claim", "status", "sources"):
        table.add_column(column)
    for number, conflict in enumerate(conflicts):
        for tie in conflict["ties"]:
            marker = " ← this article" if tie["id"] in mine else ""
            table.add_row(
                conflict["rule"],
                tie["id"],
                escape(claim(tie, names)) + marker,
                str(tie["status"]),
                escape("\n".join(cited(s) for s in tie["sources"])),
                end_section=tie is conflict["ties"][-1] and number < len(conflicts) - 1,
            )
    console.print(table)
