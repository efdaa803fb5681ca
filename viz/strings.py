"""The words of the explorer's time and structure controls, in one table keyed by what they say.

The page template reads them as `t.key`, the page script as `ns.t("key", {n: 3})` (`{n}` is filled in
as text). Only English for now; another language is another table with the same keys.
"""

from __future__ import annotations

ENGLISH: dict[str, str] = {
    # the time bar
    "time.label": "Time",
    "time.at": "As of",
    "time.from": "From",
    "time.to": "To",
    "time.range": "Between two dates",
    "time.all": "All dates",
    "time.everything": "every date",
    "time.play": "Play",
    "time.pause": "Pause",
    "time.events": "Dated events",
    "time.undated": "undated tie (held from its first report)",
    "time.shown": "{n} entities shown",
    "time.as_of": "as of {date}",
    "time.between": "from {from} to {to}",
    "time.moved": "Moved the date to {date} to show {name}.",
    # the structure overlays
    "structure.title": "Structure",
    "structure.size": "Size by",
    "structure.size.none": "ties on this page",
    "structure.size.degree": "degree",
    "structure.size.betweenness": "betweenness",
    "structure.size.pagerank": "PageRank",
    "structure.communities": "Colour by community",
    "structure.brokers": "Outline brokers",
    "structure.offline": "Structure overlays need the live explorer.",
    "structure.loading": "Loading the scores…",
    "structure.failed": "Could not load the scores: {error}",
    "structure.answered": "the server answered {status}",
    "structure.all": "all",
    "structure.sized": "Size: {metric}, top {n} scored ({function})",
    "structure.coloured": "Colour: {n} largest of {total} communities ({function}); the rest grey",
    "structure.outlined": "Outline: the {n} strongest brokers",
    "structure.graph": "computed on {nodes} entities and {edges} ties ({filters})",
    "structure.community": "community {n} · {size}",
}


def template_words() -> dict[str, str]:
    """The table the page uses (the template and, embedded, the script)."""
    return dict(ENGLISH)
