"""The one source of truth for the sandbox's seccomp allowlist.

Stricter than Docker's default: no kernel-surface syscalls that learner code never needs
(ptrace, process_vm_*, bpf, perf_event_open, keyctl, userfaultfd, io_uring, mount, namespace
creation, kexec, modules, reboot, swap, clock setting...). Anything not listed fails with EPERM.
The supervisor (PID 1 of the container) runs under the same profile, so the identity calls it
needs to drop to the learner uid are allowed; learner code cannot use them without capabilities.
"""

from __future__ import annotations

BASE_ALLOW: tuple[str, ...] = tuple("""
accept accept4 access alarm arch_prctl bind brk capget capset chdir chmod chown clock_getres
clock_gettime clock_nanosleep close close_range connect copy_file_range creat dup dup2 dup3
epoll_create epoll_create1 epoll_ctl epoll_pwait epoll_pwait2 epoll_wait eventfd eventfd2 execve
execveat exit exit_group faccessat faccessat2 fadvise64 fallocate fchdir fchmod fchmodat fchown
fchownat fcntl fdatasync fgetxattr flistxattr flock fork fstat fstatfs fsync ftruncate futex
futex_waitv getcpu getcwd getdents getdents64 getegid geteuid getgid getgroups getitimer
getpeername getpgid getpgrp getpid getppid getpriority getrandom getresgid getresuid getrlimit
get_robust_list getrusage getsid getsockname getsockopt gettid gettimeofday getuid getxattr
inotify_add_watch inotify_init inotify_init1 inotify_rm_watch ioctl kill lchown lgetxattr link
linkat listen listxattr llistxattr lseek lstat madvise memfd_create mincore mkdir mkdirat mknod
mknodat mlock mlock2 mlockall mmap mprotect mremap msync munlock munlockall munmap nanosleep
newfstatat open openat openat2 pause pidfd_open pipe pipe2 poll ppoll prctl pread64 preadv preadv2
prlimit64 pselect6 pwrite64 pwritev pwritev2 read readahead readlink readlinkat readv recvfrom
recvmmsg recvmsg rename renameat renameat2 restart_syscall rmdir rseq rt_sigaction rt_sigpending
rt_sigprocmask rt_sigqueueinfo rt_sigreturn rt_sigsuspend rt_sigtimedwait rt_tgsigqueueinfo
sched_getaffinity sched_getattr sched_getparam sched_get_priority_max sched_get_priority_min
sched_getscheduler sched_rr_get_interval sched_setaffinity sched_yield select sendfile sendmmsg
sendmsg sendto setfsgid setfsuid setgid setgroups setitimer setpgid setpriority setregid setresgid
setresuid setreuid setrlimit set_robust_list setsid setsockopt set_tid_address setuid shutdown
sigaltstack signalfd signalfd4 socket socketpair splice stat statfs statx symlink symlinkat sync
sync_file_range syncfs sysinfo tee tgkill time timer_create timer_delete timer_getoverrun
timer_gettime timer_settime timerfd_create timerfd_gettime timerfd_settime times tkill truncate
umask uname unlink unlinkat utime utimensat utimes vfork vmsplice wait4 waitid write writev
""".split())

# Never allowed, whatever a language asks for: the test suite attacks each of these.
# System V IPC and POSIX message queues live in the container's IPC namespace, which outlives
# each test: an object made in one test would be there in the next (a channel between tests
# that could cache work or inputs). No runtime we serve needs them; POSIX shared memory and
# named semaphores are files in /dev/shm, which is reset between tests.
DENY: tuple[str, ...] = tuple("""
ptrace process_vm_readv process_vm_writev bpf perf_event_open keyctl add_key request_key
userfaultfd io_uring_setup io_uring_enter io_uring_register mount umount2 pivot_root move_mount
open_tree fsopen fsmount fsconfig fspick unshare setns kexec_load kexec_file_load init_module
finit_module delete_module reboot swapon swapoff clock_settime clock_adjtime settimeofday adjtimex
chroot acct quotactl name_to_handle_at open_by_handle_at lookup_dcookie syslog iopl ioperm
personality vhangup fanotify_init nfsservctl
shmget shmat shmdt shmctl semget semop semtimedop semctl msgget msgsnd msgrcv msgctl ipc
mq_open mq_unlink mq_timedsend mq_timedreceive mq_notify mq_getsetattr
""".split())

# What the container's filter also allows in jail mode, for the launcher to make a jail per job
# (clone with namespace flags) and for the jail's pid 1 to set it up. Learner programs never
# get them: each runs under a second filter of its own, stacked on the container's
# (`sandbox/launcher.c`, learner_filter), that refuses these and the rest of DENY's
# namespace, mount and keyring calls.
JAIL_SUPERVISOR_ALLOW: tuple[str, ...] = ("mount", "sethostname")

# Per-language additions on top of BASE_ALLOW (runtimes probing NUMA or issuing barriers).
LANGUAGE_ALLOW: dict[str, tuple[str, ...]] = {
    "python3": (),
    "c": (),
    "cpp": (),
    "java": ("get_mempolicy", "membarrier"),
    "javascript": ("membarrier",),
    "go": (),
    "rust": (),
    "ruby": (),
    "php": (),
    # Mono sets its threads' scheduling (SCHED_OTHER, priority 0: no privilege needed).
    "csharp": ("get_mempolicy", "membarrier", "sched_setparam", "sched_setscheduler"),
    "kotlin": ("get_mempolicy", "membarrier"),
    "typescript": ("membarrier",),
    "bash": (),
    "haskell": (),
    "sql": (),
    "postgresql": (),
}

# clone() is allowed only without namespace flags (CLONE_NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|
# NEWPID|NEWNET); clone3 cannot be filtered by flags, so it reports ENOSYS and libc falls back.
CLONE_NAMESPACE_FLAGS = 0x7E020000
ENOSYS = 38
EPERM = 1
ARCHES = ("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32", "SCMP_ARCH_AARCH64",
          "SCMP_ARCH_ARM")
