#include <pthread.h>
static void *burn(void *arg) { volatile unsigned long x = 0; for (;;) x++; return arg; }
int main(void) {
    pthread_t t[4];
    for (int i = 0; i < 4; i++) pthread_create(&t[i], 0, burn, 0);
    for (int i = 0; i < 4; i++) pthread_join(t[i], 0);
    return 0;
}
