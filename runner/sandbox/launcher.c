/*
 * launcher: starts one learner program for the supervisor and reports how it ended.
 *
 *   launcher CWD UID CPU_S FSIZE NOFILE STACK -- PROGRAM ARGS...
 *
 * fd 0-2 are the program's stdio, fd 3 the report pipe to the supervisor. The launcher forks
 * once more so that the program starts from this small static process: peak memory (ru_maxrss)
 * is inherited across fork+exec, and forking the Python supervisor directly would charge every
 * program with the supervisor's own ~10 MB. The launcher stays root (the learner cannot signal
 * or trace it), waits for the program and writes on fd 3:
 *
 *   P <pid>                               once the program is forked
 *   E <errno> <step>                      if setting the program up or exec failed
 *   R <wait status> <utime us> <stime us> <maxrss KiB>   when it ended
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void report(const char *fmt, long a, long b, long c, long d, long e) {
    char buf[160];
    int n = snprintf(buf, sizeof buf, fmt, a, b, c, d, e);
    if (write(3, buf, (size_t)n) < 0) _exit(126);
}

static void limit(int resource, rlim_t value) {
    struct rlimit r = {value, value};
    if (setrlimit(resource, &r) != 0) {
        report("E %ld %ld\n", errno, (long)resource, 0, 0, 0);
        _exit(127);
    }
}

static void child(const char *cwd, char **prog, uid_t uid, long cpu, long fsize, long nofile, long stack) {
    int fd;
    if (fcntl(3, F_SETFD, FD_CLOEXEC) != 0) _exit(127);
    setsid();
    fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
    if (fd >= 0) {  /* best effort: the OOM killer should pick learner code first */
        if (write(fd, "1000", 4) != 4) {}
        close(fd);
    }
    {
        struct rlimit r = {(rlim_t)cpu, (rlim_t)cpu + 1};
        if (setrlimit(RLIMIT_CPU, &r) != 0) _exit(127);
    }
    limit(RLIMIT_FSIZE, (rlim_t)fsize);
    limit(RLIMIT_NOFILE, (rlim_t)nofile);
    limit(RLIMIT_STACK, (rlim_t)stack);
    limit(RLIMIT_CORE, 0);
    limit(RLIMIT_MEMLOCK, 0);
    limit(RLIMIT_MSGQUEUE, 0);
    if (setgroups(0, NULL) != 0 || setresgid(uid, uid, uid) != 0 ||
        setresuid(uid, uid, uid) != 0) {
        report("E %ld %ld\n", errno, 101, 0, 0, 0);
        _exit(127);
    }
    if (chdir(cwd) != 0) {
        report("E %ld %ld\n", errno, 102, 0, 0, 0);
        _exit(127);
    }
    execve(prog[0], prog, environ);
    report("E %ld %ld\n", errno, 103, 0, 0, 0);
    _exit(127);
}

int main(int argc, char **argv) {
    if (argc < 9 || strcmp(argv[7], "--") != 0) {
        fprintf(stderr, "usage: launcher CWD UID CPU FSIZE NOFILE STACK -- PROGRAM...\n");
        return 2;
    }
    uid_t uid = (uid_t)atol(argv[2]);
    long cpu = atol(argv[3]), fsize = atol(argv[4]), nofile = atol(argv[5]), stack = atol(argv[6]);
    pid_t pid = fork();
    if (pid < 0) {
        report("E %ld %ld\n", errno, 104, 0, 0, 0);
        return 1;
    }
    if (pid == 0) child(argv[1], argv + 8, uid, cpu, fsize, nofile, stack);
    close(0);
    close(1);
    close(2);
    report("P %ld\n", (long)pid, 0, 0, 0, 0);
    int status;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0) {
        if (errno != EINTR) return 1;
    }
    report("R %ld %ld %ld %ld\n", (long)status,
           (long)ru.ru_utime.tv_sec * 1000000L + ru.ru_utime.tv_usec,
           (long)ru.ru_stime.tv_sec * 1000000L + ru.ru_stime.tv_usec, ru.ru_maxrss, 0);
    return 0;
}
