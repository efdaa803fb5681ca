"""The embedded default: a real Neo4j Community run by our one-file Java launcher (graph/embedded/).

Maven resolves `org.neo4j:neo4j` and `org.neo4j:neo4j-bolt` (cached in ~/.m2, so a second start needs
no network), javac compiles the launcher once, and `java` runs it detached with Bolt on 127.0.0.1.
Everything lives under `<data dir>/neo4j`: the store, the generated password (0600), the pid/state file
and the launcher's log.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from importlib.resources import as_file, files
from pathlib import Path

from graph.errors import EmbeddedNeo4jError

LAUNCHER_CLASS = "EmbeddedNeo4j"
START_TIMEOUT_S = 240
STOP_TIMEOUT_S = 90
# Neo4j outlives the Popen that started it; holding the handle keeps Popen.__del__ from warning that
# its child still runs (the process is meant to, and `stop` reaps it when it was ours).
_LAUNCHED: list[subprocess.Popen] = []


@dataclass(frozen=True)
class EmbeddedState:
    pid: int
    port: int

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"


@dataclass(frozen=True)
class EmbeddedPaths:
    home: Path

    @property
    def password(self) -> Path:
        return self.home / "password"

    @property
    def state(self) -> Path:
        return self.home / "ecograph.json"

    @property
    def ready(self) -> Path:
        return self.home / "ready"

    @property
    def log(self) -> Path:
        return self.home / "logs" / "launcher.log"

    @property
    def build(self) -> Path:
        return self.home / "launcher"


def make_private(root: Path) -> None:
    """Folders 0700 and files 0600 under `root` (the embedded home): stores made before Neo4j ran
    with umask 077 get the same modes as new ones."""
    for folder, _, names in os.walk(root):
        os.chmod(folder, 0o700)
        for name in names:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                os.chmod(path, 0o600)


def read_password(home: Path) -> str | None:
    path = EmbeddedPaths(home).password
    return path.read_text(encoding="utf-8").strip() if path.exists() else None


def ensure_password(home: Path) -> str:
    paths = EmbeddedPaths(home)
    existing = read_password(home)
    if existing:
        return existing
    home.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(24)
    _write_private(paths.password, password + "\n")
    return password


def _write_private(path: Path, text: str) -> None:
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as out:
        out.write(text)


def read_state(home: Path) -> EmbeddedState | None:
    """The running launcher's pid and port, or None when there is no live one (stale files are ignored)."""
    path = EmbeddedPaths(home).state
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        state = EmbeddedState(pid=int(raw["pid"]), port=int(raw["port"]))
    except (OSError, ValueError, KeyError):
        return None
    return state if _is_our_process(state.pid) else None


