#include <arpa/inet.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>
int main(void) {
    char ip[64]; int port, reached = 0;
    while (scanf("%63s %d", ip, &port) == 2) {
        int s = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in a = {0};
        a.sin_family = AF_INET; a.sin_port = htons(port);
        inet_pton(AF_INET, ip, &a.sin_addr);
        if (s >= 0 && connect(s, (struct sockaddr *)&a, sizeof a) == 0) {
            printf("CONNECTED %s:%d\n", ip, port); reached++;
        }
        if (s >= 0) close(s);
    }
    printf("reached %d\n", reached);
    return 0;
}
