"""docker-compose.yml cannot run here (no Docker engine): check its structure instead."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
COMPOSE_TEXT = (REPO / "docker-compose.yml").read_text(encoding="utf-8")
COMPOSE = yaml.safe_load(COMPOSE_TEXT)


def test_services_and_their_order() -> None:
    services = COMPOSE["services"]
    assert set(services) == {"neo4j", "seed", "api"}
    assert services["neo4j"]["image"] == "neo4j:5.26-community"
    assert services["api"]["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert services["api"]["depends_on"]["seed"]["condition"] == "service_completed_successfully"
    assert services["seed"]["command"] == ["ecograph", "ingest", "seed"]
    assert services["seed"]["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert (REPO / services["api"]["build"] / "Dockerfile").exists()


def test_neo4j_has_a_healthcheck_and_a_named_volume() -> None:
    neo4j = COMPOSE["services"]["neo4j"]
    assert "cypher-shell" in " ".join(neo4j["healthcheck"]["test"])
    volume = neo4j["volumes"][0].split(":")[0]
    assert volume in COMPOSE["volumes"]


def test_ports_are_published_on_loopback_only() -> None:
    for name, service in COMPOSE["services"].items():
        for port in service.get("ports", []):
            assert port.startswith("127.0.0.1:"), f"{name} publishes {port} beyond loopback"


def test_no_secret_is_written_in_the_file() -> None:
    env = COMPOSE["services"]["neo4j"]["environment"]
    assert env["NEO4J_AUTH"] == "neo4j/${NEO4J_PASSWORD:?set NEO4J_PASSWORD (8+ characters)}"
    for service in COMPOSE["services"].values():
        for key, value in (service.get("environment") or {}).items():
            if re.search("PASSWORD|KEY|AUTH", key):
                assert "${" in str(value), f"{key} must come from the environment"
    app_env = COMPOSE["services"]["api"]["environment"]
    assert app_env["NEO4J_URI"] == "bolt://neo4j:7687"


def test_every_app_container_shares_one_data_dir_for_the_key_pepper() -> None:
    for name in ("seed", "api"):
        service = COMPOSE["services"][name]
        volume, mount = service["volumes"][0].split(":")
        assert volume in COMPOSE["volumes"] and mount == service["environment"]["ECOGRAPH_DATA_DIR"]
