"""The `ecograph` command as a user types it, against an empty test database it finds by itself."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.fixture
def ecograph(cli_env, db):
    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "cli", *args], capture_output=True, text=True, env=cli_env, timeout=300
        )

    return run
