"""Test 1 plants traps for the supervisor's between-test wipe; test 2 checks it ran normally."""
import os, socket, stat

SCRATCH = ("/box", "/tmp", "/dev/shm")
if input() == "plant":
    os.symlink("/judge", "/box/x")
    os.symlink("/", "/tmp/evil")
    os.symlink("/sub", "/dev/shm/sub")
    os.symlink("/judge/stdin", "/box/stdin")
    os.symlink("loop", "/tmp/loop")
    os.symlink("/proc/1/root", "/box/root1")
    for base in SCRATCH:
        os.makedirs(f"{base}/locked/inner/deeper")
        for d in (f"{base}/locked", f"{base}/locked/inner", f"{base}/locked/inner/deeper"):
            with open(f"{d}/file", "w") as f:
                f.write("x")
            os.symlink("/etc", f"{d}/etc-link")
        os.chmod(f"{base}/locked/inner/deeper", 0)
        os.chmod(f"{base}/locked/inner", 0)
        os.chmod(f"{base}/locked", 0)
        os.mkfifo(f"{base}/fifo")  # FIFOs are allowed; device nodes need CAP_MKNOD
        s = socket.socket(socket.AF_UNIX)
        s.bind(f"{base}/sock")
        with open(f"{base}/readonly", "w") as f:
            f.write("x")
        os.chmod(f"{base}/readonly", 0)
    os.mkdir("/tmp/sticky", 0o1777)
    print("planted", flush=True)
    os.chmod("/box", 0)          # lock the work dir itself (the learner owns it)
else:
    bad = []
    for base in SCRATCH:
        try:
            left = os.listdir(base)
        except OSError as e:
            bad.append(f"{base} unreadable {e}")
            continue
        if left:
            bad.append(f"{base} holds {sorted(left)}")
    st = os.stat("/box")
    if st.st_uid != os.getuid() or stat.S_IMODE(st.st_mode) != 0o755:
        bad.append(f"/box mode {oct(st.st_mode)} uid {st.st_uid}")
    for target in ("/etc/passwd", "/sub/main.py"):
        if not os.path.isfile(target):
            bad.append(f"{target} GONE")
    try:
        with open("work", "w") as f:
            f.write("ok")
        os.mkdir("/tmp/d")
        open("/dev/shm/f", "w").close()
    except OSError as e:
        bad.append(f"not writable: {e}")
    print("DIRTY", bad) if bad else print("clean")
