#!/usr/bin/python3
"""The in-container supervisor: PID 1 of every sandbox container. Standard library only.

It runs as root inside the container (with a handful of capabilities: SETUID/SETGID to drop to
the learner uid, KILL to end learner processes, CHOWN/DAC_OVERRIDE/FOWNER to reset the learner's
scratch areas) and is non-dumpable, so learner code (uid 60000, no capabilities) can neither
signal, trace nor read it. As PID 1 of the container's pid namespace it adopts every orphan,
which is what lets it kill and account for the whole process tree after each test.

Protocol, over the host's channel: a Unix socket it connects to at start (config "channel":
its path, under a read-only bind mount of a directory of its own, which the host removes once
connected), put on fds 0 and 1; or, without one, the container's attached stdin/stdout. Learner
output never touches them: it is captured through pipes and sent base64-encoded inside the
supervisor's own JSON lines.

  out  {"event": "ready", "facts": {...}}            once, at start
  in   {"op": "job", "files": {...}, "compile": {...} | null, "run": {...}}
  out  {"event": "compiled", "result": {...}}       if there was a compile step
  in   {"op": "test", "name": ..., "size": N} + N raw bytes of stdin     (repeated)
  out  {"event": "test", "name": ..., "result": {...}}
  in   {"op": "end"}
  out  {"event": "done", "clean": true|false, "problems": [...]}

and then the next job, until the host closes the stream. The one argument is a JSON object:
{"warmup": argv | null, "jail": {"tmpfs_mb": N, "tmpfs_inodes": N} | null,
"channel": path | null}. With "jail" (jail mode) each job runs in a jail of its own (fresh
namespaces and scratch filesystems, made by the launcher, the next one while the box waits for
its job): when the job ends the jail is gone with everything in it, and the supervisor checks
that nothing of it is left (no process, no file, no IPC object, no socket) before it says done;
`clean: false` makes the host retire the container.
Without it (fresh mode) the host uses a container for one job.
"""

import array
import base64
import ctypes
import fnmatch
import json
import os
import select
import signal
import socket
import stat
import sys
import time

LEARNER = 60000
BOX, SUB, JUDGE = "/box", "/sub", "/judge"
SCRATCH = (("/box", 0o755, LEARNER), ("/tmp", 0o1777, 0), ("/dev/shm", 0o1777, 0))
TICK = 0.05
# A managed runtime whose peak resident memory reached this share of its heap cap is at the cap.
HEAP_FULL = 0.9
PR_SET_DUMPABLE = 4
LAUNCHER = "/usr/lib/usefulwriter/launcher"
ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": BOX, "LANG": "C.UTF-8", "TMPDIR": "/tmp"}

libc = ctypes.CDLL(None, use_errno=True)
# SIGUSR2 (from the host, through the engine) while a job runs: skip the rest of the job
JOB = {"running": False, "aborted": False}
WAKE = []  # the signal wake-up pipe: (read end, write end)
out = os.fdopen(1, "wb", buffering=0)
inp = os.fdopen(0, "rb")


def emit(obj):
    data = memoryview(json.dumps(obj, separators=(",", ":")).encode() + b"\n")
    while data:  # a signal may cut a write short
        data = data[out.write(data):]


def connect(path):
    """The host's channel on fds 0 and 1, where the protocol is spoken (nothing has been read or
    written on them yet)."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(path)
    os.dup2(sock.fileno(), 0)
    os.dup2(sock.fileno(), 1)
    sock.close()


def read_status_field(name):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(name + ":"):
                return line.split(":", 1)[1].strip()
    return None


def _read_again(fd):
    """A cgroup file's current text, from a descriptor kept open (one syscall, not six)."""
    return os.pread(fd, 4096, 0).decode()


