/* A process that never keeps its pid: it forks and the parent exits, over and over, so a
 * killer that lists pids and then signals them one by one always aims at a pid that is gone. */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
static void run_away(void) {
    for (;;) {
        pid_t p = fork();
        if (p > 0)
            _exit(0);      /* the parent vanishes, the child carries on */
        if (p < 0)
            usleep(100);
    }
}
int main(void) {
    char op[16] = "";
    if (scanf("%15s", op) != 1)
        return 2;
    if (!strcmp(op, "run")) {
        for (int i = 0; i < 16; i++)
            if (fork() == 0) {
                setsid();
                run_away();
            }
        usleep(300000);
        puts("runners started");
        return 0;
    }
    usleep(100000);
    int others = 0;
    DIR *d = opendir("/proc");
    struct dirent *e;
    while ((e = readdir(d))) {
        int pid;
        if (sscanf(e->d_name, "%d", &pid) == 1 && pid != 1 && pid != getpid() && pid != getppid()) {
            printf("SURVIVOR %d\n", pid);
            others++;
        }
    }
    if (!others)
        puts("alone");
    return 0;
}
