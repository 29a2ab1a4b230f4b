#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
static void report(const char *name, int fd) {
    if (fd >= 0) {
        printf("%s ALLOWED\n", name);
        close(fd);
    } else {
        printf("%s denied %s\n", name, strerrorname_np(errno));
    }
}
int main(void) {
    report("raw-icmp", socket(AF_INET, SOCK_RAW, IPPROTO_ICMP));
    report("raw-ip", socket(AF_INET, SOCK_RAW, IPPROTO_RAW));
    report("raw-ipv6", socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6));
    report("packet", socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL)));
    report("packet-dgram", socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP)));
    return 0;
}
