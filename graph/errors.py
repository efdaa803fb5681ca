"""One small tree of errors; the CLI prints them, the API maps them to 4xx/503 in one handler."""

from __future__ import annotations


class EcographError(Exception):
    """Root of every error ecograph raises on purpose."""


class InvalidInput(EcographError):
    """The user's data is wrong. `problems` lists (where, message) pairs: ('seed.yaml:12 ties[3].type', …),
    the first SHOWN of them; `total` counts them all, so a file with thousands of errors answers with
    a readable list ("first 100 errors of 3,412") instead of megabytes of them.

    >>> str(InvalidInput([(f"f.csv:{i}", "bad") for i in range(2, 203)])).splitlines()[-1]
    'first 100 errors of 201'
    """

    SHOWN = 100

    def __init__(self, problems: list[tuple[str, str]]):
        self.total = len(problems)
        self.problems = problems[: self.SHOWN]
        lines = [f"{where}: {message}" for where, message in self.problems]
        if self.truncated:
            lines.append(self.summary)
        super().__init__("\n".join(lines) if lines else "invalid input")

    @property
    def truncated(self) -> bool:
        return self.total > len(self.problems)

    @property
    def summary(self) -> str:
        return f"first {len(self.problems)} errors of {self.total:,}"


class InvalidArgument(EcographError, ValueError):
    """A value outside what ecograph allows, from code rather than a user's file: a tie type, kind or
    label not in graph/model.yaml, a hop count out of range, an unknown page or format. Also a
    ValueError, so callers that check values keep working."""


class NotFound(EcographError):
    """An id, name or alias that matches nothing (or more than one thing: see `candidates`)."""

    def __init__(self, message: str, candidates: list[dict] | None = None):
        super().__init__(message)
        self.candidates = candidates or []


class Forbidden(EcographError):
    """Refused on purpose: a write through the read-only Cypher endpoint, a missing API key."""


class DatabaseUnavailable(EcographError):
    """Neo4j cannot be reached (not started, wrong address or credentials)."""


class EmbeddedNeo4jError(EcographError):
    """The embedded default cannot start or stop: missing Java/Maven, busy port, stale pid..."""


class ModelUnavailable(EcographError):
    """A component ecograph needs is not installed (the spaCy model of the text pipeline); the
    message names the command that installs it."""