class Cgroup:
    """CPU usage and OOM kills of the container's cgroup (v1 or v2), read-only. The files the
    supervisor reads around every test stay open."""

    def __init__(self):
        self.cpu_path = next((p for p in ("/sys/fs/cgroup/cpuacct/cpuacct.usage",
                                          "/sys/fs/cgroup/cpu,cpuacct/cpuacct.usage",
                                          "/sys/fs/cgroup/cpu.stat") if os.path.exists(p)), None)
        self.oom_path = next((p for p in ("/sys/fs/cgroup/memory/memory.oom_control",
                                          "/sys/fs/cgroup/memory.events") if os.path.exists(p)),
                             None)
        self.mem_limit_path = next((p for p in ("/sys/fs/cgroup/memory/memory.limit_in_bytes",
                                                "/sys/fs/cgroup/memory.max")
                                    if os.path.exists(p)), None)
        self.cpu_fd, self.oom_fd = (None if path is None else os.open(path, os.O_RDONLY |
                                                                      os.O_CLOEXEC)
                                    for path in (self.cpu_path, self.oom_path))

    def cpu(self):
        if self.cpu_fd is None:
            return 0.0
        text = _read_again(self.cpu_fd)
        if self.cpu_path.endswith("cpu.stat"):
            for line in text.splitlines():
                if line.startswith("usage_usec"):
                    return int(line.split()[1]) / 1e6
            return 0.0
        return int(text) / 1e9

    def oom_kills(self):
        if self.oom_fd is None:
            return 0
        for line in _read_again(self.oom_fd).splitlines():
            key, _, value = line.partition(" ")
            if key == "oom_kill":
                return int(value)
        return 0

    def memory_limit(self):
        if self.mem_limit_path is None:
            return None
        with open(self.mem_limit_path) as f:
            text = f.read().strip()
        return None if text == "max" else int(text)


def facts(cg, channel):
    st = os.statvfs("/")
    return {
        "channel_readonly": None if channel is None else
        bool(os.statvfs(os.path.dirname(channel)).f_flag & os.ST_RDONLY),
        "pid": os.getpid(),
        "uid": os.getuid(),
        "seccomp": read_status_field("Seccomp"),
        "no_new_privs": read_status_field("NoNewPrivs"),
        "cap_eff": read_status_field("CapEff"),
        "rootfs_readonly": bool(st.f_flag & os.ST_RDONLY),
        "interfaces": sorted(os.listdir("/sys/class/net")),
        "cgroup_cpu": cg.cpu_path is not None,
        "cgroup_oom": cg.oom_path is not None,
        "memory_limit": cg.memory_limit(),
        "tmpfs": {d: os.path.ismount(d) for d in (BOX, SUB, JUDGE, "/tmp", "/dev/shm")},
        "shm_inodes": os.statvfs("/dev/shm").f_files,
    }


