#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
static int entries(const char *dir) {
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    if (!d)
        return -1;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    closedir(d);
    return n;
}
int main(void) {
    char op[16] = "";
    if (scanf("%15s", op) != 1)
        return 2;
    if (!strcmp(op, "flood")) {
        long n = 0;
        char name[64];
        for (;; n++) {
            snprintf(name, sizeof name, "/tmp/i%ld", n);
            int fd = open(name, O_WRONLY | O_CREAT | O_EXCL, 0600);
            if (fd < 0)
                break;
            close(fd);
            if (n % 50000 == 0) {
                printf("created %ld\n", n);
                fflush(stdout);
            }
        }
        printf("stopped after %ld files: %s\n", n, strerror(errno));
        return 0;
    }
    int fd = open("/tmp/after", O_WRONLY | O_CREAT | O_EXCL, 0600);
    printf("/tmp entries %d, /box entries %d, create %s\n", entries("/tmp"), entries("/box"),
           fd >= 0 ? "works" : "FAILS");
    if (entries("/tmp") == 1 && fd >= 0)
        puts("clean");
    return 0;
}
