import ctypes, os, socket, time
libc = ctypes.CDLL(None, use_errno=True)
for path in ("/dev/shm/uw-leak", "/tmp/uw-leak", "/box/uw-leak"):
    with open(path, "w") as f:
        f.write("secret")
shm = libc.shmget(0x5557, 4096, 0o1666)
sem = libc.semget(0x5557, 1, 0o1666)
msg = libc.msgget(0x5557, 0o1666)
s = socket.socket(socket.AF_UNIX)
s.bind("\0uw-leak")
s.listen(1)
if os.fork() == 0:
    os.setsid()
    time.sleep(30)
print("planted", shm, sem, msg)