class Zygote:
    """The launcher process that forks learner programs (see launcher.c), and our socket to it.
    Its programs' orphans are ours (PID 1) to kill and reap; `root` is where its scratch
    areas are seen from here."""

    root = ""
    _scratch = None

    def __init__(self):
        self.sock, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        null = os.open("/dev/null", os.O_RDWR)
        actions = [(os.POSIX_SPAWN_DUP2, null, 0), (os.POSIX_SPAWN_DUP2, null, 1),
                   (os.POSIX_SPAWN_DUP2, theirs.fileno(), 3)]
        self.pid = os.posix_spawn(LAUNCHER, [LAUNCHER], ENV, file_actions=actions)
        theirs.close()
        os.close(null)

    def scratch(self):
        """Its learner-writable areas as (directory fd, mode, owner), opened once: resetting
        them after every test then walks no path (through /proc, for a jail)."""
        if self._scratch is None:
            self._scratch = [
                (os.open(self.root + path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW |
                         os.O_CLOEXEC), mode, owner)
                for path, mode, owner in SCRATCH if os.path.isdir(self.root + path)]
        return self._scratch

    def stop_all(self):
        """At a limit hit: kill every learner process now (a fork bomb's survivors would spin
        on the CPU quota the launcher needs to reap the program and report how it ended)."""
        return orphan_usage(kill_all({1, self.pid}))

    def others(self, report):
        """After the program: kill and reap what it left; (CPU seconds, peak KiB) of each."""
        return self.stop_all()

    def open_jail(self, tmpfs_mb, tmpfs_inodes):
        """A new jail (see launcher.c), verified to be in namespaces of its own."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        fields = ["J", str(LEARNER), str(tmpfs_mb), str(tmpfs_inodes)]
        fds = array.array("i", [theirs.fileno()])
        self.sock.sendmsg([b"".join(f.encode() + b"\0" for f in fields)],
                          [(socket.SOL_SOCKET, socket.SCM_RIGHTS, fds)])
        theirs.close()
        report = {}
        while "P" not in report:
            self.receive(report)
            if "E" in report:
                self.receive(report)  # its R
                raise RuntimeError(f"cannot make a jail: {os.strerror(report['E'][0])} "
                                   f"(step {report['E'][1]})")
        return Jail(self, ours, report["P"][0])

    def launch(self, argv, cwd, lim, fds):
        mem = lim["memory_mb"] * 1024 * 1024
        stack = mem if lim.get("stack_mb") is None else lim["stack_mb"] * 1024 * 1024
        fields = [cwd, str(LEARNER), str(int(lim["time_s"]) + 2), str(lim["file_size_bytes"]),
                  str(lim["open_files"]), str(stack), *argv]
        payload = b"".join(f.encode() + b"\0" for f in fields)
        self.sock.sendmsg([payload], [(socket.SOL_SOCKET, socket.SCM_RIGHTS,
                                       array.array("i", fds))])

    def receive(self, report):
        """Read one report message ("P", "E" or "R" and its numbers) into `report`."""
        data = self.sock.recv(4096)
        if not data:
            raise RuntimeError("the launcher died")
        words = data.split()
        report[words[0].decode()] = [int(w) for w in words[1:]]


class Jail(Zygote):
    """pid 1 of a jail, serving launches like the launcher; it kills and reaps every process of
    the jail when a program ends, and reports their usage in its R."""

    def __init__(self, launcher, sock, pid):  # noqa: D107 - not the launcher's constructor
        self.launcher, self.sock, self.pid = launcher, sock, pid
        self.root = f"/proc/{pid}/root"
        report = {}
        try:
            self.receive(report)
            if "J" not in report:
                raise RuntimeError(f"jail failed at setup: {os.strerror(report['E'][0])} "
                                   f"(step {report['E'][1]})" if "E" in report else "no jail")
            for ns in ("user", "mnt", "pid", "ipc", "uts", "net"):
                if os.readlink(f"/proc/{pid}/ns/{ns}") == os.readlink(f"/proc/self/ns/{ns}"):
                    raise RuntimeError(f"jail shares the container's {ns} namespace")
        except BaseException:
            self.close()
            raise

    def stop_all(self):
        os.kill(self.pid, signal.SIGUSR1)  # pid 1 of the jail kills all the rest at once
        return []

    def others(self, report):
        numbers = report["R"] + [0, 0, 0]
        return [((numbers[4] + numbers[5]) / 1e6, numbers[6])]

    def close(self):
        """End the jail (closing its socket ends its pid 1, and with it the namespaces) and
        wait until the launcher has reaped it."""
        for fd, _mode, _owner in self._scratch or ():
            os.close(fd)
        self._scratch = []
        self.sock.close()
        report = {}
        while "R" not in report:
            self.launcher.receive(report)


def orphan_usage(usage):
    return [(u.ru_utime + u.ru_stime, u.ru_maxrss) for u in usage]


def kill_all(keep):
    """Kill every process in the container but `keep` (ourselves, the launcher); reap them."""
    usage = []
    for _ in range(10000):
        victims = [int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) not in keep]
        for pid in victims:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        while True:
            try:
                pid, _status, ru = os.wait4(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            if pid in keep:
                raise RuntimeError("the launcher died")
            usage.append(ru)
        if not victims:
            return usage
        time.sleep(0.0005)
    raise RuntimeError("learner processes survive SIGKILL")


def on_abort(_signum, _frame):
    if JOB["running"]:
        JOB["aborted"] = True


def execute(zygote, argv, cwd, lim, stdin_fd, cg, oom_markers=(), heap_kb=None):
    out_r, out_w = os.pipe2(os.O_CLOEXEC)
    err_r, err_w = os.pipe2(os.O_CLOEXEC)
    cpu0, oom0 = cg.cpu(), cg.oom_kills()
    t0 = time.monotonic()
    zygote.launch(argv, cwd, lim, [stdin_fd, out_w, err_w])
    os.close(out_w), os.close(err_w)
    cap = lim["output_bytes"]
    bufs = {out_r: bytearray(), err_r: bytearray()}
    truncated = {out_r: False, err_r: False}
    poller = select.poll()
    zfd = zygote.sock.fileno()
    for fd in (out_r, err_r, zfd, WAKE[0]):
        poller.register(fd, select.POLLIN)
    open_pipes = {out_r, err_r}
    report = {}
    killed_for = None
    wall_limit, cpu_limit = lim["wall"], lim["time_s"]
    cpu_due = t0 + TICK  # the cgroup's CPU is read every TICK, however busy the pipes are
    while "R" not in report:
        now = time.monotonic()
        if now >= cpu_due:
            cpu_due = now + TICK
            if cg.cpu() - cpu0 > cpu_limit:
                killed_for = "cpu_time"
                break
        if now - t0 > wall_limit:
            killed_for = "wall_time"
            break
        timeout = max(0.0, min(cpu_due - now, wall_limit - (now - t0) + 0.001))
        for fd, _ev in poller.poll(timeout * 1000):
            if fd == WAKE[0]:  # a signal arrived (the handler has run)
                while True:
                    try:
                        os.read(fd, 64)
                    except BlockingIOError:
                        break
                continue
            if fd == zfd:
                zygote.receive(report)
                continue
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                poller.unregister(fd)
                open_pipes.discard(fd)
                continue
            if not _append(bufs, truncated, fd, chunk, cap):
                killed_for = "output"
        if JOB["aborted"]:
            killed_for = "aborted"
        if killed_for:
            break
    wall = time.monotonic() - t0
    early = []
    if killed_for is None:
        # The program is gone; take what its descendants already wrote, without waiting.
        for fd in list(open_pipes):
            os.set_blocking(fd, False)
            while True:
                try:
                    chunk = os.read(fd, 1 << 16)
                except BlockingIOError:
                    break
                if not chunk or not _append(bufs, truncated, fd, chunk, cap):
                    break
    else:
        while "P" not in report and "R" not in report:
            zygote.receive(report)
        early = zygote.stop_all() if "R" not in report else []
        while "R" not in report:
            zygote.receive(report)
    orphans = early + zygote.others(report)
    os.close(out_r), os.close(err_r)
    status, utime, stime, maxrss = report["R"][:4]
    cpu = (utime + stime) / 1e6 + sum(c for c, _ in orphans)
    cg_cpu = cg.cpu() - cpu0
    peak_kb = max([maxrss] + [kb for _, kb in orphans])
    oom = cg.oom_kills() > oom0
    stdout, stderr = bytes(bufs[out_r]), bytes(bufs[err_r])
    result = {
        "exit_code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
        "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
        "cpu_time": round(cpu, 6),
        "wall_time": round(wall, 6),
        "memory_kb": peak_kb,
        "stdout": base64.b64encode(stdout).decode(),
        "stderr": base64.b64encode(stderr).decode(),
        "stdout_truncated": truncated[out_r],
        "stderr_truncated": truncated[err_r],
        "message": "",
    }
    if killed_for == "aborted":
        result.update(status="internal_error", limit_hit=None, message="aborted by the host")
        return result
    if "E" in report:
        err = report["E"] + [0, 0]
        result.update(status="internal_error", limit_hit=None,
                      message=f"launch failed: {os.strerror(err[0])} (step {err[1]})")
        return result
    result["status"], result["limit_hit"] = classify(
        killed_for, result, lim, oom, cpu, cg_cpu, (stdout, stderr), oom_markers)
    if result["status"] == "time_limit" and heap_kb and result["memory_kb"] >= heap_kb * HEAP_FULL:
        # A managed runtime at its heap cap collects garbage until the time runs out: the
        # program ran out of memory, and saying "time" would send the learner the wrong way.
        result.update(status="memory_limit", limit_hit="memory", message=(
            f"out of memory: the runtime's heap was full ({heap_kb // 1024} MiB of the memory "
            f"limit) and it spent the rest of the {result['limit_hit'].replace('_', ' ')} "
            "collecting garbage"))
        return result
    if result["limit_hit"] == "cpu_time":
        result["cpu_time"] = round(max(cpu, cg_cpu), 6)
    return result


def _append(bufs, truncated, fd, chunk, cap):
    """Append learner output; False once the combined output passes the cap."""
    total = len(bufs[next(iter(bufs))]) + len(bufs[list(bufs)[1]])
    room = cap - total
    if len(chunk) > room:
        bufs[fd] += chunk[:max(room, 0)]
        truncated[fd] = True
        return False
    bufs[fd] += chunk
    return True


def classify(killed_for, r, lim, oom, cpu, cg_cpu, outputs, oom_markers):
    sig = r["signal"]
    if killed_for == "output":
        return "output_limit", "output"
    if sig == signal.SIGXFSZ:
        return "output_limit", "file_size"
    failed = sig is not None or r["exit_code"] != 0
    runtime_oom = failed and any(m.encode() in out for m in oom_markers for out in outputs)
    if oom or r["memory_kb"] > lim["memory_mb"] * 1024 or runtime_oom:
        return "memory_limit", "memory"
    if killed_for == "cpu_time" or sig == signal.SIGXCPU or max(cpu, cg_cpu) > lim["time_s"]:
        return "time_limit", "cpu_time"
    if killed_for == "wall_time":
        return "time_limit", "wall_time"
    if failed:
        return "runtime_error", None
    return "ok", None


def reset_scratch(zygote):
    """Empty every learner-writable area of `zygote` (a jail's, or the container's own in fresh
    mode) between tests. SysV IPC and POSIX message queues, which would outlive a test in the
    IPC namespace, are refused by seccomp."""
    for fd, mode, owner in zygote.scratch():
        os.fchown(fd, owner, owner)
        os.fchmod(fd, mode)
        wipe(fd)


def wipe(where):
    """Empty a directory tree (a path, or a directory fd left open) without recursion (learners
    plant chains thousands deep) and without following symlinks; one directory fd of ours
    open at a time, each listing read once."""
    fd = os.dup(where) if isinstance(where, int) else \
        os.open(where, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    stack = []  # (name of the directory we are in, its parent's subdirectories still to do)
    pending = _clear_files(fd)
    try:
        while True:
            if pending:
                name = pending.pop()
                child = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
                os.close(fd)
                fd = child
                stack.append((name, pending))
                pending = _clear_files(fd)
                continue
            if not stack:
                return
            name, pending = stack.pop()
            parent = os.open("..", os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
            os.close(fd)
            fd = parent
            os.rmdir(name, dir_fd=fd)
    finally:
        os.close(fd)


def _clear_files(fd):
    """Unlink every non-directory in the directory open as fd; return its subdirectories."""
    with os.scandir(fd) as it:
        entries = [(e.name, e.is_dir(follow_symlinks=False)) for e in it]
    for name, is_dir in entries:
        if not is_dir:
            os.unlink(name, dir_fd=fd)
    return [name for name, is_dir in entries if is_dir]


def put(directory, name, data, mode, owner):
    if "/" in name or name in ("", ".", ".."):
        raise ValueError(f"bad file name {name!r}")
    dfd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, mode,
                     dir_fd=dfd)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            os.fchown(f.fileno(), owner, owner)
            os.fchmod(f.fileno(), mode)
    finally:
        os.close(dfd)


def collect_artifacts(patterns, root):
    """Copy compiler outputs from the learner's build dir into root-owned /sub."""
    dfd = os.open(root + BOX, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    try:
        names = [n for n in os.listdir(dfd) if any(fnmatch.fnmatch(n, p) for p in patterns)]
        for name in names:
            fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=dfd)
            with os.fdopen(fd, "rb") as f:
                if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                    continue
                data = f.read()
            put(SUB, name, data, 0o755, 0)
    finally:
        os.close(dfd)
    return names


