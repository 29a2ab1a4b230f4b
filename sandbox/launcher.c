/*
 * launcher: the supervisor's zygote. Started once per container, it forks every learner
 * program on request and reports how each one ended.
 *
 * Why a separate small static process: peak memory (ru_maxrss) is inherited across fork+exec,
 * so forking the Python supervisor directly would charge every program with the supervisor's
 * ~10 MB; and forking this small process is cheaper than forking Python. It stays root (the
 * learner cannot signal or trace it: other uid, no capabilities, ptrace denied by seccomp).
 *
 * fd 3 is a SOCK_SEQPACKET socket to the supervisor. Each request is one message of
 * NUL-terminated strings, CWD UID CPU_S FSIZE NOFILE STACK PROGRAM ARGS..., carrying the
 * program's stdin, stdout and stderr as SCM_RIGHTS. Replies, one message each:
 *
 *   P <pid>                                    the program is forked
 *   E <errno> <step>                           setting it up or exec failed (from the child)
 *   R <wait status> <utime us> <stime us> <maxrss KiB>    it ended (always last)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#define SOCK 3
#define MAX_ARGS 256
#define MAX_MSG 65536

extern char **environ;

static void reply(const char *fmt, long a, long b, long c, long d, long e) {
    char buf[160];
    int n = snprintf(buf, sizeof buf, fmt, a, b, c, d, e);
    if (send(SOCK, buf, (size_t)n, MSG_NOSIGNAL) < 0) _exit(126);
}

static void fail(long step) {
    reply("E %ld %ld", errno, step, 0, 0, 0);
    _exit(127);
}

static void limit(int resource, rlim_t soft, rlim_t hard) {
    struct rlimit r = {soft, hard};
    if (setrlimit(resource, &r) != 0) fail(200 + resource);
}

/* In the forked child: become the learner under the test's limits, then exec. */
static void child(char **f, int *fds) {
    uid_t uid = (uid_t)atol(f[1]);
    rlim_t cpu = (rlim_t)atol(f[2]);
    for (int i = 0; i < 3; i++)
        if (dup2(fds[i], i) < 0) fail(100);
    for (int i = 0; i < 3; i++)
        if (fds[i] > 2) close(fds[i]);
    if (fcntl(SOCK, F_SETFD, FD_CLOEXEC) != 0) fail(101);
    /* Default dispositions and no blocked signals: an ignored SIGXFSZ or SIGPIPE inherited
       from the Python supervisor would change how learner programs end. */
    sigset_t none;
    sigemptyset(&none);
    for (int sig = 1; sig < NSIG; sig++) signal(sig, SIG_DFL);
    if (sigprocmask(SIG_SETMASK, &none, NULL) != 0) fail(107);
    setsid();
    int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
    if (fd >= 0) {  /* best effort: the OOM killer should pick learner code first */
        if (write(fd, "1000", 4) != 4) {}
        close(fd);
    }
    /* The lowest priority inside the container's CPU group: however many processes learner
       code starts (a fork bomb), the supervisor still gets the CPU to see a limit hit and
       kill them. The container's share against other containers is its cgroup's, unchanged. */
    if (setpriority(PRIO_PROCESS, 0, 19) != 0) fail(108);
    limit(RLIMIT_CPU, cpu, cpu + 1);
    limit(RLIMIT_FSIZE, (rlim_t)atol(f[3]), (rlim_t)atol(f[3]));
    limit(RLIMIT_NOFILE, (rlim_t)atol(f[4]), (rlim_t)atol(f[4]));
    limit(RLIMIT_STACK, (rlim_t)atol(f[5]), (rlim_t)atol(f[5]));
    limit(RLIMIT_CORE, 0, 0);
    limit(RLIMIT_MEMLOCK, 0, 0);
    limit(RLIMIT_MSGQUEUE, 0, 0);
    if (setgroups(0, NULL) != 0) fail(102);
    if (setresgid(uid, uid, uid) != 0) fail(103);
    if (setresuid(uid, uid, uid) != 0) fail(104);
    if (chdir(f[0]) != 0) fail(105);
    execve(f[6], f + 6, environ);
    fail(106);
}

/* Receive one request; returns the number of fields, 0 at EOF. */
static int receive(char *buf, char **fields, int *fds) {
    char control[CMSG_SPACE(3 * sizeof(int))];
    struct iovec iov = {buf, MAX_MSG - 1};
    struct msghdr msg = {0};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    ssize_t n = recvmsg(SOCK, &msg, MSG_CMSG_CLOEXEC);
    if (n <= 0) return 0;
    buf[n] = 0;
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    if (!c || c->cmsg_type != SCM_RIGHTS || c->cmsg_len != CMSG_LEN(3 * sizeof(int))) return -1;
    memcpy(fds, CMSG_DATA(c), 3 * sizeof(int));
    int count = 0;
    for (char *p = buf; p < buf + n && count < MAX_ARGS - 1; p += strlen(p) + 1)
        fields[count++] = p;
    fields[count] = NULL;
    return count;
}

int main(void) {
    static char buf[MAX_MSG];
    char *fields[MAX_ARGS];
    int fds[3];
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    for (;;) {
        int count = receive(buf, fields, fds);
        if (count == 0) return 0;  /* the supervisor is gone */
        if (count < 7) {
            reply("E %ld %ld", EINVAL, 1, 0, 0, 0);
            reply("R %ld %ld %ld %ld", 127 << 8, 0, 0, 0, 0);
            continue;
        }
        pid_t pid = fork();
        if (pid == 0) child(fields, fds);
        for (int i = 0; i < 3; i++) close(fds[i]);
        if (pid < 0) {
            reply("E %ld %ld", errno, 2, 0, 0, 0);
            reply("R %ld %ld %ld %ld", 127 << 8, 0, 0, 0, 0);
            continue;
        }
        reply("P %ld", (long)pid, 0, 0, 0, 0);
        int status;
        struct rusage ru;
        while (wait4(pid, &status, 0, &ru) < 0)
            if (errno != EINTR) return 1;
        reply("R %ld %ld %ld %ld", (long)status,
              (long)ru.ru_utime.tv_sec * 1000000L + ru.ru_utime.tv_usec,
              (long)ru.ru_stime.tv_sec * 1000000L + ru.ru_stime.tv_usec, ru.ru_maxrss, 0);
    }
}
