"""`ecograph users add|list|revoke` as a user types them, and the key working over HTTP at once."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.integration


def test_add_prints_a_working_key_once_list_shows_people_and_revoke_is_immediate(ecograph, http) -> None:
    added = ecograph("users", "add", "camille", "--role", "editor")
    assert added.returncode == 0, added.stderr
    key = added.stdout.strip().splitlines()[-1]
    assert len(key) >= 40 and "camille is now a editor" in added.stdout.replace("\n", " ")
    assert http.get("/users", headers={"X-API-Key": key}).status_code == 403  # an editor, not an admin

    ecograph("users", "add", "dominique", "--role", "viewer")
    listed = ecograph("users", "list")
    assert listed.returncode == 0 and key not in listed.stdout
    lines = {line.split("│")[1].strip(): line for line in listed.stdout.splitlines() if line.count("│") >= 4}
    assert "editor" in lines["camille"] and "viewer" in lines["dominique"]

    revoked = ecograph("users", "revoke", "camille")
    assert revoked.returncode == 0, revoked.stderr
    assert http.get("/entities", headers={"X-API-Key": key}).status_code == 401
    camille = [line for line in ecograph("users", "list").stdout.splitlines() if "camille" in line]
    assert camille and "20" in camille[0].split("│")[4]  # the revocation's date


def test_bad_names_roles_and_unknown_people_exit_non_zero_with_a_reason(ecograph) -> None:
    assert ecograph("users", "add", "camille", "--role", "editor").returncode == 0
    again = ecograph("users", "add", "camille", "--role", "viewer")
    assert again.returncode == 1 and "already exists" in again.stderr
    bad_role = ecograph("users", "add", "eve", "--role", "owner")
    assert bad_role.returncode == 1 and "role" in bad_role.stderr and "Traceback" not in bad_role.stderr
    bad_name = ecograph("users", "add", "eve:admin", "--role", "viewer")
    assert bad_name.returncode == 1 and "name" in bad_name.stderr
    nobody = ecograph("users", "revoke", "nobody")
    assert nobody.returncode == 1 and "no one is called" in nobody.stdout


def test_a_key_signs_in_through_the_form(ecograph, api_url) -> None:
    key = ecograph("users", "add", "sasha", "--role", "viewer").stdout.strip().splitlines()[-1]
    with httpx.Client(base_url=api_url) as http:
        answer = http.post("/login", data={"name": "sasha", "key": key})
    assert answer.status_code == 303
