# Tries to carry state from one test to the next of the same submission through System V shared
# memory, semaphores, message queues and POSIX message queues (they live in the container's IPC
# namespace, not in a file). stdin: "plant KIND" or "check KIND". A check looks the object up by
# key or name AND in the kernel's own tables, so it would see a leftover however it got there.
import ctypes
import os
import sys

libc = ctypes.CDLL(None, use_errno=True)
KEY, QUEUE, CREATE = 0x555A, b"/uw-leak-py", 0o1000 | 0o666  # IPC_CREAT | rw for all


def listed(table):
    try:
        with open(table) as f:
            return len(f.readlines()) > 1  # a header, then one row per object
    except OSError:
        return False


def plant(kind):
    if kind == "shm":
        return libc.shmget(KEY, 4096, CREATE)
    if kind == "sem":
        return libc.semget(KEY, 1, CREATE)
    if kind == "msg":
        return libc.msgget(KEY, CREATE)
    return libc.mq_open(QUEUE, os.O_CREAT | os.O_RDWR, 0o666, None)


def found(kind):
    if kind == "mq":
        return libc.mq_open(QUEUE, os.O_RDONLY) >= 0 or os.path.exists("/dev/mqueue/uw-leak-py")
    lookup = {"shm": lambda: libc.shmget(KEY, 0, 0), "sem": lambda: libc.semget(KEY, 0, 0),
              "msg": lambda: libc.msgget(KEY, 0)}[kind]
    return lookup() >= 0 or listed(f"/proc/sysvipc/{kind}")


verb, kind = sys.stdin.read().split()
if verb == "plant":
    made = plant(kind)
    print(f"made {kind}" if made >= 0 else f"{kind} refused: {os.strerror(ctypes.get_errno())}")
else:
    print("FOUND a leftover" if found(kind) else "nothing found")
