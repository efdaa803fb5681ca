"""Keys and CSRF tokens as stored and checked (graph/users.py), without Neo4j."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph import users
from graph.errors import EcographError, InvalidInput


def test_the_pepper_is_created_once_readable_by_its_owner_only(tmp_path: Path) -> None:
    ring = users.keyring(tmp_path / "data")
    pepper = tmp_path / "data" / users.PEPPER_FILE
    assert pepper.stat().st_mode & 0o777 == 0o600 and len(pepper.read_bytes()) == 32
    users.keyring.cache_clear()
    assert users.keyring(tmp_path / "data") == ring  # the same pepper read back


def test_a_pepper_others_can_read_is_refused(tmp_path: Path) -> None:
    users.keyring(tmp_path)
    os.chmod(tmp_path / users.PEPPER_FILE, 0o644)
    users.keyring.cache_clear()
    with pytest.raises(EcographError, match="chmod 600"):
        users.keyring(tmp_path)


def test_digests_depend_on_the_pepper_and_the_purpose() -> None:
    one, other = users.Keyring(b"a" * 32), users.Keyring(b"b" * 32)
    assert one.digest("key", "k") != other.digest("key", "k")
    assert one.digest("key", "k") != one.digest("session", "k")
    assert len(one.digest("key", "clé\udcff")) == 64  # any text, even undecodable bytes


def test_a_csrf_token_belongs_to_its_session() -> None:
    ring = users.Keyring(b"p" * 32)
    token = ring.csrf_token("session-1")
    assert ring.csrf_matches("session-1", token)
    assert not ring.csrf_matches("session-2", token)
    assert not ring.csrf_matches("session-1", None)
    assert not ring.csrf_matches("session-1", "é" * 64)


@pytest.mark.parametrize(
    ("name", "role", "where"),
    [("", "viewer", "name"), ("a" * 65, "viewer", "name"), ("x:y", "viewer", "name"), ("ok", "root", "role")],
)
def test_new_people_are_checked(name: str, role: str, where: str) -> None:
    with pytest.raises(InvalidInput) as found:
        users.check_new(name, role)
    assert [w for w, _ in found.value.problems] == [where]