def empty_stdin():
    fd = os.open("/dev/null", os.O_RDONLY)
    return fd


def stdin_from(data):
    path = os.path.join(JUDGE, "stdin")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    rfd = os.open(path, os.O_RDONLY)
    os.unlink(path)
    return rfd


def read_exact(n):
    data = inp.read(n)
    if data is None or len(data) != n:
        raise EOFError("short read")
    return data


def serve(cg, zygote, job):
    if job.get("op") != "job":
        raise ValueError("expected a job")
    comp, run = job.get("compile"), job["run"]
    if comp:
        for name, data in job["files"].items():
            put(zygote.root + BOX, name, base64.b64decode(data), 0o644, LEARNER)
        nul = empty_stdin()
        res = execute(zygote, comp["argv"], BOX, comp["limits"], nul, cg)
        os.close(nul)
        if res["status"] == "ok":
            collect_artifacts(comp["artifacts"], zygote.root)
        reset_scratch(zygote)
        emit({"event": "compiled", "result": res})
        if res["status"] != "ok":
            return
    else:
        for name, data in job["files"].items():
            put(SUB, name, base64.b64decode(data), 0o644, 0)
    while True:
        msg = json.loads(inp.readline())
        if msg["op"] == "end":
            return
        data = read_exact(msg["size"])
        if JOB["aborted"]:
            continue  # the host wants nothing more of this job
        fd = stdin_from(data)
        res = execute(zygote, run["argv"], BOX, run["limits"], fd, cg, run.get("oom_markers", ()),
                      run.get("heap_kb"))
        os.close(fd)
        reset_scratch(zygote)
        emit({"event": "test", "name": msg["name"], "result": res})


