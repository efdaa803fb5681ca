from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile

from api.auth import WRITE_RESPONSES, EditorDep
from api.deps import GraphDep, SettingsDep
from api.offload import off_the_loop
from api.schemas import DocumentOutcome
from graph.errors import InvalidInput
from graph.store import Graph
from ingest.text.reader import MAX_BYTES, read_article_bytes

router = APIRouter(tags=["documents"])
# The article (a file or the text field), the other fields and the multipart framing (api/body_caps.py).
BODY_CAP = MAX_BYTES + 64 * 1024


def _ingest(graph: Graph, model: str, upload: UploadFile | None, text: str | None, fields: dict) -> dict:
    from ingest.text_ingest import ingest_article  # spaCy loads only when a document arrives

    if upload is not None and text is None:
        data = upload.file.read(MAX_BYTES + 1)
        filename = upload.filename or "upload.txt"
    elif text is not None and upload is None:
        data, filename = text.encode("utf-8"), "text.txt"
    else:
        raise InvalidInput([("file/text", "send exactly one of a file or a text field")])
    article = read_article_bytes(data, filename=filename, **fields)
    return ingest_article(graph, article, model=model).as_dict()


@router.post(
    "/documents",
    response_model=DocumentOutcome,
    dependencies=[EditorDep],
    responses={
        **WRITE_RESPONSES,
        413: {"description": "The request body is larger than the cap (named in `detail`)"},
        422: {"description": "Empty, binary, too large or undecodable input"},
        503: {"description": "The spaCy model named by ECOGRAPH_TEXT_MODEL is not installed"},
    },
)
async def post_document(
    request: Request,
    graph: GraphDep,
    settings: SettingsDep,
    file: Annotated[
        UploadFile | None, File(description="The article: .txt (UTF-8 or Latin-1) or saved .html")
    ] = None,
    text: Annotated[str | None, Form(description="The article's text, instead of a file")] = None,
    url: Annotated[str | None, Form(description="Where it was published")] = None,
    published: Annotated[
        date | None, Form(description="Publication date (resolves 'jeudi 7 décembre')")
    ] = None,
    title: Annotated[str | None, Form()] = None,
):
    """Ingest a French (or English) article: entities found and linked to known ones, ties with the
    exact sentence that supports them, corroboration of ties other sources assert, and conflicts.
    The same document twice changes nothing (`duplicate: true`)."""
    fields = {"url": url, "published": published, "title": title}
    return await off_the_loop(request, _ingest, graph, settings.ecograph_text_model, file, text, fields)
