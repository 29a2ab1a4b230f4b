# The cross-submission probe, run by every language's wrapper as `/usr/bin/python3 -` with this
# text on stdin after a first line that sets MODE. MODE = "plant": leave state in every channel a
# learner process can reach, and keep a daemon alive that goes on planting. MODE = "find": look
# for any of it and print "nothing found", or "FOUND" and what was found.
import ctypes
import os
import resource
import signal
import socket
import sys
import time

libc = ctypes.CDLL(None, use_errno=True)
MARK = "uw-leak"
TCP_PORT, UDP_PORT = 47011, 47012
ABSTRACT = b"\0uw-leak-abstract"
KEY = 0x5557
NOFILE_MARK = 77
CANDIDATES = ["/", "/box", "/tmp", "/dev/shm", "/var/tmp", "/run", "/run/lock", "/dev/mqueue",
              "/home", "/root", "/sub", "/judge", "/usr/local", "/etc", "/var/lib", "/proc/self/cwd"]
# x86_64 and aarch64 numbers of the calls that libc may not wrap
NR = {"x86_64": {"add_key": 248, "keyctl": 250, "unshare": 272, "clone3": 435, "clone": 56},
      "aarch64": {"add_key": 217, "keyctl": 219, "unshare": 97, "clone3": 435, "clone": 220}}[
    os.uname().machine]
KEY_SPEC_USER_KEYRING, KEYCTL_SEARCH = -4, 10
CLONE_NEWUSER = 0x10000000


def writable_dirs():
    dirs = set(CANDIDATES)
    with open("/proc/self/mountinfo") as f:
        for line in f:
            fields = line.split()
            if "rw" in fields[5].split(","):
                dirs.add(fields[4])
    return sorted(d for d in dirs if os.path.isdir(d) and os.access(d, os.W_OK))


def refused(result):
    return "refused" if result < 0 else f"ALLOWED ({result})"


def plant_files(suffix=""):
    planted = []
    for d in writable_dirs():
        try:
            with open(os.path.join(d, MARK + suffix), "w") as f:
                f.write("secret")
            os.makedirs(os.path.join(d, "." + MARK + "-dir" + suffix, "deeper"), exist_ok=True)
            planted.append(d)
        except OSError:
            pass
    return planted


def daemon_body():
    """A detached process that ignores every signal it can and keeps planting."""
    os.setsid()
    libc.prctl(15, MARK.encode() + b"-d", 0, 0, 0)  # PR_SET_NAME
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT, signal.SIGUSR1, signal.SIGUSR2):
        signal.signal(sig, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_NOFILE, (NOFILE_MARK, NOFILE_MARK))
    held = []
    for family, kind, addr in ((socket.AF_INET, socket.SOCK_STREAM, ("127.0.0.1", TCP_PORT)),
                               (socket.AF_INET, socket.SOCK_DGRAM, ("127.0.0.1", UDP_PORT)),
                               (socket.AF_UNIX, socket.SOCK_STREAM, ABSTRACT),
                               (socket.AF_UNIX, socket.SOCK_STREAM, f"/tmp/{MARK}.sock"),
                               (socket.AF_UNIX, socket.SOCK_STREAM, f"/box/{MARK}.sock")):
        try:
            s = socket.socket(family, kind)
            s.bind(addr)
            if kind == socket.SOCK_STREAM:
                s.listen(8)
            held.append(s)
        except OSError:
            pass
    inotify = [libc.inotify_init() for _ in range(20)]
    for fd in inotify:
        if fd >= 0:
            for d in ("/box", "/tmp", "/dev/shm"):
                libc.inotify_add_watch(fd, d.encode(), 0xFFF)
    signal.setitimer(signal.ITIMER_REAL, 0.05, 0.05)
    signal.signal(signal.SIGALRM, lambda *_: plant_files("-late"))
    time.sleep(0.6)  # the planting program has ended by now: signal what comes after it
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.kill(-1, signal.SIGUSR1)  # anything of a later submission that it can see
        except OSError:
            pass
        time.sleep(0.02)
    os._exit(0)


def spawn(body):
    pid = os.fork()
    if pid == 0:
        try:
            if os.fork() == 0:  # double fork: the grandchild is nobody's child here
                body()
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


def stopped():
    os.kill(os.getpid(), signal.SIGSTOP)
    time.sleep(30)


def blocked():
    signal.pthread_sigmask(signal.SIG_BLOCK, signal.valid_signals())
    os.setsid()
    time.sleep(30)


