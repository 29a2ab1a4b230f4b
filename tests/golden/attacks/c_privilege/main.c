/* Kernel attack surface, each call made with arguments that would SUCCEED for an ordinary
 * unprivileged process on a permissive host, so "denied" really means the sandbox refused. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/mount.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

static void report(const char *name, long r) {
    if (r >= 0)
        printf("%s ALLOWED (%ld)\n", name, r);
    else
        printf("%s denied %s\n", name, strerrorname_np(errno));
    fflush(stdout);
}

/* a clone-like call that succeeded: the child leaves at once */
static long forked(long r) {
    if (r == 0)
        _exit(0);
    if (r > 0)
        waitpid((pid_t)r, 0, __WALL);
    return r;
}

int main(void) {
    char buf[256] = {0};
    report("setuid0", syscall(SYS_setuid, 0));
    report("setresgid0", syscall(SYS_setresgid, 0, 0, 0));
    report("unshare-user-mnt", syscall(SYS_unshare, CLONE_NEWUSER | CLONE_NEWNS));
    report("unshare-user", syscall(SYS_unshare, CLONE_NEWUSER));
    report("clone-newuser", forked(syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0)));
    {
        uint64_t args[11] = {0};
        args[0] = CLONE_NEWUSER;   /* flags */
        args[4] = SIGCHLD;         /* exit_signal */
        report("clone3-newuser", forked(syscall(SYS_clone3, args, sizeof args)));
    }
    report("mount-tmpfs", syscall(SYS_mount, "none", "/box", "tmpfs", 0, ""));
    report("umount-box", syscall(SYS_umount2, "/box", MNT_DETACH));
    report("chroot", syscall(SYS_chroot, "/tmp"));
    report("ptrace-attach-1", syscall(SYS_ptrace, 16 /* PTRACE_ATTACH */, 1, 0, 0));
    report("ptrace-traceme", syscall(SYS_ptrace, 0 /* PTRACE_TRACEME */, 0, 0, 0));
    report("keyctl-join", syscall(SYS_keyctl, 1 /* KEYCTL_JOIN_SESSION_KEYRING */, 0));
    report("add_key", syscall(SYS_add_key, "user", "uw-key", "x", 1, -2 /* process keyring */));
    {
        uint32_t attr[32] = {0};
        attr[0] = 2; attr[1] = 4; attr[2] = 4; attr[3] = 1;  /* BPF_MAP_TYPE_ARRAY 4/4/1 */
        report("bpf-map-create", syscall(SYS_bpf, 0 /* BPF_MAP_CREATE */, attr, 72));
    }
    {
        uint64_t attr[16] = {0};
        attr[0] = 1 | (128ULL << 32);      /* PERF_TYPE_SOFTWARE, size 128 */
        attr[1] = 0;                       /* PERF_COUNT_SW_CPU_CLOCK */
        attr[5] = 1 | (1 << 5) | (1 << 6); /* disabled, exclude_kernel, exclude_hv */
        report("perf_event_open", syscall(SYS_perf_event_open, attr, 0, -1, -1, 0));
    }
    report("userfaultfd", syscall(SYS_userfaultfd, O_CLOEXEC | 1 /* UFFD_USER_MODE_ONLY */));
    {
        uint32_t params[30] = {0};
        report("io_uring_setup", syscall(SYS_io_uring_setup, 4, params));
    }
    report("kill-1-SIGKILL", syscall(SYS_kill, 1, SIGKILL));
    report("kill-1-probe", syscall(SYS_kill, 1, 0));
    if (getppid() != 1)  /* the process that started us and reports our exit status */
        report("kill-parent", syscall(SYS_kill, getppid(), SIGKILL));
    else
        puts("kill-parent denied (no separate parent)");
    {
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/fd", (int)getppid());
        DIR *d = opendir(path);
        report("opendir-parent-fd", d ? 0 : -1);
        report("ptrace-attach-parent", syscall(SYS_ptrace, 16 /* PTRACE_ATTACH */, getppid(), 0, 0));
    }
    {
        char dst[16];
        struct iovec local = {dst, sizeof dst}, remote = {(void *)0x400000, sizeof dst};
        report("process_vm_readv-1", syscall(SYS_process_vm_readv, 1, &local, 1, &remote, 1, 0));
    }
    report("mknod-char", syscall(SYS_mknodat, AT_FDCWD, "/box/uw-null", S_IFCHR | 0666, makedev(1, 3)));
    report("iopl", syscall(SYS_iopl, 3));
    report("syslog-read", syscall(SYS_syslog, 3 /* READ_ALL */, buf, sizeof buf));
    report("sethostname", syscall(SYS_sethostname, "uw-pwned", 8));
    report("init_module", syscall(SYS_init_module, buf, 0, ""));
    {
        struct { unsigned int bytes; int type; unsigned char h[8]; } handle = {8, 1, {2, 0, 0, 0, 0, 0, 0, 0}};
        int root = open("/", O_RDONLY);
        report("open_by_handle_at", syscall(SYS_open_by_handle_at, root, &handle, O_RDONLY));
    }
    {
        int ns = open("/proc/1/ns/mnt", O_RDONLY);
        report("open-proc1-ns", ns);
        report("setns-mnt", syscall(SYS_setns, ns >= 0 ? ns : 0, CLONE_NEWNS));
    }
    report("open-proc1-environ", open("/proc/1/environ", O_RDONLY));
    report("open-proc1-mem", open("/proc/1/mem", O_RDONLY));
    report("readlink-proc1-root", readlink("/proc/1/root", buf, sizeof buf));
    {
        DIR *d = opendir("/proc/1/fd");
        report("opendir-proc1-fd", d ? 0 : -1);
    }
    return 0;
}
