/*
 * launcher: the supervisor's zygote. Started once per container, it forks every learner
 * program on request and reports how each one ended; in jail mode it also makes the jails.
 *
 * Why a separate small static process: peak memory (ru_maxrss) is inherited across fork+exec,
 * so forking the Python supervisor directly would charge every program with the supervisor's
 * ~10 MB; and forking this small process is cheaper than forking Python. It stays root (the
 * learner cannot signal or trace it: other uid, no capabilities, ptrace denied by seccomp).
 *
 * fd 3 is a SOCK_SEQPACKET socket to the supervisor. Each request is one message of
 * NUL-terminated strings:
 *
 *   CWD UID CPU_S FSIZE NOFILE STACK PROGRAM ARGS...   with stdin, stdout, stderr (SCM_RIGHTS)
 *   J UID TMPFS_MB TMPFS_INODES                        with the new jail's socket
 *
 * Replies, one message each:
 *
 *   P <pid>                                    the program (or the jail) is started
 *   E <errno> <step>                           setting it up or exec failed
 *   R <wait status> <utime us> <stime us> <maxrss KiB>    it ended (always last)
 *
 * A jail is a child made with fresh user, mount, pid, IPC, UTS and network namespaces: pid 1
 * of its own pid namespace, root only inside its user namespace (where root and the learner uid
 * map to themselves), with fresh tmpfs mounts on /box, /tmp and /dev/shm, an empty read-only
 * /judge, a proc of its own (Docker's masked paths masked again), loopback up and nothing else
 * on the network. It says "J" on its socket when ready and
 * then serves program requests like the launcher, except that when a program ends it kills
 * every other process of the jail and reaps them all before replying, and its R carries their
 * usage too: R <status> <utime> <stime> <maxrss> <others' utime> <others' stime> <others' max
 * maxrss>. When its socket closes it exits, and the kernel ends whatever its namespaces held.
 * SIGUSR1 (from the supervisor, at a limit hit) makes it kill every learner process at once.
 *
 * Every learner program gets a seccomp filter of its own, stacked on the container's: no
 * namespace creation, no mount, no hostname, no keyrings, no foreign syscall ABI.
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
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <net/if.h>
#include <sched.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/syscall.h>

#define SOCK 3
#define MAX_ARGS 256
#define MAX_MSG 65536

extern char **environ;

static int in_jail;

static void reply7(const char *fmt, long a, long b, long c, long d, long e, long f, long g) {
    char buf[200];
    int n = snprintf(buf, sizeof buf, fmt, a, b, c, d, e, f, g);
    if (send(SOCK, buf, (size_t)n, MSG_NOSIGNAL) < 0) _exit(126);
}

static void reply(const char *fmt, long a, long b, long c, long d, long e) {
    reply7(fmt, a, b, c, d, e, 0, 0);
}

static void fail(long step) {
    reply("E %ld %ld", errno, step, 0, 0, 0);
    _exit(127);
}

static void limit(int resource, rlim_t soft, rlim_t hard) {
    struct rlimit r = {soft, hard};
    if (setrlimit(resource, &r) != 0) fail(200 + resource);
}

#if defined(__x86_64__)
#define NATIVE_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define NATIVE_ARCH AUDIT_ARCH_AARCH64
#else
#error "unsupported architecture"
#endif
#define NAMESPACE_FLAGS (CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | \
                         CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET)
#define RET_ERRNO(e) BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (e))
#define DENY(nr) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1), RET_ERRNO(EPERM)

/* The learner's own filter, stacked on the container's (which must let the jail be made). */
static int learner_filter(void) {
    struct sock_filter f[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NATIVE_ARCH, 1, 0),
        RET_ERRNO(EPERM),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
#ifdef __x86_64__
        BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 0, 1),  /* the x32 ABI */
        RET_ERRNO(EPERM),
#endif
        DENY(__NR_unshare), DENY(__NR_setns), DENY(__NR_mount), DENY(__NR_umount2),
        DENY(__NR_pivot_root), DENY(__NR_chroot), DENY(__NR_sethostname),
        DENY(__NR_setdomainname), DENY(__NR_keyctl), DENY(__NR_add_key),
        DENY(__NR_request_key), DENY(__NR_ptrace),
#ifdef __NR_move_mount
        DENY(__NR_move_mount), DENY(__NR_open_tree), DENY(__NR_fsopen), DENY(__NR_fsmount),
        DENY(__NR_fsconfig), DENY(__NR_fspick),
#endif
#ifdef __NR_mount_setattr
        DENY(__NR_mount_setattr),
