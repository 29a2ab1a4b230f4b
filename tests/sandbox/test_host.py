from __future__ import annotations

import os
import socket

import docker
import pytest

from sandbox.box import LABEL, OWNER_LABEL, owner_id, process_start
from sandbox.host import RunnerHost
from sandbox.images import image_tag
from sandbox.languages import get_language
from sandbox.pool import remove_orphans
from sandbox.settings import SandboxSettings


def test_a_language_failing_its_selftest_is_not_served(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(get_language("javascript"), "selftest_stdout", b"not what it prints\n")
    host = RunnerHost(SandboxSettings(pool_size=0), languages=["python3", "javascript"])
    try:
        assert host.languages == ["python3"]
        assert [r.language for r in host.failed] == ["javascript"]
        assert "wrong output" in host.failed[0].detail
        assert host.sandbox is not None and host.sandbox.languages == ["python3"]
    finally:
        host.close()


def _labelled(client: docker.DockerClient, owner: str) -> str:
    cid: str = client.api.create_container(
        image_tag("python3"), command=["/bin/true"], network_disabled=True,
        labels={LABEL: "python3", OWNER_LABEL: owner})["Id"]
    return cid


def test_containers_of_a_crashed_runner_are_removed() -> None:
    client = docker.from_env()
    host = socket.gethostname()
    dead = _labelled(client, f"{host}:999999999")
    alive = _labelled(client, f"{host}:1")
    elsewhere = _labelled(client, "another-host:1234")
    me = _labelled(client, owner_id())
    # a restarted runner container: same hostname, same pid, another process
    reused = _labelled(client, f"{host}:{os.getpid()}:{int(process_start(os.getpid()) or 0) - 1}")
    try:
        assert remove_orphans(client) >= 2
        left = {c["Id"] for c in client.api.containers(all=True, filters={"label": LABEL})}
        assert dead not in left and reused not in left
        assert alive in left and elsewhere in left and me in left
    finally:
        for cid in (dead, alive, elsewhere, me, reused):
            try:
                client.api.remove_container(cid, force=True)
            except docker.errors.NotFound:
                pass
