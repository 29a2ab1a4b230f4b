import errno, os
if input() == "fill":
    block = b"\xaa" * (4 << 20)
    for d in ("/tmp", "/dev/shm", "/box"):
        mb, err = 0, None
        while mb < 200:
            try:
                with open(f"{d}/fill{mb}", "wb") as f:
                    f.write(block)
                mb += 4
            except OSError as e:
                err = errno.errorcode.get(e.errno)
                break
        print(f"{d}: {mb} MB, {err}:", "capped" if mb < 200 else "UNCAPPED", flush=True)
else:
    left = {d: os.listdir(d) for d in ("/tmp", "/dev/shm", "/box")}
    print("LEFTOVER", left) if any(left.values()) else print("empty")
    for i in range(6):
        with open(f"/tmp/again{i}", "wb") as f:
            f.write(b"\x55" * (8 << 20))
    print("space is back")
