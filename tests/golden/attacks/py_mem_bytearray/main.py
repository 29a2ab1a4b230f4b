chunks = []
while True:
    b = bytearray(16 << 20)
    b[::4096] = b"\x01" * len(range(0, 16 << 20, 4096))  # make sure every page is real
    chunks.append(b)
    if len(chunks) * 16 >= 4096:
        print("ALLOCATED 4 GB")
        break
