#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
static const char *dirs[] = {"/dev/shm", "/tmp", "/box"};
static char chunk[4 << 20];
static size_t fill(const char *dir) {
    size_t mb = 0;
    for (int i = 0; mb < 200; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s/fill%d", dir, i);
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0)
            break;
        ssize_t w = write(fd, chunk, sizeof chunk);
        close(fd);
        if (w != (ssize_t)sizeof chunk)
            break;
        mb += 4;
    }
    return mb;
}
static int empty(const char *dir) {
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    if (!d)
        return 0;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    closedir(d);
    return n == 0;
}
static void heap(size_t mb) {
    for (size_t i = 0; i < mb; i += 16) {
        char *p = malloc(16 << 20);
        memset(p, 7, 16 << 20);
        __asm__ volatile("" : : "r"(p) : "memory");
    }
}
int main(void) {
    char op[16] = "";
    if (scanf("%15s", op) != 1)
        return 2;
    if (!strcmp(op, "fill")) {
        memset(chunk, 'x', sizeof chunk);
        for (int i = 0; i < 3; i++) {
            size_t mb = fill(dirs[i]);
            printf("%s: %zu MB %s\n", dirs[i], mb, mb < 200 ? "capped" : "UNCAPPED");
        }
        fflush(stdout);
        heap(1024);
        puts("HEAP GREW");
        return 0;
    }
    for (int i = 0; i < 3; i++)
        if (!empty(dirs[i]))
            printf("LEFTOVER in %s\n", dirs[i]);
    heap(192);
    puts("heap ok");
    return 0;
}
