"""One sandbox container: created hardened and verified before use. In fresh mode it takes one
job and is destroyed; in jail mode it takes jobs until it is retired (see `pool`).

This module and `pool` are the only places that talk to the Docker engine.
"""

from __future__ import annotations

import json
import os
import socket
import tempfile
import time
from pathlib import Path
from typing import Any

import docker
from docker.errors import APIError, DockerException, ImageNotFound, NotFound

from sandbox.errors import SandboxBroken, SandboxUnavailable
from sandbox.images import image_tag
from sandbox.languages import get_language
from sandbox.settings import SandboxSettings
from sandbox.wire import AttachedStream, SocketStream
from seccomp.generate import path_for as seccomp_path

LABEL = "usefulwriter.sandbox"
OWNER_LABEL = "usefulwriter.owner"
# The supervisor's capabilities: drop to the learner uid, kill its processes, reset its files.
CAPS = ("CHOWN", "DAC_OVERRIDE", "FOWNER", "KILL", "SETGID", "SETUID")
# In jail mode also SETFCAP: the kernel asks for it to map root into the jail's user namespace
# (the launcher writes its uid_map). Learner code never holds any capability in either mode.
JAIL_CAPS = (*CAPS, "SETFCAP")
CAP_BITS = {"CHOWN": 0, "DAC_OVERRIDE": 1, "FOWNER": 3, "KILL": 5, "SETGID": 6, "SETUID": 7,
            "SETFCAP": 31}


def capabilities(mode: str) -> tuple[str, ...]:
    return JAIL_CAPS if mode == "jail" else CAPS


def expected_cap_eff(mode: str) -> str:
    return f"{sum(1 << CAP_BITS[c] for c in capabilities(mode)):016x}"
READY_TIMEOUT = 30.0
CHANNEL_MOUNT = "/run/uw"  # where a container sees its channel's directory (read-only)


def process_start(pid: int) -> str | None:
    """When a process started (clock ticks since boot): tells a pid from its reuse."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rpartition(")")[2].split()[19]


def owner_id() -> str:
    """host:pid:start of this runner process. The start time matters in containers, where a
    restarted runner gets the same hostname and often the same pid as the one that died."""
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{process_start(pid)}"


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def owner_gone(owner: str) -> bool:
    """Whether `owner` (as `owner_id` writes it) was a process of this host that has ended, or
    whose pid now belongs to another process. Other hosts' owners are never judged gone here."""
    host, pid, start = (owner.split(":") + ["", ""])[:3]
    return host == socket.gethostname() and pid.isdigit() and (
        not pid_alive(int(pid)) or (start != "" and process_start(int(pid)) != start))


def sweep_channels(channel_dir: str, older_than_s: float = 4 * READY_TIMEOUT) -> int:
    """Remove channel directories a runner killed while starting a container left behind (a
    directory lives from the container's creation until its supervisor connects: seconds)."""
    removed = 0
    try:
        names = os.listdir(channel_dir)
    except OSError:
        return 0
    cutoff = time.time() - older_than_s
    for name in names:
        path = os.path.join(channel_dir, name)
        try:
            if not name.startswith("box-") or os.lstat(path).st_mtime > cutoff:
                continue
            for entry in os.listdir(path):
                os.unlink(os.path.join(path, entry))
            os.rmdir(path)
            removed += 1
        except OSError:
            continue  # another runner's, going away now
    return removed


