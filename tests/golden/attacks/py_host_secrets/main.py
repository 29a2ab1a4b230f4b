import errno, os


def show(path, limit=4000):
    try:
        with open(path, "rb") as f:
            data = f.read(limit)
        print(f"--- {path} readable")
        print(data.replace(b"\0", b" ").decode(errors="replace"))
    except OSError as e:
        print(f"--- {path} denied {errno.errorcode[e.errno]}")


def secret(path):
    try:
        with open(path, "rb") as f:
            data = f.read(64)
        print(f"{path} ALLOWED" if data else f"{path} empty (masked)")
    except OSError as e:
        print(f"{path} denied {errno.errorcode[e.errno]}")


for path in ("/proc/1/environ", "/proc/1/maps", "/proc/1/mem", "/proc/1/stack", "/proc/1/syscall",
             "/proc/1/auxv", "/etc/shadow", "/proc/kcore", "/proc/kmsg", "/proc/keys",
             "/sys/kernel/security/apparmor/profiles"):
    secret(path)
print("env", " ".join(f"{k}={v}" for k, v in sorted(os.environ.items())))
print("own environ", open("/proc/self/environ", "rb").read().replace(b"\0", b" ").decode())
show("/proc/1/cmdline")
show("/proc/self/mountinfo", 20000)
show("/proc/self/cgroup")
show("/etc/hostname")
show("/etc/hosts")
show("/etc/resolv.conf")
