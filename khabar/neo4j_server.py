"""The project's own Neo4j Community server, run from the official jars (no Docker on these machines).

The jars are fetched once with Maven into a cache (``.cache/neo4j-<version>/lib`` or
``$KHABAR_CACHE_DIR``); the configuration, data and logs live in the state dir (``.state/``).
When ``NEO4J_URI`` is set an external server is used and nothing here starts or stops anything.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from graph.settings import ROOT, Settings

NEO4J_VERSION = "5.26.30"
POM = ROOT / "neo4j" / "pom.xml"
SUPPORTED_JAVA = (17, 21)
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_ENTRY_POINT = "org.neo4j.server.startup.Neo4jAdminCommand"
# A fixed 4 GiB heap: a batch of the loader keeps its transaction's state live until it commits, and each young
# collection copies it; with 2 GiB a 1x bench load paused ~0.4 s in 4 young collections, with 4 GiB 0.03-0.1 s in
# 1-2 (with 768 MiB, twice the 2 GiB figure). The page cache holds a 4x bench graph whole.
HEAP = ("-Xms4g", "-Xmx4g")
PAGE_CACHE = "512m"
TRANSACTION_TIMEOUT = "60s"  # the API asks for less per read (KHABAR_QUERY_TIMEOUT_S); loads may take longer
TRANSACTION_MEMORY = "192m"
TRANSACTIONS_MEMORY = "448m"
# Started this way (not through bin/neo4j) the JVM flags of neo4j.conf are ignored, so pass them here.
JVM_FLAGS = (
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dfile.encoding=UTF-8",
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
)
START_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 60.0
LOG_TAIL_LINES = 40

Echo = Callable[[str], None]


class Neo4jServerError(RuntimeError):
    """The local server could not be fetched, started or stopped; the message says why."""


def _echo(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Layout:
    """Where the jars (shared, read-only cache) and the server's own files (state dir) live."""

    home: Path
    state: Path

    @property
    def lib(self) -> Path:
        # The admin bootloader builds its classpath from <home>/lib, so the jars sit there.
        return self.home / "lib"

    @property
    def complete_marker(self) -> Path:
        return self.home / ".complete"

    @property
    def conf_dir(self) -> Path:
        return self.state / "conf"

    @property
    def conf_file(self) -> Path:
        return self.conf_dir / "neo4j.conf"

    @property
    def data(self) -> Path:
        return self.state / "data"

    @property
    def logs(self) -> Path:
        return self.state / "logs"

    @property
    def run(self) -> Path:
        return self.state / "run"

    @property
    def import_dir(self) -> Path:
        return self.state / "import"

    @property
    def plugins(self) -> Path:
        return self.state / "plugins"

    @property
    def pid_file(self) -> Path:
        return self.run / "khabar-neo4j.pid"

    @property
    def console_log(self) -> Path:
        return self.logs / "console.log"

    @property
    def lock_file(self) -> Path:
        return self.state / "neo4j.lock"

    @property
    def system_database(self) -> Path:
        return self.data / "databases" / "system"


def layout_for(settings: Settings) -> Layout:
    return Layout(home=settings.cache_dir / f"neo4j-{NEO4J_VERSION}", state=settings.state_dir)


