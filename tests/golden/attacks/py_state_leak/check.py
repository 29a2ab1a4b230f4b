import ctypes, os, socket
libc = ctypes.CDLL(None, use_errno=True)
found = []
for path in ("/dev/shm/uw-leak", "/tmp/uw-leak", "/box/uw-leak"):
    if os.path.exists(path):
        found.append(path)
for name, call in (("shm", lambda: libc.shmget(0x5557, 0, 0)), ("sem", lambda: libc.semget(0x5557, 0, 0)),
                   ("msg", lambda: libc.msgget(0x5557, 0))):
    if call() >= 0:
        found.append(name)
try:
    s = socket.socket(socket.AF_UNIX)
    s.connect("\0uw-leak")
    found.append("abstract socket")
except OSError:
    pass
print("FOUND " + ", ".join(found) if found else "nothing found")
