#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>
int main(void) {
    const char *paths[] = {"/tmp/uw-leak-c", "/dev/shm/uw-leak-c", "/box/uw-leak-c", "/tmp/.uw-hidden-c"};
    for (int i = 0; i < 4; i++) {
        int fd = open(paths[i], O_WRONLY | O_CREAT | O_TRUNC, 0666);
        if (fd >= 0) {
            write(fd, "secret", 6);
            close(fd);
        }
    }
    int shm = shmget(0x5558, 1 << 16, IPC_CREAT | 0666);
    if (shm >= 0) {
        char *p = shmat(shm, 0, 0);
        if (p != (void *)-1)
            strcpy(p, "secret in sysv shm");
    }
    int sem = semget(0x5558, 1, IPC_CREAT | 0666);
    int msg = msgget(0x5558, IPC_CREAT | 0666);
    printf("planted shm=%d sem=%d msg=%d\n", shm, sem, msg);
    fflush(stdout);
    if (fork() == 0) {           /* a keeper process that re-plants the files */
        setsid();
        for (;;) {
            int fd = open("/dev/shm/uw-leak-c-keeper", O_WRONLY | O_CREAT, 0666);
            if (fd >= 0)
                close(fd);
            usleep(10000);
        }
    }
    return 0;
}
