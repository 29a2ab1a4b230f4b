#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int main(void) {
    signal(SIGXFSZ, SIG_IGN);  /* handle the error instead of dying */
    int fd = open("/tmp/big", O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fallocate(fd, 0, 0, 10LL << 30) == 0)
        puts("fallocate 10 GB ALLOCATED");
    else
        printf("fallocate 10 GB failed: %s\n", strerrorname_np(errno));
    if (fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, 10LL << 30) == 0)
        puts("fallocate keep-size 10 GB ALLOCATED");
    else
        printf("fallocate keep-size 10 GB failed: %s\n", strerrorname_np(errno));
    close(fd);
    unlink("/tmp/big");
    const char *dirs[] = {"/tmp", "/dev/shm", "/box"};
    long total = 0;
    int err = 0;
    for (int d = 0; d < 3; d++)
        for (int i = 0; total < 1024; i++) {
            char path[64];
            snprintf(path, sizeof path, "%s/f%d", dirs[d], i);
            fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
            if (fd < 0) { err = errno; break; }
            int r = fallocate(fd, 0, 0, 8 << 20);
            err = errno;
            close(fd);
            if (r != 0) break;
            total += 8;
        }
    printf("allocated %ld MB in 8 MB files, stopped by %s: %s\n", total, strerrorname_np(err),
           total < 200 ? "capped" : "UNCAPPED");
    return 0;
}