def warm_up(zygote, cg, argv):
    """Run the language runtime once before taking a job: a new container's overlay mount
    starts with cold lookup caches, which would otherwise slow the first test by milliseconds."""
    lim = {"time_s": 10, "wall": 20, "memory_mb": 512, "output_bytes": 65536,
           "file_size_bytes": 0, "open_files": 256, "stack_mb": 8}
    nul = empty_stdin()
    try:
        res = execute(zygote, argv, BOX, lim, nul, cg)
    finally:
        os.close(nul)
    reset_scratch(zygote)
    return res["status"]


def leftovers(launcher):
    """What a finished job left in the container: there should be nothing at all."""
    problems = []
    procs = [p for p in os.listdir("/proc") if p.isdigit() and int(p) not in (1, launcher.pid)]
    if procs:
        problems.append(f"processes left: {procs[:5]}")
    for path, _mode, _owner in SCRATCH + ((SUB, 0, 0), (JUDGE, 0, 0)):
        if os.path.isdir(path) and os.listdir(path):
            problems.append(f"files left in {path}")
    for kind in ("shm", "sem", "msg"):
        with open(f"/proc/sysvipc/{kind}") as f:
            if len(f.readlines()) > 1:
                problems.append(f"System V {kind} objects left")
    # The container's own network namespace (no job runs in it): its socket counts, not its
    # tables (reading /proc/net/tcp walks the host-wide hash table: milliseconds)
    for name in ("sockstat", "sockstat6"):
        try:
            with open(f"/proc/net/{name}") as f:
                for line in f:
                    proto, _, rest = line.partition(":")
                    fields = rest.split()
                    if proto in ("TCP", "UDP", "RAW", "TCP6", "UDP6", "RAW6") and \
                            fields[:1] == ["inuse"] and fields[1] != "0":
                        problems.append(f"{proto} sockets left")
        except FileNotFoundError:
            pass
    return problems


