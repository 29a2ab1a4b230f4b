#include <pthread.h>
#include <stdio.h>
#include <unistd.h>
static void *idle(void *arg) { for (;;) pause(); return arg; }
int main(void) {
    int n = 0;
    pthread_t t;
    while (n < 100000 && pthread_create(&t, 0, idle, 0) == 0)
        n++;
    printf("threads %d: %s\n", n, n < 200 ? "capped" : "UNBOUNDED");
    return 0;
}
