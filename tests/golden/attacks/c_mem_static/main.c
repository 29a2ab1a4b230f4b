#include <stdio.h>
#include <string.h>
static char a[300 << 20];
int main(void) {
    memset(a, 1, sizeof a);
    printf("touched %d\n", a[12345] + a[sizeof a - 1]);
    return 0;
}
