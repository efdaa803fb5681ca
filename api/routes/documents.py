from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile

from api.auth import WRITE_RESPONSES, EditorDep
from api.deps import GraphDep, SettingsDep
from api.schemas import DocumentOutcome
from graph.errors import InvalidInput

router = APIRouter(tags=["documents"])


@router.post(
    "/documents",
    response_model=DocumentOutcome,
    dependencies=[EditorDep],
    responses={
        **WRITE_RESPONSES,
        422: {"description": "Empty, binary, too large or undecodable input"},
        503: {"description": "The spaCy model named by ECOGRAPH_TEXT_MODEL is not installed"},
    },
)
def post_document(
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
    # The text pipeline (spaCy) loads only when a document arrives.
    from ingest.text.reader import MAX_BYTES, read_article_bytes
    from ingest.text_ingest import ingest_article

    if file is not None and text is None:
        data = file.file.read(MAX_BYTES + 1)
        filename = file.filename or "upload.txt"
    elif text is not None and file is None:
        data, filename = text.encode("utf-8"), "text.txt"
    else:
        raise InvalidInput([("file/text", "send exactly one of a file or a text field")])
    article = read_article_bytes(data, filename=filename, url=url, published=published, title=title)
    return ingest_article(graph, article, model=settings.ecograph_text_model).as_dict()
