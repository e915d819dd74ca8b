"""Unit tests of the local Neo4j runner: no JVM is started here."""

from __future__ import annotations

import dataclasses
import os
import socket
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from graph.settings import ROOT, Settings, load_settings
from khabar import cli
from khabar import neo4j_server as server


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(
        {
            "KHABAR_STATE_DIR": str(tmp_path / "state"),
            "KHABAR_CACHE_DIR": str(tmp_path / "cache"),
            "KHABAR_NEO4J_BOLT_PORT": "7799",
        }
    )


def conf_entries(text: str) -> list[tuple[str, str]]:
    rows = [line for line in text.splitlines() if line and not line.startswith("#")]
    return [(key, value) for key, _, value in (row.partition("=") for row in rows)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_layout_uses_cache_and_state_dirs(settings: Settings, tmp_path: Path) -> None:
    layout = server.layout_for(settings)
    assert layout.lib == tmp_path / "cache" / f"neo4j-{server.NEO4J_VERSION}" / "lib"
    assert layout.conf_file == tmp_path / "state" / "conf" / "neo4j.conf"
    assert layout.pid_file.is_relative_to(tmp_path / "state")


def test_default_cache_and_port() -> None:
    defaults = load_settings({})
    assert defaults.cache_dir == ROOT / ".cache"
    assert defaults.local_bolt_port == 7697  # not Neo4j's default, so a system Neo4j does not clash


def test_conf_has_unique_known_keys(settings: Settings) -> None:
    entries = conf_entries(server.render_conf(settings, server.layout_for(settings)))
    keys = [key for key, _ in entries]
    assert len(keys) == len(set(keys)), "strict validation rejects duplicated keys"
    conf = dict(entries)
    assert conf["server.bolt.listen_address"] == "127.0.0.1:7799"
    assert conf["server.default_listen_address"] == "127.0.0.1"
    assert conf["server.http.enabled"] == "false"
    assert conf["server.https.enabled"] == "false"
    assert conf["dbms.security.auth_enabled"] == "true"
    assert conf["dbms.usage_report.enabled"] == "false"
    assert conf["db.tx_log.preallocate"] == "false"
    assert conf["server.memory.pagecache.size"] == server.PAGE_CACHE
    assert conf["initial.dbms.default_database"] == settings.neo4j_database


def test_conf_keeps_every_directory_in_the_state_dir(settings: Settings) -> None:
    conf = dict(conf_entries(server.render_conf(settings, server.layout_for(settings))))
    directories = {k: v for k, v in conf.items() if k.startswith("server.directories.")}
    assert {"data", "logs", "run", "import", "plugins", "transaction.logs.root"} == {
        k.removeprefix("server.directories.") for k in directories
    }
    for value in directories.values():
        assert Path(value).is_relative_to(settings.state_dir)


def test_server_command(settings: Settings) -> None:
    layout = server.layout_for(settings)
    cmd = server.server_command("/usr/bin/java", layout)
    assert cmd[0] == "/usr/bin/java"
    assert {*server.HEAP, "-Dfile.encoding=UTF-8"} <= set(cmd)
    assert "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED" in cmd
    assert cmd[cmd.index("-cp") + 1] == f"{layout.lib}/*"
    assert cmd[-4:] == [
        server.ENTRY_POINT,
        f"--home-dir={layout.home}",
        f"--config-dir={layout.conf_dir}",
        "--console-mode",
    ]
    # The JVM options must come before the main class, or they become program arguments.
    assert cmd.index(server.HEAP[-1]) < cmd.index(server.ENTRY_POINT)


def test_admin_command_and_env(settings: Settings) -> None:
    layout = server.layout_for(settings)
    cmd = server.admin_command("java", layout, "dbms", "set-initial-password", "secret-123")
    assert cmd[cmd.index(server.ADMIN_ENTRY_POINT) + 1 :] == ["dbms", "set-initial-password", "secret-123"]
    env = server.neo4j_env(layout)
    assert env["NEO4J_HOME"] == str(layout.home)
    assert env["NEO4J_CONF"] == str(layout.conf_dir)


@pytest.mark.parametrize(
    ("text", "major"),
    [
        ("    java.specification.version = 17\n", 17),
        ("    java.specification.version = 21\n", 21),
        ("    java.specification.version = 1.8\n", 8),
        ("no such line", None),
    ],
)
def test_parse_java_spec_version(text: str, major: int | None) -> None:
    assert server.parse_java_spec_version(text) == major


def test_pom_pins_the_same_version() -> None:
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    root = ET.parse(server.POM).getroot()
    assert root.findtext("m:properties/m:neo4j.version", namespaces=ns) == server.NEO4J_VERSION
    dependency = root.find("m:dependencies/m:dependency", ns)
    assert dependency is not None
    assert dependency.findtext("m:groupId", namespaces=ns) == "org.neo4j"
    assert dependency.findtext("m:artifactId", namespaces=ns) == "neo4j"


def test_fetch_is_skipped_once_complete(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    layout = server.layout_for(settings)
    layout.home.mkdir(parents=True)
    layout.complete_marker.write_text(server.NEO4J_VERSION)
    monkeypatch.setattr(server.shutil, "which", lambda _name: None)  # would fail if Maven were needed
    assert server.fetch_jars(settings) == layout


def test_fetch_without_maven_fails_clearly(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server.shutil, "which", lambda _name: None)
    with pytest.raises(server.Neo4jServerError, match="mvn"):
        server.fetch_jars(settings)


def test_no_pid_file_means_stopped(settings: Settings) -> None:
    assert server.running_pid(server.layout_for(settings)) is None


@pytest.mark.parametrize("content", ["garbage", "dead", "not-neo4j"])
def test_stale_pid_file_is_removed(settings: Settings, content: str) -> None:
    layout = server.layout_for(settings)
    layout.run.mkdir(parents=True)
    if content == "dead":
        proc = subprocess.Popen(["true"])
        proc.wait()
        content = str(proc.pid)
    elif content == "not-neo4j":
        content = str(os.getpid())  # alive, but not a Neo4j server
    layout.pid_file.write_text(content)
    assert server.running_pid(layout) is None
    assert not layout.pid_file.exists()
    status = server.status(settings)
    assert not status.running and "stopped" in status.describe()


def test_external_server_is_never_started_or_stopped(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    external = load_settings({"NEO4J_URI": "bolt://db.example:7687"})

    def forbidden(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("nothing may be fetched or spawned for an external server")

    monkeypatch.setattr(server, "fetch_jars", forbidden)
    monkeypatch.setattr(server.subprocess, "Popen", forbidden)
    monkeypatch.setattr(server.os, "kill", forbidden)
    said: list[str] = []
    server.ensure_running(external, echo=said.append)
    server.stop(external, echo=said.append)
    assert len(said) == 2 and all("bolt://db.example:7687" in line for line in said)


def test_status_of_unreachable_external_server() -> None:
    external = load_settings({"NEO4J_URI": f"bolt://127.0.0.1:{free_port()}"})
    status = server.status(external)
    assert status.external and not status.running
    assert "unreachable" in status.describe()


def test_invalid_port_fails_before_spawning(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = load_settings(
        {
            "KHABAR_STATE_DIR": str(settings.state_dir),
            "KHABAR_CACHE_DIR": str(settings.cache_dir),
            "KHABAR_NEO4J_BOLT_PORT": "70000",
        }
    )
    monkeypatch.setattr(server, "fetch_jars", lambda s, echo=None: server.layout_for(s))
    with pytest.raises(server.Neo4jServerError, match="invalid Bolt port"):
        server.ensure_running(bad, echo=lambda _m: None)


def test_short_password_is_refused_before_running_java(settings: Settings) -> None:
    short = dataclasses.replace(settings, neo4j_password="short")
    with pytest.raises(server.Neo4jServerError, match="at least 8"):
        server._set_initial_password(short, server.layout_for(short), "/nonexistent/java")


def test_cli_registers_neo4j_and_reports_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.setenv("KHABAR_STATE_DIR", str(tmp_path / "state"))
    assert "neo4j" in cli.COMMANDS
    assert cli.main(["neo4j", "status"]) == 3
    assert capsys.readouterr().out.startswith("stopped")


def test_cli_rejects_unknown_action() -> None:
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["neo4j", "restart-everything"])


def test_cli_registry_refuses_duplicates() -> None:
    with pytest.raises(ValueError, match="twice"):
        cli.command("neo4j", "again")(lambda _args, _settings: 0)