#endif
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone3, 0, 1),
        RET_ERRNO(ENOSYS),  /* its flags sit in memory, out of a filter's sight: use clone */
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone, 0, 3),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
        BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, NAMESPACE_FLAGS, 0, 1),
        RET_ERRNO(EPERM),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = {(unsigned short)(sizeof f / sizeof f[0]), f};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return -1;
    return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0);
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
    if (learner_filter() != 0) fail(109);
    execve(f[6], f + 6, environ);
    fail(106);
}

/* Receive one request; returns the number of fields, 0 at EOF, -1 if malformed. */
static int receive(char *buf, char **fields, int *fds, int *nfds) {
    char control[CMSG_SPACE(3 * sizeof(int))];
    struct iovec iov = {buf, MAX_MSG - 1};
    struct msghdr msg = {0};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    ssize_t n;
    do  /* a late SIGUSR1 (a limit hit as the program ended) must not read as end of file */
        n = recvmsg(SOCK, &msg, MSG_CMSG_CLOEXEC);
    while (n < 0 && errno == EINTR);
    if (n <= 0) return 0;
    buf[n] = 0;
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    if (!c || c->cmsg_type != SCM_RIGHTS || c->cmsg_len < CMSG_LEN(sizeof(int))) return -1;
    *nfds = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
    if (*nfds > 3) return -1;
    memcpy(fds, CMSG_DATA(c), (size_t)*nfds * sizeof(int));
    int count = 0;
    for (char *p = buf; p < buf + n && count < MAX_ARGS - 1; p += strlen(p) + 1)
        fields[count++] = p;
    fields[count] = NULL;
    return count;
}

/* Wait for the program; in a jail, also end and reap every other process, then report. */
static void finish(pid_t pid) {
    int status = 0, st;
    struct rusage ru, mine = {0};
    long other_u = 0, other_s = 0, other_rss = 0;
    for (;;) {
        pid_t r = in_jail ? wait4(-1, &st, 0, &ru) : wait4(pid, &st, 0, &ru);
        if (r < 0) {
            if (errno == EINTR) continue;
            if (errno == ECHILD && in_jail) break;  /* nothing of the jail is left */
            _exit(1);
        }
        if (r == pid) {
            status = st;
            mine = ru;
            if (!in_jail) break;
            kill(-1, SIGKILL);  /* every process of the jail but us: none survives a test */
        } else {
            other_u += (long)ru.ru_utime.tv_sec * 1000000L + ru.ru_utime.tv_usec;
            other_s += (long)ru.ru_stime.tv_sec * 1000000L + ru.ru_stime.tv_usec;
            if (ru.ru_maxrss > other_rss) other_rss = ru.ru_maxrss;
        }
    }
    reply7("R %ld %ld %ld %ld %ld %ld %ld", (long)status,
           (long)mine.ru_utime.tv_sec * 1000000L + mine.ru_utime.tv_usec,
           (long)mine.ru_stime.tv_sec * 1000000L + mine.ru_stime.tv_usec, mine.ru_maxrss,
           other_u, other_s, other_rss);
}

static void on_usr1(int sig) {
    (void)sig;
    kill(-1, SIGKILL);
}

static int write_text(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = write(fd, text, strlen(text));
    close(fd);
    return n == (ssize_t)strlen(text) ? 0 : -1;
}

static void jail_fail(long step) {
    reply("E %ld %ld", errno, step, 0, 0, 0);
    _exit(125);
}

static const char *masked[] = {
    "/proc/acpi", "/proc/asound", "/proc/interrupts", "/proc/kcore", "/proc/keys",
    "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
    "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap", NULL};
static const char *read_only[] = {
    "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger", NULL};

