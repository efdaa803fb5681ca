"""Browser sign-in: a small form, a server-side session behind an HttpOnly cookie, and sign-out.

Failed attempts are logged (the name and client, never the key) and slowed per name and per client
(api/throttle.py): while a window runs, an attempt is answered 429 without its key being checked.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import math
from html import escape
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from api.auth import CSRF_COOKIE, SESSION_COOKIE, CallerDep, check_csrf, get_keyring
from api.deps import GraphDep, SettingsDep
from api.throttle import SignInThrottle
from graph import users
from graph.users import Keyring

router = APIRouter(tags=["sign-in"])
log = logging.getLogger("ecograph.auth")
FAILURE_DELAY_S = 0.5  # every failure also waits a little, on the event loop's timer, not a thread
MAX_FIELD = 256

_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
_HEADERS = {
    "Content-Security-Policy": _CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ecograph — sign in</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font: 16px/1.4 system-ui, sans-serif; margin: 0; display: grid; place-items: center;
       min-height: 100vh; background: #f4f5f7; color: #1d2330; }}
form {{ background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px #0002; width: 20rem; }}
label {{ display: block; margin-top: 1rem; }}
input {{ width: 100%; box-sizing: border-box; padding: .5rem; font: inherit; }}
button {{ margin-top: 1.5rem; width: 100%; padding: .6rem; font: inherit; }}
.problem {{ color: #a31515; }}
</style></head>
<body><form method="post" action="/login">
<h1>ecograph</h1>
{message}
<label for="name">Name</label><input id="name" name="name" autocomplete="username" required autofocus>
<label for="key">Key</label>
<input id="key" name="key" type="password" autocomplete="current-password" required>
<input type="hidden" name="next" value="{next}">
<button type="submit">Sign in</button>
</form></body></html>
"""


def _local_path(target: str | None) -> str:
    """Where to go after signing in: only a path on this site (never //host or a scheme)."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")) and len(target) <= 2000:
        return target
    return "/viz"


def _page(status: int, message: str = "", next_path: str = "/viz") -> HTMLResponse:
    shown = f'<p class="problem" role="alert">{escape(message)}</p>' if message else ""
    return HTMLResponse(
        _PAGE.format(message=shown, next=escape(next_path)), status_code=status, headers=_HEADERS
    )


@router.get("/login", response_class=HTMLResponse)
def login_page(next: str | None = None):
    """The sign-in form (name and key)."""
    return _page(200, next_path=_local_path(next))


def _throttle(request: Request) -> SignInThrottle:
    """One per application (a test's second server starts with a clean slate)."""
    state = request.app.state
    if not hasattr(state, "sign_in_throttle"):
        state.sign_in_throttle = SignInThrottle()
    return state.sign_in_throttle


def _client(request: Request) -> str:
    return f"client:{request.client.host if request.client else 'unknown'}"


@router.post(
    "/login",
    response_class=HTMLResponse,
    status_code=303,
    responses={
        303: {"description": "Signed in: the session cookie is set; on to `next` (default /viz)"},
        401: {"description": "Wrong name or key (the form again, saying so)"},
        429: {
            "description": "Too many failed sign-ins for this name or from this client: wait `Retry-After`"
        },
    },
)
async def login(
    request: Request,
    graph: GraphDep,
    settings: SettingsDep,
    ring: Annotated[Keyring, Depends(get_keyring)],
    name: Annotated[str, Form(max_length=MAX_FIELD)],
    key: Annotated[str, Form(max_length=MAX_FIELD)],
    next: Annotated[str | None, Form(max_length=2000)] = None,
):
    """Sign in with a name and key: a session cookie (HttpOnly, SameSite=Strict, Secure over https or
    with ECOGRAPH_SECURE_COOKIES) and a CSRF cookie whose value writes must echo in `X-CSRF-Token`."""
    target = _local_path(next)
    throttle = _throttle(request)
    keys = (f"name:{name}", _client(request))
    wait = throttle.wait_s(*keys)
    if wait > 0:
        log.warning("sign-in for %r from %s refused: still slowed for %.0fs", name, keys[1], wait)
        page = _page(429, "Too many failed sign-ins: wait a moment and try again.", target)
        page.headers["Retry-After"] = str(math.ceil(wait))
        return page
    person = await run_in_threadpool(users.by_key, graph, ring, key)
    if person is None or not hmac.compare_digest(
        person["name"].encode(), name.encode("utf-8", "surrogateescape")
    ):
        failures = throttle.failed(*keys)
        log.warning("failed sign-in for %r from %s (%d in a row)", name, keys[1], failures)
        await asyncio.sleep(FAILURE_DELAY_S)
        return _page(401, "Wrong name or key.", target)
    token = await run_in_threadpool(
        users.open_session, graph, ring, person["name"], settings.ecograph_session_hours
    )
    if token is None:  # revoked between the two reads
        return _page(401, "Wrong name or key.", target)
    throttle.succeeded(keys[0])
    log.info("%s signed in from %s", person["name"], keys[1])
    response = RedirectResponse(target, status_code=303)
    secure = request.url.scheme == "https" or settings.ecograph_secure_cookies
    max_age = int(settings.ecograph_session_hours * 3600)
    response.set_cookie(
        SESSION_COOKIE, token, max_age=max_age, httponly=True, samesite="strict", secure=secure, path="/"
    )
    response.set_cookie(
        CSRF_COOKIE,
        ring.csrf_token(token),
        max_age=max_age,
        httponly=False,
        samesite="strict",
        secure=secure,
        path="/",
    )
    return response


@router.post(
    "/logout",
    status_code=303,
    responses={
        303: {"description": "Signed out (the session is ended server-side); on to /login"},
        403: {"description": "Signed in, but without the session's CSRF token"},
    },
)
async def logout(
    request: Request, caller: CallerDep, graph: GraphDep, ring: Annotated[Keyring, Depends(get_keyring)]
):
    """End the browser session. Like every cookie-authenticated write it needs the CSRF token
    (header `X-CSRF-Token` or form field `csrf_token`), so another site cannot sign you out."""
    if caller is not None and caller.session is not None:
        await check_csrf(request, caller, ring)
        await run_in_threadpool(users.close_session, graph, ring, caller.session)
    response = Response(status_code=303, headers={"Location": "/login"})
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response
