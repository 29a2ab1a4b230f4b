#include <stdio.h>
#include <unistd.h>
int main(void) {
    puts("pausing");
    fflush(stdout);
    pause();
    puts("WOKE");
    return 0;
}
