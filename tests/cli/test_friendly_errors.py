"""What a person sees when Neo4j goes away in the middle of a command: a sentence, not a traceback."""

from __future__ import annotations

import pytest
from neo4j.exceptions import ClientError, ServiceUnavailable, SessionExpired

from cli import main as cli_main


@pytest.mark.parametrize(
    "lost", [ServiceUnavailable("Failed to read from defunct connection"), SessionExpired()]
)
def test_a_lost_database_is_a_readable_error(lost, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info, cli_main._friendly_errors():
        raise lost
    said = capsys.readouterr().err
    assert exit_info.value.code == 1
    assert "database went away" in said and "ecograph db start" in said and "Traceback" not in said


def test_a_neo4j_refusal_names_its_code(capsys) -> None:
    refused = ClientError._hydrate_neo4j(code="Neo.ClientError.Statement.SyntaxError", message="bad [x]")
    with pytest.raises(SystemExit), cli_main._friendly_errors():
        raise refused
    said = capsys.readouterr().err
    assert "Neo.ClientError.Statement.SyntaxError" in said and "bad [x]" in said