def render_conf(settings: Settings, layout: Layout) -> str:
    """neo4j.conf for the local server. Strict validation is on: every key must exist, once."""
    bolt = f"127.0.0.1:{settings.local_bolt_port}"
    entries = {
        "server.default_listen_address": "127.0.0.1",
        "server.bolt.enabled": "true",
        "server.bolt.listen_address": bolt,
        "server.bolt.advertised_address": bolt,
        "server.http.enabled": "false",
        "server.https.enabled": "false",
        "dbms.routing.enabled": "false",
        "dbms.security.auth_enabled": "true",
        "dbms.usage_report.enabled": "false",
        # Only honoured when the databases are first created.
        "initial.dbms.default_database": settings.neo4j_database,
        "server.directories.data": layout.data.as_posix(),
        "server.directories.transaction.logs.root": (layout.data / "transactions").as_posix(),
        "server.directories.logs": layout.logs.as_posix(),
        "server.directories.run": layout.run.as_posix(),
        "server.directories.import": layout.import_dir.as_posix(),
        "server.directories.plugins": layout.plugins.as_posix(),
        "server.memory.pagecache.size": PAGE_CACHE,
        # No query may exhaust the heap (an OutOfMemoryError stops the server): every transaction is
        # cut off past a time and a memory budget, well below HEAP's maximum, with a clear error.
        "db.transaction.timeout": TRANSACTION_TIMEOUT,
        "db.memory.transaction.max": TRANSACTION_MEMORY,
        "dbms.memory.transaction.total.max": TRANSACTIONS_MEMORY,
        # Preallocating 250 MB transaction log files is slow and wasteful on small dev disks.
        "db.tx_log.preallocate": "false",
        # The default keeps two days of transaction logs: a 4x bench load and its wipe write ~1 GB, and an hour of
        # benchmarking left 8.8 GB. The local server needs them only for recovery since the last checkpoint.
        "db.tx_log.rotation.retention_policy": "1G size",
        # No keep-alive hint to drivers: with one (connection.recv_timeout_seconds) the Python driver wraps every
        # socket read in a timed asyncio task, which doubled its CPU time per query.
        "server.bolt.connection_keep_alive_for_requests": "OFF",
        # Netty's default 5 s quiet period, once per event loop group, made every stop take 10 s.
        "internal.dbms.bolt.netty_server_shutdown_quiet_period": "0",
    }
    lines = ["# Written by khabar/neo4j_server.py at each start; edits are overwritten."]
    lines += [f"{key}={value}" for key, value in entries.items()]
    return "\n".join(lines) + "\n"


def server_command(java: str, layout: Layout) -> list[str]:
    return [
        java,
        *HEAP,
        *JVM_FLAGS,
        "-cp",
        f"{layout.lib}/*",
        ENTRY_POINT,
        f"--home-dir={layout.home}",
        f"--config-dir={layout.conf_dir}",
        "--console-mode",
    ]


def admin_command(java: str, layout: Layout, *args: str) -> list[str]:
    return [java, "-Dfile.encoding=UTF-8", "-cp", f"{layout.lib}/*", ADMIN_ENTRY_POINT, *args]


def neo4j_env(layout: Layout) -> dict[str, str]:
    env = dict(os.environ)
    env["NEO4J_HOME"] = str(layout.home)
    env["NEO4J_CONF"] = str(layout.conf_dir)
    return env


# --- Java and jars ---------------------------------------------------------------------------


def java_major_version(java: str) -> int | None:
    try:
        out = subprocess.run(
            [java, "-XshowSettings:properties", "-version"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except OSError:
        return None
    return parse_java_spec_version(out.stderr + out.stdout)


def parse_java_spec_version(text: str) -> int | None:
    match = re.search(r"java\.specification\.version\s*=\s*(?:1\.)?(\d+)", text)
    return int(match.group(1)) if match else None


def find_java() -> str:
    """`java` from PATH when it is 17 or 21, else an installed 17/21 JDK (5.26 runs on no other)."""
    candidates: list[str] = []
    on_path = shutil.which("java")
    if on_path:
        candidates.append(on_path)
    for major in SUPPORTED_JAVA:
        candidates += sorted(str(p) for p in Path("/usr/lib/jvm").glob(f"*{major}*/bin/java"))
    for java in candidates:
        if java_major_version(java) in SUPPORTED_JAVA:
            return java
    raise Neo4jServerError(
        "Neo4j 5.26 needs Java 17 or 21 and none was found "
        "(on Debian: apt-get install openjdk-17-jre-headless)"
    )


def fetch_jars(settings: Settings, echo: Echo = _echo) -> Layout:
    """Copy the Neo4j Community jars from Maven into the cache, once."""
    layout = layout_for(settings)
    if layout.complete_marker.exists():
        return layout
    mvn = shutil.which("mvn")
    if mvn is None:
        raise Neo4jServerError("Maven (mvn) is needed once to fetch the Neo4j jars (apt-get install maven)")
    layout.home.mkdir(parents=True, exist_ok=True)
    # Fetch into a temporary folder and rename, so an interrupted fetch never looks complete.
    partial = layout.home / "lib.partial"
    shutil.rmtree(partial, ignore_errors=True)
    echo(f"Fetching Neo4j Community {NEO4J_VERSION} jars into {layout.lib} (once) ...")
    cmd = [
        mvn,
        "-q",
        "-B",
        "-f",
        str(POM),
        f"-Dneo4j.version={NEO4J_VERSION}",
        "dependency:copy-dependencies",
        "-DincludeScope=runtime",
        f"-DoutputDirectory={partial}",
    ]
    result = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False)
    if result.returncode != 0 or not any(partial.glob("neo4j-server-*.jar")):
        shutil.rmtree(partial, ignore_errors=True)
        raise Neo4jServerError(f"fetching the Neo4j jars failed:\n{result.stdout}{result.stderr}".rstrip())
    shutil.rmtree(layout.lib, ignore_errors=True)
    partial.rename(layout.lib)
    layout.complete_marker.write_text(NEO4J_VERSION + "\n")
    return layout


# --- processes -------------------------------------------------------------------------------

# Servers started by this Python process: they must be reaped by us, or they linger as zombies
# that still answer os.kill(pid, 0).
_children: dict[int, subprocess.Popen[bytes]] = {}


def _is_alive(pid: int) -> bool:
    child = _children.get(pid)
    if child is not None:
        return child.poll() is None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    with contextlib.suppress(OSError):
        # Field 3 of /proc/<pid>/stat is the state; a zombie is already dead.
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    return True


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _is_our_server(pid: int, layout: Layout) -> bool:
    if not _is_alive(pid):
        return False
    if not Path("/proc").is_dir():
        return True  # no /proc (not Linux): trust the pid file
    cmdline = _cmdline(pid)
    return ENTRY_POINT in cmdline and f"--config-dir={layout.conf_dir}" in cmdline


def running_pid(layout: Layout) -> int | None:
    """The pid of this state dir's server, or None. A stale pid file (dead or reused pid) is removed."""
    try:
        pid = int(layout.pid_file.read_text().strip())
    except (OSError, ValueError):
        pid = None
    if pid is not None and _is_our_server(pid, layout):
        return pid
    with contextlib.suppress(FileNotFoundError):
        layout.pid_file.unlink()
    return None


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1.0)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _log_tail(path: Path, lines: int = LOG_TAIL_LINES) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])


