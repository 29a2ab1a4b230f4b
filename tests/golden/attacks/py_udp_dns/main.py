import socket
gw, gw_port, lo_port = input().split()
for name, addr in (("udp-gw", (gw, int(gw_port))), ("udp-lo", ("127.0.0.1", int(lo_port)))):
    try:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.sendto(b"uw-leak", addr)
        print(name, "SENT")
    except OSError as e:
        print(name, "blocked", e.errno)
try:
    socket.getaddrinfo("example.com", 80)
    print("dns RESOLVED")
except OSError:
    print("dns blocked")