/* pid 1 of a new jail: set its filesystems and network up, then serve requests on fd `chan`. */
static void jail_setup(char **f, int chan, int go) {
    char c, opts[160];
    if (read(go, &c, 1) != 1) _exit(124);  /* the launcher has written our uid and gid maps */
    close(go);
    if (dup2(chan, SOCK) < 0) _exit(123);  /* replaces the launcher's own socket */
    close(chan);
    in_jail = 1;
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) jail_fail(10);
    const char *dirs[] = {"/box", "/tmp", "/dev/shm"};
    for (int i = 0; i < 3; i++) {
        snprintf(opts, sizeof opts, "size=%sm,nr_inodes=%s,mode=%s,uid=%s,gid=%s", f[2], f[3],
                 i == 0 ? "0755" : "1777", i == 0 ? f[1] : "0", i == 0 ? f[1] : "0");
        if (mount("tmpfs", dirs[i], "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, opts) != 0)
            jail_fail(11 + i);
    }
    if (mount("tmpfs", "/judge", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY,
              "size=4k,nr_inodes=2,mode=0700") != 0)
        jail_fail(14);
    /* A proc of the jail's own pid namespace, with what Docker masks masked again (the
       container is made without Docker's masks, which would forbid mounting a proc). */
    if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0)
        jail_fail(20);
    for (int i = 0; masked[i]; i++) {
        struct stat st;
        if (stat(masked[i], &st) != 0) continue;
        int bad = S_ISDIR(st.st_mode)
            ? mount("tmpfs", masked[i], "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
                    "size=4k,nr_inodes=2,mode=0555")
            : mount("/dev/null", masked[i], NULL, MS_BIND, NULL);
        if (bad) jail_fail(21);
    }
    for (int i = 0; read_only[i]; i++) {
        if (access(read_only[i], F_OK) != 0) continue;
        if (mount(read_only[i], read_only[i], NULL, MS_BIND | MS_REC, NULL) != 0 ||
            mount(NULL, read_only[i], NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID |
                  MS_NODEV | MS_NOEXEC, NULL) != 0)
            jail_fail(22);
    }
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    strcpy(ifr.ifr_name, "lo");
    if (s < 0 || ioctl(s, SIOCGIFFLAGS, &ifr) != 0) jail_fail(15);
    ifr.ifr_flags |= IFF_UP;
    if (ioctl(s, SIOCSIFFLAGS, &ifr) != 0) jail_fail(16);
    close(s);
    if (sethostname("sandbox", 7) != 0) jail_fail(17);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sa.sa_flags = SA_RESTART;
    if (sigaction(SIGUSR1, &sa, NULL) != 0) jail_fail(18);
    /* Dumpable, so that the supervisor (root outside) may reach our root and namespaces in
       /proc; the learner (another uid, no capabilities, no ptrace) still cannot. */
    if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) != 0) jail_fail(19);
    reply("J", 0, 0, 0, 0, 0);
}

/* J UID TMPFS_MB TMPFS_INODES, with the jail's socket: make a jail, report it, wait for it. */
static void make_jail(char **f, int chan) {
    char path[64], map[64];
    int go[2];
    if (pipe2(go, O_CLOEXEC) != 0) {
        close(chan);
        reply("E %ld %ld", errno, 3, 0, 0, 0);
        reply("R %ld %ld %ld %ld", 127 << 8, 0, 0, 0, 0);
        return;
    }
    pid_t pid = (pid_t)syscall(SYS_clone, CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID |
                               CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWNET | SIGCHLD,
                               NULL, NULL, NULL, NULL);
    if (pid == 0) {
        close(go[1]);
        jail_setup(f, chan, go[0]);
        return;  /* serve, as the jail's pid 1 */
    }
    int err = errno;
    close(go[0]);
    close(chan);
    if (pid < 0) {
        close(go[1]);
        reply("E %ld %ld", err, 4, 0, 0, 0);
        reply("R %ld %ld %ld %ld", 127 << 8, 0, 0, 0, 0);
        return;
    }
    /* root and the learner are themselves inside; every other id is nobody there */
    snprintf(map, sizeof map, "0 0 1\n%s %s 1\n", f[1], f[1]);
    int ok = 1;
    snprintf(path, sizeof path, "/proc/%d/uid_map", (int)pid);
    ok = ok && write_text(path, map) == 0;
    snprintf(path, sizeof path, "/proc/%d/gid_map", (int)pid);
    ok = ok && write_text(path, map) == 0;
    if (!ok) {
        err = errno;
        kill(pid, SIGKILL);
    } else if (write(go[1], "g", 1) != 1) {
        err = errno;
        ok = 0;
    }
    close(go[1]);
    if (!ok) reply("E %ld %ld", err, 5, 0, 0, 0);
    else reply("P %ld", (long)pid, 0, 0, 0, 0);
    finish(pid);
}

int main(void) {
    static char buf[MAX_MSG];
    char *fields[MAX_ARGS];
    int fds[3], nfds = 0;
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    for (;;) {
        int count = receive(buf, fields, fds, &nfds);
        if (count == 0) return 0;  /* the supervisor is gone (for a jail: its end) */
        if (!in_jail && count == 4 && nfds == 1 && strcmp(fields[0], "J") == 0) {
            make_jail(fields, fds[0]);
            continue;
        }
        if (count < 7 || nfds != 3) {
            for (int i = 0; i < nfds && count > 0; i++) close(fds[i]);
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
        finish(pid);
    }
}
