#include <unistd.h>
int main() {
    char arg0[] = "python3", arg1[] = "-";
    char *argv[] = {arg0, arg1, nullptr};
    execv("/usr/bin/python3", argv);
    return 127;
}
