from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, UploadFile

from api.auth import WRITE_RESPONSES, EditorDep
from api.deps import GraphDep
from api.schemas import ImportReport
from graph.errors import InvalidInput
from ingest.formats import MAX_BYTES, read_bytes
from ingest.loader import load

router = APIRouter(tags=["import"])


@router.post(
    "/import",
    response_model=ImportReport,
    dependencies=[EditorDep],
    responses={
        **WRITE_RESPONSES,
        422: {"description": "Invalid file: every problem with its line and field"},
    },
)
async def post_import(
    graph: GraphDep,
    file: Annotated[UploadFile, File(description="A .yaml, .yml, .json or .csv import file")],
):
    """Load entities and ties from one file in the import format. All or nothing: the whole file is
    validated first, and any problem answers 422 with nothing written."""
    data = await file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InvalidInput([(file.filename or "upload", "file is too large")])
    raw = read_bytes(data, file.filename or "upload.yaml")
    report = load(graph, raw, default_method="imported")
    return {
        "sources": report.sources,
        "entities": report.entities,
        "ties": report.ties,
        "by_type": report.by_type,
    }