def run_job(cg, launcher, job, jail, ready=None):
    """One job; in jail mode in a jail of its own (`ready`, made while the box waited for the
    job, or a new one). Returns what it left behind and how long each phase took (ms)."""
    t0 = time.monotonic()
    if jail is None:
        serve(cg, launcher, job)
        t2 = t1 = time.monotonic()
    else:
        box = ready or launcher.open_jail(jail["tmpfs_mb"], jail["tmpfs_inodes"])
        t1 = time.monotonic()
        try:
            serve(cg, box, job)
        finally:
            t2 = time.monotonic()
            box.close()
    t3 = time.monotonic()
    for path in (SUB, JUDGE):
        wipe(path)
    problems = leftovers(launcher)
    t4 = time.monotonic()
    ms = [round((b - a) * 1000, 2) for a, b in ((t0, t1), (t1, t2), (t2, t3), (t3, t4))]
    return problems, dict(zip(("open", "serve", "close", "check"), ms, strict=True))


def main():
    if libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_DUMPABLE)")
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    for path, mode, owner in SCRATCH + ((SUB, 0o755, 0), (JUDGE, 0o700, 0)):
        if os.path.isdir(path):
            os.chown(path, owner, owner)
            os.chmod(path, mode)
    WAKE.extend(os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC))
    signal.set_wakeup_fd(WAKE[1])
    signal.signal(signal.SIGUSR2, on_abort)
    config = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
    channel = config.get("channel")
    if channel:
        connect(channel)
    jail, warmup = config.get("jail"), config.get("warmup")
    cg = Cgroup()
    launcher = Zygote()
    extra = {"mode": "jail" if jail else "fresh"}
    try:
        if jail:  # prove a jail can be made (and warm the runtime in it) before any job
            box = launcher.open_jail(jail["tmpfs_mb"], jail["tmpfs_inodes"])
            try:
                extra["warmed"] = warm_up(box, cg, warmup or ["/bin/true"])
            finally:
                box.close()
            problems = leftovers(launcher)
            extra["jail"] = "ok" if not problems else "; ".join(problems)
        elif warmup:
            extra["warmed"] = warm_up(launcher, cg, warmup)
    except Exception as exc:  # noqa: BLE001 - reported as a fact: the host refuses the box
        extra["jail"] = f"{type(exc).__name__}: {exc}"
    emit({"event": "ready", "facts": dict(facts(cg, channel), **extra)})
    ready = None
    try:
        while True:
            if jail and ready is None:  # the next job's jail, made while no job waits for it
                ready = launcher.open_jail(jail["tmpfs_mb"], jail["tmpfs_inodes"])
            line = inp.readline()
            if not line:
                return 0
            box, ready = ready, None
            JOB.update(running=True, aborted=False)
            problems, phases = run_job(cg, launcher, json.loads(line), jail, box)
            JOB.update(running=False, aborted=False)
            emit({"event": "done", "clean": not problems, "problems": problems,
                  "phases_ms": phases})
    except Exception as exc:  # noqa: BLE001 - the host turns this into an internal error
        emit({"event": "error", "message": f"{type(exc).__name__}: {exc}"})
        return 1


if __name__ == "__main__":
    sys.exit(main())
