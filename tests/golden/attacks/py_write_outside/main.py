"""Writes outside the learner's scratch areas: named targets, then every directory of the tree."""
import errno, os

SCRATCH = ("/box", "/tmp", "/dev/shm")


def attempt(path, create):
    flags = os.O_WRONLY | (os.O_CREAT | os.O_EXCL if create else os.O_APPEND)
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as e:
        return errno.errorcode.get(e.errno, str(e.errno))
    if create:
        os.write(fd, b"pwned\n")
    os.close(fd)
    return None


existing = ["/etc/passwd", "/etc/hosts", "/sub/main.py", "/proc/sys/kernel/core_pattern",
            "/proc/sys/kernel/hostname", "/proc/sys/vm/overcommit_memory", "/proc/sysrq-trigger",
            "/proc/1/oom_score_adj", "/sys/fs/cgroup/memory/memory.limit_in_bytes",
            "/sys/fs/cgroup/pids/pids.max", "/sys/fs/cgroup/cgroup.procs", "/sys/kernel/uevent_helper",
            "/usr/bin/python3", "/bin/sh"]
new = ["/uw-pwned", "/etc/uw-pwned", "/usr/bin/uw-pwned", "/sub/uw-pwned", "/judge/uw-pwned",
       "/root/uw-pwned", "/var/tmp/uw-pwned", "/home/uw-pwned", "/run/uw-pwned",
       "/sys/fs/cgroup/uw-pwned", "/proc/uw-pwned", "/dev/uw-pwned", "/dev/mqueue/uw-pwned"]
for path in existing:
    err = attempt(path, False)
    print(f"write {path}: " + (f"denied {err}" if err else "ALLOWED"))
for path in new:
    err = attempt(path, True)
    print(f"create {path}: " + (f"denied {err}" if err else "ALLOWED"))
for name, call in (("chmod /sub", lambda: os.chmod("/sub", 0o777)),
                   ("rename /sub/main.py", lambda: os.rename("/sub/main.py", "/sub/x.py")),
                   ("symlink in /sub", lambda: os.symlink("/box", "/sub/uw-pwned")),
                   ("utime /sub/main.py", lambda: os.utime("/sub/main.py", (0, 0))),
                   ("chown /box", lambda: os.chown("/box", 0, 0)),
                   ("hardlink /etc/passwd", lambda: os.link("/etc/passwd", "/box/passwd"))):
    try:
        call()
        print(f"{name}: ALLOWED")
    except OSError as e:
        print(f"{name}: denied {errno.errorcode.get(e.errno)}")

# every directory outside the scratch areas, except the kernel's virtual trees
writable = []
tried = 0
for root, dirs, _files in os.walk("/"):
    if root in ("/proc", "/sys") or root.startswith(SCRATCH):
        dirs[:] = []
        continue
    tried += 1
    if attempt(os.path.join(root, "uw-pwned"), True) is None:
        writable.append(root)
print(f"walked {tried} directories, writable outside scratch: {writable or 'none'}")
if writable:
    print("ALLOWED in", writable)