class Box:
    """A started container whose supervisor said ready and passed every hardening check."""

    def __init__(self, client: docker.DockerClient, language: str, settings: SandboxSettings,
                 memory_mb: int) -> None:
        self.client, self.language, self.settings = client, language, settings
        self.memory_mb = memory_mb
        self.id = ""
        self.stream: SocketStream | None = None
        self._channel = ""  # the host directory of its channel's socket, until it connects
        self.facts: dict[str, Any] = {}
        self.created_at = time.monotonic()
        self.jobs = 0  # jobs it has taken
        self.reusable = False  # its last job ended cleanly, with nothing of it left (jail mode)
        self.state = ""  # where its current job is (sandbox.docker_sandbox)
        self.owed = False  # its job's end is still to be read (DockerSandbox.settle)
        self.last: dict[str, Any] = {}  # the supervisor's last message, when it matters

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> Box:
        api = self.client.api
        listener = self._listen() if self.settings.channel == "socket" else None
        try:
            self.id = api.create_container(**self._create_args())["Id"]
            if listener is None:
                raw = api.attach_socket(self.id, params={"stdin": 1, "stdout": 1, "stderr": 1,
                                                         "stream": 1})
                self.stream = AttachedStream(raw)
                api.start(self.id)
            else:
                api.start(self.id)
                self.stream = SocketStream(self._accept(listener), self.log_tail)
            ready = self.stream.read_message(READY_TIMEOUT)
        except ImageNotFound as exc:
            self.destroy()
            raise SandboxUnavailable(
                f"image for {self.language} is missing: run `usefulwriter images build "
                f"{self.language}`") from exc
        except (DockerException, SandboxBroken) as exc:
            self.destroy()
            raise SandboxUnavailable(f"cannot start a {self.language} sandbox: {exc}") from exc
        finally:
            if listener is not None:
                self._unlisten(listener)
        self.facts = ready.get("facts", {})
        problems = self.hardening_problems()
        if ready.get("event") != "ready" or problems:
            self.destroy()
            raise SandboxUnavailable("sandbox refused, hardening not in force: "
                                     + "; ".join(problems or ["no ready message"]))
        return self

    # -- the channel (settings.channel "socket") ----------------------------------------------
    def _listen(self) -> socket.socket:
        """A socket in a new directory of its own (0700), for this container alone to reach."""
        try:
            os.makedirs(self.settings.channel_dir, mode=0o700, exist_ok=True)
            self._channel = tempfile.mkdtemp(prefix="box-", dir=self.settings.channel_dir)
        except OSError as exc:
            raise SandboxUnavailable(
                f"cannot make the sandbox's channel in {self.settings.channel_dir}: {exc} (set "
                "USEFULWRITER_RUNNER_CHANNEL_DIR to a directory this process may write, shared "
                "with the Docker engine at the same path)") from exc
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            listener.bind(os.path.join(self._channel, "sock"))
            listener.listen(1)
        except OSError as exc:
            listener.close()
            self._unlisten(None)
            raise SandboxUnavailable(f"cannot listen for the sandbox's channel: {exc}") from exc
        return listener

    def _accept(self, listener: socket.socket) -> socket.socket:
        """The supervisor's connection; an exited container fails at once, with its log."""
        deadline = time.monotonic() + READY_TIMEOUT
        listener.settimeout(0.2)
        while True:
            try:
                conn, _ = listener.accept()
                conn.settimeout(None)
                return conn
            except TimeoutError:
                pass
            if not self.client.api.inspect_container(self.id)["State"]["Running"]:
                raise SandboxBroken(f"the sandbox ended before it connected: {self.log_tail()}")
            if time.monotonic() > deadline:
                raise SandboxBroken("the sandbox did not connect to its channel (is "
                                    f"{self.settings.channel_dir} the same path for the engine?)")

    def _unlisten(self, listener: socket.socket | None) -> None:
        """Nothing more can connect: the socket and its directory are gone (the container's
        mount now shows an empty, deleted directory)."""
        if listener is not None:
            listener.close()
        if self._channel:
            for remove, path in ((os.unlink, os.path.join(self._channel, "sock")),
                                 (os.rmdir, self._channel)):
                try:
                    remove(path)
                except OSError:
                    pass
            self._channel = ""

    def log_tail(self) -> str:
        """What the container wrote to its log (its supervisor's errors), for diagnostics."""
        try:
            text: bytes = self.client.api.logs(self.id, stdout=True, stderr=True, tail=40)
        except DockerException:
            return ""
        return text.decode(errors="replace").strip()

    def _create_args(self) -> dict[str, Any]:
        s = self.settings
        mem = self._memory_bytes(self.memory_mb)
        lang = get_language(self.language)
        # nr_inodes: empty files cost no blocks but kernel memory; cap them too.
        learner_tmpfs = f"rw,nosuid,nodev,noexec,size={s.tmpfs_mb}m,nr_inodes={s.tmpfs_inodes}"
        host_config = self.client.api.create_host_config(
            network_mode="none",
            read_only=True,
            tmpfs={
                "/box": learner_tmpfs + ",mode=0755,uid=60000,gid=60000",
                "/tmp": learner_tmpfs + ",mode=1777",
                "/dev/shm": learner_tmpfs + ",mode=1777",
                "/sub": f"rw,nosuid,nodev,exec,size={s.tmpfs_mb}m,nr_inodes=4096,mode=0755",
                "/judge": f"rw,nosuid,nodev,noexec,size={s.judge_tmpfs_mb}m,nr_inodes=64,"
                          "mode=0700",
            },
            cap_drop=["ALL"],
            cap_add=list(capabilities(s.mode)),
            security_opt=["no-new-privileges:true",
                          f"seccomp={seccomp_path(lang.name, s.mode == 'jail').read_text()}"],
            mem_limit=mem,
            memswap_limit=mem,
            mem_swappiness=0,
            pids_limit=s.pids,
            nano_cpus=int(s.cpus * 1e9),
            ulimits=[docker.types.Ulimit(name="core", soft=0, hard=0)],
            ipc_mode="private",
            privileged=False,
            runtime=s.runtime,
            binds={self._channel: {"bind": CHANNEL_MOUNT, "mode": "ro"}} if self._channel
            else None,
        )
        jail = s.mode == "jail"
        config = {"warmup": list(lang.warmup_argv) if lang.warmup_argv else None,
                  "jail": {"tmpfs_mb": s.tmpfs_mb, "tmpfs_inodes": s.tmpfs_inodes} if jail
                  else None,
                  "channel": f"{CHANNEL_MOUNT}/sock" if self._channel else None}
        command = ["/usr/bin/python3", "-I", "-S", "/usr/lib/usefulwriter/supervisor.py",
                   json.dumps(config)]
        if jail:
            # A jail mounts a proc of its own, which the kernel refuses while parts of the
            # container's proc are hidden under other mounts; the jail masks the same paths
            # again in its own proc (launcher.c), and only jails run learner code.
            host_config["MaskedPaths"] = []
            host_config["ReadonlyPaths"] = []
        return {
            "image": image_tag(self.language),
            "command": command,
            "stdin_open": not self._channel,
            "tty": False,
            "user": "0:0",
            "network_disabled": True,
            "labels": {LABEL: self.language, OWNER_LABEL: owner_id()},
            "host_config": host_config,
            "environment": {},
        }

    def _memory_bytes(self, memory_mb: int) -> int:
        return (memory_mb + self.settings.memory_slack_mb) * 1024 * 1024

    def hardening_problems(self) -> list[str]:
        f, s = self.facts, self.settings
        checks = {
            "supervisor is not PID 1 as root": f.get("pid") == 1 and f.get("uid") == 0,
            "seccomp filter not applied": f.get("seccomp") == "2",
            "no_new_privs not set": f.get("no_new_privs") == "1",
            f"capabilities {f.get('cap_eff')} != {expected_cap_eff(s.mode)}":
                f.get("cap_eff") == expected_cap_eff(s.mode),
            "root filesystem is writable": f.get("rootfs_readonly") is True,
            f"network interfaces {f.get('interfaces')}": f.get("interfaces") == ["lo"],
            "cgroup CPU accounting unreadable": f.get("cgroup_cpu") is True,
            "cgroup OOM accounting unreadable": f.get("cgroup_oom") is True,
            "memory limit not applied": f.get("memory_limit") == self._memory_bytes(self.memory_mb),
            "tmpfs mounts missing": bool(f.get("tmpfs")) and all(f["tmpfs"].values()),
            f"runtime warm-up failed: {f.get('warmed')}": f.get("warmed") in (None, "ok"),
            "/dev/shm is not our size-limited tmpfs": f.get("shm_inodes") == s.tmpfs_inodes,
            f"supervisor in {f.get('mode')} mode, not {s.mode}": f.get("mode") == s.mode,
            f"cannot make a jail: {f.get('jail')}": s.mode != "jail" or f.get("jail") == "ok",
            "the channel's directory is writable":
                f.get("channel_readonly") is (True if s.channel == "socket" else None),
        }
        return [problem for problem, ok in checks.items() if not ok]

    def set_memory(self, memory_mb: int) -> None:
        """Re-limit the container's cgroup (compile and run phases may differ)."""
        if memory_mb == self.memory_mb:
            return
        mem = self._memory_bytes(memory_mb)
        try:
            if mem > self._memory_bytes(self.memory_mb):
                self.client.api.update_container(self.id, memswap_limit=mem, mem_limit=mem)
            else:
                self.client.api.update_container(self.id, mem_limit=mem, memswap_limit=mem)
        except APIError as exc:
            raise SandboxBroken(f"cannot set memory limit: {exc}") from exc
        self.memory_mb = memory_mb

    def destroy(self) -> None:
        if self.stream is not None:
            self.stream.close()
        if self.id:
            try:
                self.client.api.remove_container(self.id, force=True, v=True)
            except NotFound:
                pass
            except DockerException:
                pass  # the pool's janitor removes labelled leftovers
        self.id = ""
