import signal
signal.signal(signal.SIGXFSZ, signal.SIG_DFL)  # CPython ignores it by default; a C program would not
print("writing", flush=True)
block = b"x" * (1 << 20)
with open("/box/big", "wb", buffering=0) as f:
    for i in range(100):
        f.write(block)
print("WROTE 100 MB")
