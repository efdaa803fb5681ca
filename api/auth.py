"""Who is calling, and may they: one dependency per role, injected by the routes that need it.

A caller is known by an `X-API-Key` header (a person's key, or ECOGRAPH_API_KEY which acts as an
admin) or by the session cookie `/login` sets. Without credentials a write (or, with
ECOGRAPH_READ_ACCESS=login, a read) is 401; a role too low is 403. A cookie-authenticated write must
also carry the session's CSRF token (header `X-CSRF-Token` or form field `csrf_token`): the browser
sends cookies on its own, a key it does not.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request

from api.deps import SettingsDep, get_graph
from graph import changes, users
from graph.settings import Settings
from graph.users import Keyring

SESSION_COOKIE = "ecograph_session"
CSRF_COOKIE = "ecograph_csrf"  # readable by the page's script, which echoes it in X-CSRF-Token
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
ENV_ADMIN = "key:ECOGRAPH_API_KEY"  # the actor name of the environment's key (no person's name has ':')
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
CHALLENGE = {"WWW-Authenticate": 'ApiKey realm="ecograph", header="X-API-Key"'}

SIGN_IN = "sign in at /login or send an X-API-Key header"
WRITE_RESPONSES: dict[int | str, dict] = {
    401: {"description": "No credentials, or an unknown or revoked key (" + SIGN_IN + ")"},
    403: {"description": "The caller's role is too low, or a signed-in write without its CSRF token"},
}
READ_RESPONSES: dict[int | str, dict] = {
    401: {"description": "With ECOGRAPH_READ_ACCESS=login: no credentials, or an unknown or revoked key"},
}


@dataclass(frozen=True)
class Caller:
    name: str
    role: str
    session: str | None = None  # the session token, when signed in through the browser

    def may(self, role: str) -> bool:
        return users.role_rank(self.role) >= users.role_rank(role)


def get_keyring(settings: SettingsDep) -> Keyring:
    return users.keyring(settings.ecograph_data_dir)


def _is_env_key(settings: Settings, given: str) -> bool:
    expected = settings.ecograph_api_key
    if expected is None or not expected.get_secret_value():
        return False
    # As bytes: compare_digest refuses str with non-ASCII characters (a TypeError, so a 500).
    return hmac.compare_digest(
        given.encode("utf-8", "surrogateescape"), expected.get_secret_value().encode("utf-8")
    )


def current_caller(
    request: Request,
    settings: SettingsDep,
    ring: Annotated[Keyring, Depends(get_keyring)],
    x_api_key: Annotated[
        str | None, Header(description="A person's key (`ecograph users add`) or ECOGRAPH_API_KEY")
    ] = None,
) -> Caller | None:
    """The caller, or None when no credentials came. A key that matches no one is 401 at once; a
    session cookie that has expired or was revoked counts as no credentials."""
    if x_api_key is not None:
        if _is_env_key(settings, x_api_key):
            return Caller(ENV_ADMIN, "admin")
        person = users.by_key(get_graph(request), ring, x_api_key)
        if person is None:
            raise HTTPException(401, "unknown or revoked X-API-Key", headers=CHALLENGE)
        return Caller(person["name"], person["role"])
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        person = users.by_session(get_graph(request), ring, token)
        if person is not None:
            return Caller(person["name"], person["role"], session=token)
    return None


CallerDep = Annotated[Caller | None, Depends(current_caller)]


async def _csrf_given(request: Request) -> str | None:
    if CSRF_HEADER in request.headers:
        return request.headers[CSRF_HEADER]
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        field = (await request.form()).get(CSRF_FIELD)
        return field if isinstance(field, str) else None
    return None


async def check_csrf(request: Request, caller: Caller, ring: Keyring) -> None:
    """A signed-in (cookie) write must carry its session's CSRF token; a key-authenticated one need not."""
    if caller.session is None or request.method in SAFE_METHODS:
        return
    if not ring.csrf_matches(caller.session, await _csrf_given(request)):
        raise HTTPException(403, f"missing or wrong {CSRF_HEADER}: a signed-in write must carry it")


def _requiring(role: str):
    # Async so that the actor it sets is seen by the route (a sync dependency runs in a copied context).
    async def require(
        request: Request, caller: CallerDep, ring: Annotated[Keyring, Depends(get_keyring)]
    ) -> Caller:
        if caller is None:
            raise HTTPException(401, f"this needs the {role} role: {SIGN_IN}", headers=CHALLENGE)
        if not caller.may(role):
            raise HTTPException(403, f"{caller.name} is a {caller.role}; this needs the {role} role")
        await check_csrf(request, caller, ring)
        changes.ACTOR.set(caller.name)
        return caller

    require.__name__ = f"require_{role}"
    return require


require_editor = _requiring("editor")
require_admin = _requiring("admin")


def require_reader(settings: SettingsDep, caller: CallerDep) -> Caller | None:
    """Every read route: open to all unless ECOGRAPH_READ_ACCESS=login."""
    if caller is None and settings.ecograph_read_access == "login":
        raise HTTPException(401, f"reading needs a sign-in here: {SIGN_IN}", headers=CHALLENGE)
    return caller


EditorDep = Depends(require_editor)
AdminDep = Depends(require_admin)
ReaderDep = Depends(require_reader)
