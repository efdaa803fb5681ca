"""A size cap per write route, enforced before the route reads its body.

A body whose Content-Length passes the cap is answered 413 at once, before one byte of it is read;
a body without a length (chunked) is counted as it arrives, and past the cap the route is told the
client went away and the caller gets the same 413. Either way the answer names the cap.
"""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def too_large(route: str, cap: int) -> JSONResponse:
    size = f"{cap / 1_000_000:,.1f} MB ({cap:,} bytes)"
    return JSONResponse(
        status_code=413, content={"detail": f"the request body is larger than {size}, the cap of {route}"}
    )


class BodyCaps:
    def __init__(self, app: ASGIApp, caps: dict[str, int]):
        self.app = app
        self.caps = caps  # "POST /import" -> bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        route = f"{scope.get('method')} {scope.get('path')}"
        cap = self.caps.get(route) if scope["type"] == "http" else None
        if cap is None:
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length", b"")
        if length.isdigit() and int(length) > cap:
            await too_large(route, cap)(scope, receive, send)
            return

        received = 0
        over = answered = False

        async def counted() -> Message:
            nonlocal received, over
            if over:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > cap:
                    over = True
                    return {"type": "http.disconnect"}
            return message

        async def answer(message: Message) -> None:
            nonlocal answered
            if over and not answered:  # the route gave up on the body (whatever it says): say why
                await too_large(route, cap)(scope, receive, send)
            elif not over:
                await send(message)
            answered = True

        await self.app(scope, counted, answer)
        if over and not answered:
            await too_large(route, cap)(scope, receive, send)