def plant():
    signal.signal(signal.SIGUSR1, signal.SIG_IGN)
    report = [f"files in {len(plant_files())} dirs"]
    os.environ["UW_LEAK"] = "1"
    report.append("shm " + refused(libc.shmget(KEY, 4096, 0o1666)))
    report.append("sem " + refused(libc.semget(KEY, 1, 0o1666)))
    report.append("msg " + refused(libc.msgget(KEY, 0o1666)))
    mq_open = getattr(libc, "mq_open", None)
    if mq_open is not None:
        report.append("mq " + refused(mq_open(b"/" + MARK.encode(), 0o100 | 0o2, 0o666, None)))
    key = libc.syscall(NR["add_key"], b"user", MARK.encode(), b"secret", 6,
                       KEY_SPEC_USER_KEYRING)
    report.append("keyring " + refused(key))
    report.append("hostname " + refused(libc.sethostname(MARK.encode(), len(MARK))))
    report.append("unshare " + refused(libc.syscall(NR["unshare"], CLONE_NEWUSER)))
    report.append("clone3 " + refused(libc.syscall(NR["clone3"], None, 0)))
    child = libc.syscall(NR["clone"], CLONE_NEWUSER | signal.SIGCHLD, None, None, None, None)
    if child == 0:  # a new user namespace after all: say nothing more, leave at once
        os._exit(0)
    if child > 0:
        os.waitpid(child, 0)
    report.append("clone newuser " + refused(child))
    report.append("mount " + refused(libc.mount(b"none", b"/box", b"tmpfs", 0, None)))
    for body in (daemon_body, stopped, blocked):
        spawn(body)
    time.sleep(0.3)  # let the daemon bind and plant before this program ends
    print("planted: " + "; ".join(report))


def my_lineage():
    """This process and its ancestors (the language's own runtime, when it is our parent)."""
    pids, pid = set(), os.readlink("/proc/self")
    while pid not in ("0", "") and pid not in pids:
        pids.add(pid)
        with open(f"/proc/{pid}/stat") as f:
            pid = f.read().rpartition(")")[2].split()[1]
    return pids


def find():
    found, signals = [], []
    for sig in (signal.SIGUSR1, signal.SIGTERM, signal.SIGHUP, signal.SIGALRM):
        signal.signal(sig, lambda n, _f: signals.append(n))

    def look_for_files():
        for d in writable_dirs() + ["/box", "/tmp", "/dev/shm"]:
            try:
                names = os.listdir(d)
            except OSError:
                continue
            found.extend(f"{d}/{n}" for n in names if MARK in n)

    look_for_files()
    mine = my_lineage()
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or pid in mine:
            continue
        try:
            with open(f"/proc/{pid}/status") as f:
                status = f.read()
        except OSError:
            continue
        uid = status.split("Uid:")[1].split()[0]
        name = status.split("Name:")[1].split()[0]
        if uid != "0" or MARK in name:
            found.append(f"process {pid} ({name}, uid {uid})")
    try:
        socket.create_connection(("127.0.0.1", TCP_PORT), timeout=0.5).close()
        found.append("tcp listener")
    except OSError:
        pass
    for kind, port in ((socket.SOCK_DGRAM, UDP_PORT), (socket.SOCK_STREAM, TCP_PORT)):
        s = socket.socket(socket.AF_INET, kind)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            found.append(f"port {port} taken")
        finally:
            s.close()
    try:
        s = socket.socket(socket.AF_UNIX)
        s.connect(ABSTRACT)
        found.append("abstract socket")
    except OSError:
        pass
    for name, call in (("shm", lambda: libc.shmget(KEY, 0, 0)),
                       ("sem", lambda: libc.semget(KEY, 0, 0)),
                       ("msg", lambda: libc.msgget(KEY, 0))):
        if call() >= 0:
            found.append(f"System V {name}")
    if getattr(libc, "mq_open", None) is not None and \
            libc.mq_open(b"/" + MARK.encode(), 0, 0, None) >= 0:
        found.append("message queue")
    if libc.syscall(NR["keyctl"], KEYCTL_SEARCH, KEY_SPEC_USER_KEYRING, b"user",
                    MARK.encode(), 0) >= 0:
        found.append("key in the user keyring")
    if "UW_LEAK" in os.environ:
        found.append("environment")
    if resource.getrlimit(resource.RLIMIT_NOFILE)[0] == NOFILE_MARK:
        found.append("rlimit")
    if socket.gethostname() == MARK:
        found.append("hostname")
    fd = libc.inotify_init()
    if fd < 0 or libc.inotify_add_watch(fd, b"/box", 0xFFF) < 0:
        found.append("inotify exhausted")
    time.sleep(0.4)  # anything still running would plant late files or signal us by now
    look_for_files()
    if signals:
        found.append(f"signals {sorted(set(signals))}")
    print("FOUND " + ", ".join(sorted(set(found))) if found else "nothing found")


plant() if MODE == "plant" else find()  # noqa: F821 - MODE comes from the first line
