#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
int main(void) {
    int n = 0, last = -1;
    for (;;) {
        int fd = open("/dev/null", O_RDONLY);
        if (fd < 0)
            break;
        last = fd;
        n++;
    }
    int err = errno;
    printf("opened %d more fds, highest %d, stopped by %s: %s\n", n, last, strerrorname_np(err),
           last < 256 ? "within limit" : "EXCEEDED");
    struct rlimit r = {1 << 20, 1 << 20};
    puts(setrlimit(RLIMIT_NOFILE, &r) == 0 ? "rlimit raise ALLOWED" : "rlimit raise denied");
    puts(dup2(0, 100000) >= 0 ? "dup2 100000 ALLOWED" : "dup2 100000 denied");
    return 0;
}