@contextlib.contextmanager
def _locked(layout: Layout) -> Iterator[None]:
    # Two `make test` runs sharing a state dir must not start two servers.
    layout.state.mkdir(parents=True, exist_ok=True)
    with open(layout.lock_file, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# --- connectivity ----------------------------------------------------------------------------


def check_connectivity(settings: Settings, timeout: float = 5.0) -> None:
    """Raise the driver's exception unless the server answers with our credentials."""
    from neo4j import GraphDatabase

    with GraphDatabase.driver(
        settings.uri,
        auth=(settings.neo4j_user, settings.neo4j_password),
        connection_timeout=timeout,
        max_connection_lifetime=60,
    ) as driver:
        driver.verify_connectivity()


def wait_until_ready(
    settings: Settings,
    timeout: float = START_TIMEOUT_S,
    is_alive: Callable[[], bool] | None = None,
    log_file: Path | None = None,
) -> None:
    from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable, SessionExpired

    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if is_alive is not None and not is_alive():
            tail = _log_tail(log_file) if log_file else ""
            raise Neo4jServerError(f"Neo4j exited during start-up. Last lines of {log_file}:\n{tail}")
        try:
            check_connectivity(settings, timeout=2.0)
            return
        except AuthError as exc:
            # Retrying cannot help: the data dir was created with another password.
            raise Neo4jServerError(
                f"Neo4j at {settings.uri} refused the credentials of user {settings.neo4j_user!r}: {exc}. "
                "The local database keeps the password it was created with; use it, or remove "
                f"{settings.state_dir / 'data'} to start afresh."
            ) from exc
        except (ServiceUnavailable, SessionExpired, Neo4jError, OSError) as exc:
            last_error = exc
        time.sleep(0.5)
    raise Neo4jServerError(f"Neo4j at {settings.uri} did not answer within {timeout:.0f} s: {last_error}")


# --- public API ------------------------------------------------------------------------------


def _prepare_dirs(settings: Settings, layout: Layout) -> None:
    for folder in (layout.conf_dir, layout.data, layout.logs, layout.run, layout.import_dir, layout.plugins):
        folder.mkdir(parents=True, exist_ok=True)
    layout.conf_file.write_text(render_conf(settings, layout))


def _set_initial_password(settings: Settings, layout: Layout, java: str) -> None:
    if len(settings.neo4j_password) < 8:
        raise Neo4jServerError("NEO4J_PASSWORD must have at least 8 characters (Neo4j's minimum)")
    cmd = admin_command(java, layout, "dbms", "set-initial-password", settings.neo4j_password)
    result = subprocess.run(
        cmd, env=neo4j_env(layout), stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        output = f"{result.stdout}{result.stderr}".rstrip()
        raise Neo4jServerError(f"setting the initial password failed:\n{output}")


def ensure_running(settings: Settings, echo: Echo = _echo, timeout: float = START_TIMEOUT_S) -> None:
    """Start the local server unless it already runs; return once Bolt answers. No-op for NEO4J_URI."""
    if not settings.uses_local_server:
        echo(f"NEO4J_URI is set: using the external server at {settings.uri}; nothing to start.")
        return
    layout = fetch_jars(settings, echo)
    with _locked(layout):
        pid = running_pid(layout)
        if pid is not None:
            echo(f"Neo4j is already running (pid {pid}) at {settings.uri}.")
            wait_until_ready(
                settings, timeout=timeout, is_alive=lambda: _is_alive(pid), log_file=layout.console_log
            )
            return
        if not 0 < settings.local_bolt_port < 65536:
            raise Neo4jServerError(f"invalid Bolt port {settings.local_bolt_port} (KHABAR_NEO4J_BOLT_PORT)")
        if _port_in_use(settings.local_bolt_port):
            raise Neo4jServerError(
                f"port {settings.local_bolt_port} is taken by another process (not this state dir's Neo4j); "
                "stop it or set KHABAR_NEO4J_BOLT_PORT"
            )
        java = find_java()
        _prepare_dirs(settings, layout)
        if not layout.system_database.exists():
            echo("First start: setting the initial password.")
            _set_initial_password(settings, layout, java)
        echo(f"Starting Neo4j {NEO4J_VERSION} at {settings.uri} (log: {layout.console_log}) ...")
        started = time.monotonic()
        # One run per log, so a failure's tail is not mixed with an earlier run's lines.
        if layout.console_log.exists():
            layout.console_log.replace(layout.console_log.with_suffix(".log.1"))
        with open(layout.console_log, "wb") as log:
            proc = subprocess.Popen(
                server_command(java, layout),
                cwd=layout.state,
                env=neo4j_env(layout),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # outlives the CLI, and a Ctrl-C in the shell does not reach it
            )
        _children[proc.pid] = proc
        layout.pid_file.write_text(f"{proc.pid}\n")
        try:
            wait_until_ready(
                settings, timeout=timeout, is_alive=lambda: proc.poll() is None, log_file=layout.console_log
            )
        except BaseException:
            _terminate(proc.pid, layout)
            raise
        echo(f"Neo4j is up (pid {proc.pid}) after {time.monotonic() - started:.1f} s.")


def _terminate(pid: int, layout: Layout, timeout: float = STOP_TIMEOUT_S) -> bool:
    """SIGTERM, wait, then SIGKILL. Returns False when SIGKILL was needed."""
    graceful = True
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _is_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    if _is_alive(pid):
        graceful = False
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        while _is_alive(pid):
            time.sleep(0.1)
    child = _children.pop(pid, None)
    if child is not None:
        child.wait()
    with contextlib.suppress(FileNotFoundError):
        layout.pid_file.unlink()
    return graceful


def stop(settings: Settings, echo: Echo = _echo, timeout: float = STOP_TIMEOUT_S) -> None:
    if not settings.uses_local_server:
        echo(f"NEO4J_URI is set: the external server at {settings.uri} is not ours to stop.")
        return
    layout = layout_for(settings)
    with _locked(layout):
        pid = running_pid(layout)
        if pid is None:
            echo("Neo4j is not running.")
            return
        echo(f"Stopping Neo4j (pid {pid}) ...")
        if _terminate(pid, layout, timeout):
            echo("Neo4j stopped.")
        else:
            echo(f"Neo4j did not stop within {timeout:.0f} s and was killed.")


@dataclass(frozen=True)
class Status:
    running: bool
    uri: str
    pid: int | None = None
    external: bool = False
    error: str | None = None

    def describe(self) -> str:
        if self.external:
            state = "reachable" if self.running else f"unreachable ({self.error})"
            return f"external Neo4j at {self.uri}: {state}"
        if self.running:
            return f"running (pid {self.pid}) at {self.uri}"
        return f"stopped (would listen at {self.uri})"


def status(settings: Settings) -> Status:
    if not settings.uses_local_server:
        try:
            check_connectivity(settings)
        except Exception as exc:  # any driver failure means "not usable"
            error = str(exc) or type(exc).__name__
            return Status(running=False, uri=settings.uri, external=True, error=error)
        return Status(running=True, uri=settings.uri, external=True)
    pid = running_pid(layout_for(settings))
    return Status(running=pid is not None, uri=settings.uri, pid=pid)
