#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>
int main(void) {
    int found = 0;
    const char *dirs[] = {"/tmp", "/dev/shm", "/box"};
    for (int i = 0; i < 3; i++) {
        DIR *d = opendir(dirs[i]);
        struct dirent *e;
        while (d && (e = readdir(d)))
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
                printf("FOUND %s/%s\n", dirs[i], e->d_name);
                found++;
            }
        if (d)
            closedir(d);
    }
    if (shmget(0x5558, 0, 0) >= 0) { puts("FOUND shm"); found++; }
    if (semget(0x5558, 0, 0) >= 0) { puts("FOUND sem"); found++; }
    if (msgget(0x5558, 0) >= 0) { puts("FOUND msg"); found++; }
    FILE *f = fopen("/proc/sysvipc/shm", "r");
    char line[512];
    int rows = 0;
    while (f && fgets(line, sizeof line, f))
        rows++;
    if (rows > 1) { printf("FOUND %d shm segments\n", rows - 1); found++; }
    DIR *p = opendir("/proc");
    struct dirent *e;
    while (p && (e = readdir(p))) {
        int pid = 0;
        if (sscanf(e->d_name, "%d", &pid) == 1 && pid != 1 && pid != getpid() && pid != getppid()) {
            printf("FOUND process %d\n", pid);
            found++;
        }
    }
    puts(found ? "leaked" : "nothing found");
    return 0;
}
