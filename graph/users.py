"""People, their keys and their browser sessions, kept in Neo4j as `:User` and `:Session` nodes.

A key or session token is 32 random bytes, shown once and never stored: Neo4j holds its HMAC-SHA256
under a per-store pepper that lives in the data directory (mode 0600), not in the database. The
secrets are high-entropy, so a slow hash (scrypt) would add nothing against guessing, while a keyed
fast hash can be looked up through a unique index on every request; and a copy of the database
alone (a dump, an export) does not even let anyone test a candidate key.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import stat
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

from neo4j.exceptions import ConstraintError

from graph import queries
from graph.errors import EcographError, InvalidInput
from graph.store import Graph

ROLES = ("viewer", "editor", "admin")  # each role may do what the ones before it may
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
PEPPER_FILE = "auth-pepper"


def role_rank(role: str) -> int:
    return ROLES.index(role)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Keyring:
    """Turns secrets into what is stored, with the store's pepper."""

    pepper: bytes

    def digest(self, purpose: str, secret: str) -> str:
        message = purpose.encode() + b"\0" + secret.encode("utf-8", "surrogateescape")
        return hmac.new(self.pepper, message, hashlib.sha256).hexdigest()

    def csrf_token(self, session_token: str) -> str:
        """The CSRF token of a session: derived from it, so nothing more is stored."""
        return self.digest("csrf", session_token)

    def csrf_matches(self, session_token: str, given: str | None) -> bool:
        expected = self.csrf_token(session_token).encode()
        return given is not None and hmac.compare_digest(expected, given.encode("utf-8", "surrogateescape"))


@cache
def keyring(data_dir: Path) -> Keyring:
    """The pepper of the store under `data_dir`, created on first use (readable by its owner only)."""
    path = data_dir.resolve() / PEPPER_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "wb") as out:
            out.write(secrets.token_bytes(32))
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise EcographError(f"{path} is readable by others: run `chmod 600 {path}`")
    pepper = path.read_bytes()
    if len(pepper) < 32:
        raise EcographError(
            f"{path} is damaged (fewer than 32 bytes): restore it, or remove it and re-add people"
        )
    return Keyring(pepper)


def check_new(name: str, role: str) -> None:
    problems = []
    if not NAME.fullmatch(name):
        problems.append(("name", "1 to 64 letters, digits or . _ @ -, starting with a letter or digit"))
    if role not in ROLES:
        problems.append(("role", f"one of {', '.join(ROLES)}"))
    if problems:
        raise InvalidInput(problems)


def _write(graph: Graph, statement: str, **params) -> list[dict]:
    records, _, _ = graph.driver.execute_query(statement, params, database_=graph.database)
    return [r.data() for r in records]


def ensure_schema(graph: Graph) -> None:
    for statement in queries.ACCESS_SCHEMA:
        _write(graph, statement)


def add(graph: Graph, ring: Keyring, name: str, role: str) -> str:
    """Create a person; their new key (shown once)."""
    check_new(name, role)
    key = secrets.token_urlsafe(32)
    try:
        _write(graph, queries.CREATE_USER, name=name, role=role, key_hash=ring.digest("key", key), at=now())
    except ConstraintError as exc:
        raise InvalidInput(
            [("name", f"{name!r} already exists (revoke them, or choose another name)")]
        ) from exc
    return key


def listed(graph: Graph) -> list[dict]:
    return [r.data() for r in graph.query(queries.USERS)]


def revoke(graph: Graph, name: str) -> bool:
    """Refuse their key and end their sessions at once; False when no one has that name."""
    return bool(_write(graph, queries.REVOKE_USER, name=name, at=now()))


def by_key(graph: Graph, ring: Keyring, key: str) -> dict | None:
    """The person (name, role) whose unrevoked key this is."""
    key_hash = ring.digest("key", key)
    found = graph.query(queries.USER_BY_KEY_HASH, key_hash=key_hash)
    if not found or not hmac.compare_digest(found[0]["key_hash"], key_hash):
        return None
    return {"name": found[0]["name"], "role": found[0]["role"]}


def open_session(graph: Graph, ring: Keyring, name: str, hours: float) -> str | None:
    """A new session token for an unrevoked person (None when they are revoked or unknown)."""
    token = secrets.token_urlsafe(32)
    started = datetime.now(UTC)
    expires = (started + timedelta(hours=hours)).isoformat(timespec="seconds")
    _write(graph, queries.DELETE_EXPIRED_SESSIONS, now=started.isoformat(timespec="seconds"))
    made = _write(
        graph,
        queries.CREATE_SESSION,
        name=name,
        token_hash=ring.digest("session", token),
        at=started.isoformat(timespec="seconds"),
        expires=expires,
    )
    return token if made else None


def by_session(graph: Graph, ring: Keyring, token: str) -> dict | None:
    token_hash = ring.digest("session", token)
    found = graph.query(queries.SESSION_USER, token_hash=token_hash, now=now())
    if not found or not hmac.compare_digest(found[0]["token_hash"], token_hash):
        return None
    return {"name": found[0]["name"], "role": found[0]["role"]}


def close_session(graph: Graph, ring: Keyring, token: str) -> None:
    _write(graph, queries.DELETE_SESSION, token_hash=ring.digest("session", token))