def crashed(home: Path) -> bool:
    """Neo4j had started (its ready file is there: `stop` removes it first) and the launcher's
    state file too, but its process is gone."""
    paths = EmbeddedPaths(home)
    path = paths.state
    if not paths.ready.exists():
        return False
    try:
        pid = int(json.loads(path.read_text(encoding="utf-8"))["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return not _is_our_process(pid)


def _is_our_process(pid: int) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return LAUNCHER_CLASS.encode() in cmdline


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _bolt_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def _require_tools() -> dict[str, str]:
    found = {tool: shutil.which(tool) for tool in ("java", "javac", "mvn")}
    missing = [tool for tool, path in found.items() if path is None]
    if missing:
        hints = {
            "java": "openjdk-17-jdk-headless",
            "javac": "openjdk-17-jdk-headless",
            "mvn": "maven",
        }
        packages = sorted({hints[tool] for tool in missing})
        raise EmbeddedNeo4jError(
            f"the embedded Neo4j needs {', '.join(missing)} on PATH; "
            f"install with: apt-get install -y {' '.join(packages)} "
            "(or point NEO4J_URI at a Neo4j you run yourself)"
        )
    return {tool: path for tool, path in found.items() if path}


def _launcher_sources() -> tuple[bytes, bytes]:
    embedded = files("graph").joinpath("embedded")
    return (
        embedded.joinpath("pom.xml").read_bytes(),
        embedded.joinpath(f"{LAUNCHER_CLASS}.java").read_bytes(),
    )


def build_launcher(home: Path, tools: dict[str, str]) -> str:
    """Resolve Neo4j's jars with Maven and compile the launcher, once per launcher version.

    Returns the java classpath. Both steps are skipped when their outputs match the current sources.
    """
    paths = EmbeddedPaths(home)
    pom, java_source = _launcher_sources()
    digest = hashlib.sha256(pom + b"\0" + java_source).hexdigest()[:16]
    build = paths.build / digest
    classpath_file = build / "classpath.txt"
    classes = build / "classes"
    if not classpath_file.exists() or not _jars_exist(classpath_file):
        build.mkdir(parents=True, exist_ok=True)
        with as_file(files("graph").joinpath("embedded/pom.xml")) as pom_path:
            _run(
                [
                    tools["mvn"],
                    "-q",
                    "-B",
                    "-f",
                    str(pom_path),
                    "dependency:build-classpath",
                    f"-Dmdep.outputFile={classpath_file}",
                ],
                "Maven could not resolve Neo4j from Maven Central",
            )
    classpath = classpath_file.read_text(encoding="utf-8").strip()
    if not (classes / f"{LAUNCHER_CLASS}.class").exists():
        classes.mkdir(parents=True, exist_ok=True)
        with as_file(files("graph").joinpath(f"embedded/{LAUNCHER_CLASS}.java")) as src:
            _run(
                [tools["javac"], "-d", str(classes), "-cp", classpath, str(src)],
                "javac could not compile the embedded Neo4j launcher",
            )
    return f"{classes}{os.pathsep}{classpath}"


def _jars_exist(classpath_file: Path) -> bool:
    entries = classpath_file.read_text(encoding="utf-8").strip().split(os.pathsep)
    return bool(entries) and all(Path(entry).exists() for entry in entries)


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tail = (result.stdout + result.stderr).strip().splitlines()[-15:]
        raise EmbeddedNeo4jError(f"{what}:\n" + "\n".join(tail))


def start(
    home: Path, port: int, *, heap: str = "2g", timeout: float = START_TIMEOUT_S
) -> tuple[EmbeddedState, bool]:
    """Start Neo4j (or find it running). Returns (state, started_now). Waits until Bolt answers."""
    paths = EmbeddedPaths(home)
    running = read_state(home)
    if running is not None:
        return running, False
    tools = _require_tools()
    paths.state.unlink(missing_ok=True)  # stale: the recorded process is gone
    paths.ready.unlink(missing_ok=True)
    if not _port_is_free(port):
        raise EmbeddedNeo4jError(
            f"port {port} on 127.0.0.1 is already in use by another program; "
            "choose another with --bolt-port or ECOGRAPH_BOLT_PORT"
        )
    ensure_password(home)
    classpath = build_launcher(home, tools)
    paths.log.parent.mkdir(parents=True, exist_ok=True)
    make_private(home)
    java = str(Path(tools["javac"]).resolve().parent / "java")
    if not Path(java).exists():
        java = tools["java"]
    with os.fdopen(os.open(paths.log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "ab") as log:
        process = subprocess.Popen(
            [
                java,
                f"-Xmx{heap}",
                "-XX:+UseG1GC",
                "-XX:+ExitOnOutOfMemoryError",
                "-cp",
                classpath,
                LAUNCHER_CLASS,
                str(home),
                str(port),
                str(paths.password),
                str(paths.ready),
            ],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            umask=0o077,  # the store, its logs and the system database (the password hash): owner only
        )
    _LAUNCHED.append(process)
    state = EmbeddedState(pid=process.pid, port=port)
    _write_private(paths.state, json.dumps({"pid": state.pid, "port": state.port}))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            paths.state.unlink(missing_ok=True)
            raise EmbeddedNeo4jError(
                f"Neo4j exited while starting; last lines of {paths.log}:\n{_tail(paths.log)}"
            )
        if paths.ready.exists() and _bolt_answers(port):
            return state, True
        time.sleep(0.25)
    raise EmbeddedNeo4jError(f"Neo4j did not answer on port {port} within {timeout:.0f}s; see {paths.log}")


def stop(home: Path, *, timeout: float = STOP_TIMEOUT_S) -> bool:
    """Shut Neo4j down cleanly (SIGTERM runs its shutdown hook). Returns False when it was not running."""
    paths = EmbeddedPaths(home)
    state = read_state(home)
    if state is None:
        paths.state.unlink(missing_ok=True)
        return False
    paths.ready.unlink(missing_ok=True)  # first: a supervisor must not take this exit for a crash
    os.kill(state.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _is_our_process(state.pid):
        time.sleep(0.2)
    _reap(state.pid)
    if _is_our_process(state.pid):
        os.kill(state.pid, signal.SIGKILL)
        raise EmbeddedNeo4jError(
            f"Neo4j did not stop within {timeout:.0f}s and was killed; the next start will run recovery"
        )
    paths.state.unlink(missing_ok=True)
    paths.ready.unlink(missing_ok=True)
    return True


def _reap(pid: int) -> None:
    """Collect the exit status when this process started Neo4j (tests), so no zombie lingers."""
    for process in [p for p in _LAUNCHED if p.pid == pid]:
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            continue
        _LAUNCHED.remove(process)


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"
