import os, sys, time
if input() == "spawn":
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            for fd in (0, 1, 2):
                os.close(fd)
            while True:
                with open("/tmp/daemon-alive", "w") as f:
                    f.write(str(time.time()))
                time.sleep(0.01)
        os._exit(0)
    time.sleep(0.2)
    print("spawned")
else:
    time.sleep(0.1)
    others = [p for p in os.listdir("/proc") if p.isdigit() and int(p) not in (1, os.getppid(), os.getpid())]
    if others or os.path.exists("/tmp/daemon-alive"):
        print("SURVIVOR", others)
    else:
        print("alone")
