/* Tries to carry state from one test to the next of the same submission through System V
 * shared memory, semaphores, message queues and POSIX message queues (all of which live in the
 * container's IPC namespace, not in a file). stdin: "plant KIND" or "check KIND". A check looks
 * the object up by its key or name AND in the kernel's own tables (/proc/sysvipc, /dev/mqueue),
 * so it would see a leftover however it got there. */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>
#define KEY 0x5559
#define QUEUE "/uw-leak-c"
static int listed(const char *table) {
    FILE *f = fopen(table, "r");
    if (!f)
        return 0;
    char line[512];
    int rows = 0;
    while (fgets(line, sizeof line, f))
        rows++;
    fclose(f);
    return rows > 1; /* a header, then one row per object */
}
static void report(const char *kind, int made) {
    if (made >= 0)
        printf("made %s\n", kind);
    else
        printf("%s refused: %s\n", kind, strerror(errno));
}
static int plant(const char *kind) {
    if (!strcmp(kind, "shm")) {
        int id = shmget(KEY, 4096, IPC_CREAT | 0666);
        char *p = id >= 0 ? shmat(id, 0, 0) : (void *)-1;
        if (p != (void *)-1)
            strcpy(p, "cached answer");
        return id;
    }
    if (!strcmp(kind, "sem")) {
        int id = semget(KEY, 1, IPC_CREAT | 0666);
        if (id >= 0)
            semctl(id, 0, SETVAL, 42);
        return id;
    }
    if (!strcmp(kind, "msg")) {
        int id = msgget(KEY, IPC_CREAT | 0666);
        struct { long type; char text[16]; } m = {1, "cached answer"};
        if (id >= 0)
            msgsnd(id, &m, sizeof m.text, 0);
        return id;
    }
    mqd_t q = mq_open(QUEUE, O_CREAT | O_RDWR, 0666, NULL);
    if (q != (mqd_t)-1)
        mq_send(q, "cached answer", 13, 0);
    return (int)q;
}
static int found(const char *kind) {
    if (!strcmp(kind, "shm"))
        return shmget(KEY, 0, 0) >= 0 || listed("/proc/sysvipc/shm");
    if (!strcmp(kind, "sem"))
        return semget(KEY, 0, 0) >= 0 || listed("/proc/sysvipc/sem");
    if (!strcmp(kind, "msg"))
        return msgget(KEY, 0) >= 0 || listed("/proc/sysvipc/msg");
    return mq_open(QUEUE, O_RDONLY) != (mqd_t)-1 || access("/dev/mqueue" QUEUE, F_OK) == 0;
}
int main(void) {
    char verb[16], kind[16];
    if (scanf("%15s %15s", verb, kind) != 2)
        return 2;
    if (!strcmp(verb, "plant"))
        report(kind, plant(kind));
    else
        puts(found(kind) ? "FOUND a leftover" : "nothing found");
    return 0;
}
