"""The embedded default Neo4j: loopback only, auth on, idempotent start/stop, clear errors."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError

from bench.generate import generate
from graph import embedded
from graph.errors import EmbeddedNeo4jError
from tests.conftest import free_port

pytestmark = pytest.mark.integration


def _listening_addresses(port: int) -> set[str]:
    """Local addresses with a listening TCP socket on `port`, read from /proc/net/tcp{,6}."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.rsplit(":", 1)
            if state == "0A" and int(port_hex, 16) == port:
                found.add(address)
    return found


def test_bolt_listens_on_loopback_only(neo4j_home: Path, driver) -> None:
    port = embedded.read_state(neo4j_home).port
    addresses = _listening_addresses(port)
    loopback = {"0100007F", "0000000000000000FFFF00000100007F", "00000000000000000000000001000000"}
    assert addresses, "nothing listens on the Bolt port"
    assert addresses <= loopback, f"Bolt listens beyond 127.0.0.1: {addresses}"


def test_auth_is_on_and_the_password_file_is_private(neo4j_home: Path, driver) -> None:
    port = embedded.read_state(neo4j_home).port
    mode = stat.S_IMODE((neo4j_home / "password").stat().st_mode)
    assert mode == 0o600
    for password in ("not-the-password", "neo4j"):  # a wrong one, and Neo4j's initial one
        with (
            GraphDatabase.driver(f"bolt://127.0.0.1:{port}", auth=("neo4j", password)) as wrong,
            pytest.raises(AuthError),
        ):
            wrong.verify_connectivity()


def test_nobody_but_the_owner_can_read_the_store_or_its_logs(neo4j_home: Path, graph) -> None:
    graph.reset()  # Neo4j has written to the store and its logs by now
    opened = []
    for folder, _, names in os.walk(neo4j_home):
        for path in [folder, *(os.path.join(folder, name) for name in names)]:
            if not os.path.islink(path):
                opened.append((path, stat.S_IMODE(os.stat(path).st_mode) & 0o077))
    assert any("/logs/" in path for path, _ in opened) and any("system" in path for path, _ in opened)
    assert [path for path, others in opened if others] == []


def test_it_is_the_real_neo4j_community_526(driver) -> None:
    records, _, _ = driver.execute_query(
        "CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0] AS version, edition"
    )
    assert records[0]["name"] == "Neo4j Kernel"
    assert records[0]["version"].startswith("5.26.")
    assert records[0]["edition"] == "community"


def test_start_is_idempotent(neo4j_home: Path) -> None:
    before = embedded.read_state(neo4j_home)
    state, started = embedded.start(neo4j_home, before.port)
    assert (state, started) == (before, False)


def test_busy_port_gets_a_clear_message(tmp_path: Path, neo4j_home: Path) -> None:
    busy = embedded.read_state(neo4j_home).port
    with pytest.raises(EmbeddedNeo4jError, match=f"port {busy} .* already in use"):
        embedded.start(tmp_path / "neo4j", busy)


def test_missing_java_names_the_debian_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no java, javac or mvn here
    with pytest.raises(EmbeddedNeo4jError, match="apt-get install -y .*openjdk-17-jdk-headless"):
        embedded.start(tmp_path / "neo4j", free_port())


def test_cli_stop_start_cycle_keeps_data_and_survives_a_stale_pid(tmp_path: Path) -> None:
    """A second instance: data persists across a clean stop, a stale pid is ignored, stop is idempotent."""
    data_dir, port = tmp_path / "data", free_port()

    def ecograph(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "cli", *args], capture_output=True, text=True, timeout=600
        )

    assert ecograph("db", "start", "--data-dir", str(data_dir), "--bolt-port", str(port)).returncode == 0
    assert ecograph("db", "status", "--data-dir", str(data_dir)).returncode == 0
    home = data_dir / "neo4j"
    password = embedded.read_password(home)
    uri = f"bolt://127.0.0.1:{port}"
    with GraphDatabase.driver(uri, auth=("neo4j", password)) as drv:
        drv.execute_query("CREATE (:Probe {value: 42})")

    stopped = ecograph("db", "stop", "--data-dir", str(data_dir))
    assert stopped.returncode == 0 and "stopped" in stopped.stdout
    assert ecograph("db", "status", "--data-dir", str(data_dir)).returncode != 0
    assert "not running" in ecograph("db", "stop", "--data-dir", str(data_dir)).stdout

    (home / "ecograph.json").write_text(json.dumps({"pid": 999999, "port": port}))  # stale
    restarted = ecograph("db", "start", "--data-dir", str(data_dir), "--bolt-port", str(port))
    assert restarted.returncode == 0, restarted.stderr
    with GraphDatabase.driver(uri, auth=("neo4j", password)) as drv:
        records, _, _ = drv.execute_query("MATCH (p:Probe) RETURN p.value AS value")
    assert [r["value"] for r in records] == [42]
    assert ecograph("db", "stop", "--data-dir", str(data_dir)).returncode == 0
    debug_log = (home / "logs" / "debug.log").read_text(errors="replace")
    assert "Bolt server has been shut down" in debug_log
    assert "recovery completed" not in debug_log.lower(), "a clean stop must not need recovery"


def test_an_import_too_big_for_the_heap_fails_whole_and_says_what_to_do(tmp_path: Path) -> None:
    """A small heap (ECOGRAPH_NEO4J_HEAP) and an import that cannot fit in one transaction's memory:
    the command fails with advice, at once (no retries), and writes nothing."""
    data_dir, port = tmp_path / "data", free_port()
    env = {**os.environ, "ECOGRAPH_DATA_DIR": str(data_dir), "ECOGRAPH_BOLT_PORT": str(port)}
    env = {k: v for k, v in env.items() if not k.startswith("NEO4J_")}

    def ecograph(*args: str, heap: str = "2g") -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "cli", *args],
            capture_output=True,
            text=True,
            timeout=600,
            env={**env, "ECOGRAPH_NEO4J_HEAP": heap},
        )

    assert ecograph("db", "start", heap="300m").returncode == 0
    try:
        big = tmp_path / "big.json"
        big.write_text(json.dumps(generate(15_000, 45_000, seed=1)), encoding="utf-8")
        loaded = ecograph("ingest", "file", str(big))
        said = " ".join((loaded.stderr + loaded.stdout).split())  # the console wraps long lines
        assert loaded.returncode != 0
        assert "nothing was written" in said and "do not fit in one Neo4j transaction's memory" in said
        assert "ECOGRAPH_NEO4J_HEAP" in said and "will be retried" not in said
        assert "Traceback" not in loaded.stderr
        password = embedded.read_password(data_dir / "neo4j")
        with GraphDatabase.driver(f"bolt://127.0.0.1:{port}", auth=("neo4j", password)) as drv:
            records, _, _ = drv.execute_query("MATCH (n:Entity) RETURN count(n) AS n")
        assert records[0]["n"] == 0
    finally:
        ecograph("db", "stop")
