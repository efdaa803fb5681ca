from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Request, UploadFile

from api.auth import WRITE_RESPONSES, EditorDep
from api.deps import GraphDep
from api.offload import off_the_loop
from api.schemas import ImportReport
from graph.errors import InvalidInput
from graph.store import Graph
from ingest.formats import MAX_BYTES, read_bytes
from ingest.loader import load

router = APIRouter(tags=["import"])
# The whole request: the file and the multipart framing around it (api/body_caps.py enforces it).
BODY_CAP = MAX_BYTES + 64 * 1024


def _import(graph: Graph, upload: UploadFile) -> dict:
    data = upload.file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InvalidInput([(upload.filename or "upload", "file is too large")])
    raw = read_bytes(data, upload.filename or "upload.yaml")
    report = load(graph, raw, default_method="imported")
    return {
        "sources": report.sources,
        "entities": report.entities,
        "ties": report.ties,
        "by_type": report.by_type,
    }


@router.post(
    "/import",
    response_model=ImportReport,
    dependencies=[EditorDep],
    responses={
        **WRITE_RESPONSES,
        413: {"description": "The request body is larger than the cap (named in `detail`)"},
        422: {"description": "Invalid file: the first 100 problems with their line and field, and the total"},
    },
)
async def post_import(
    request: Request,
    graph: GraphDep,
    file: Annotated[UploadFile, File(description="A .yaml, .yml, .json or .csv import file")],
):
    """Load entities and ties from one file in the import format. All or nothing: the whole file is
    validated first, and any problem answers 422 with nothing written."""
    return await off_the_loop(request, _import, graph, file)
