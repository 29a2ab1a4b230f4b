import os
pids = sorted(p for p in os.listdir("/proc") if p.isdigit())
me = os.readlink("/proc/self")
print("processes", sorted("self" if p == me else p for p in pids))
for path in ("/proc/sched_debug", "/proc/timer_list", "/proc/keys", "/proc/kcore",
             "/proc/latency_stats", "/proc/interrupts"):
    try:
        with open(path, "rb") as f:
            data = f.read(4096)
    except OSError:
        continue
    if data:
        print("LEAK", path, data[:80])
for path in ("/proc/acpi", "/proc/scsi", "/proc/asound", "/sys/firmware"):
    if os.path.isdir(path) and os.listdir(path):
        print("LEAK", path, os.listdir(path)[:5])
print("masked")
for path in ("/proc/sys/kernel/hostname", "/proc/sysrq-trigger"):
    try:
        with open(path, "w") as f:
            f.write("x")
        print("WRITABLE", path)
    except OSError:
        pass
print("read-only")
