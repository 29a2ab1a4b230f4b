#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int main(void) {
    int fd = open("/box/sparse", O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        printf("open failed %s\n", strerror(errno));
        return 1;
    }
    puts("opened");
    fflush(stdout);
    if (ftruncate(fd, 10LL << 30) == 0)
        puts("TRUNCATED to 10 GB");
    else
        printf("ftruncate failed: %s\n", strerror(errno));
    if (pwrite(fd, "x", 1, 10LL << 30) == 1)
        puts("WROTE at 10 GB");
    return 0;
}
