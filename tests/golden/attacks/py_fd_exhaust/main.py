import errno, os, resource
fds = []
err = None
while True:
    try:
        fds.append(os.open("/dev/null", os.O_RDONLY))
    except OSError as e:
        err = errno.errorcode[e.errno]
        break
    try:
        r, w = os.pipe()
        fds += [r, w]
    except OSError as e:
        err = errno.errorcode[e.errno]
        break
os.close(fds.pop())
total = len(os.listdir("/proc/self/fd")) - 1
print(f"opened {len(fds)}, {total} open at most, stopped by {err}:",
      "within limit" if total <= 256 else "EXCEEDED")
try:
    resource.setrlimit(resource.RLIMIT_NOFILE, (4096, 4096))
    print("rlimit raise ALLOWED")
except (OSError, ValueError):
    print("rlimit raise denied")
