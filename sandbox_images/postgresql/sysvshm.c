/*
 * PostgreSQL keeps one tiny System V shared memory segment beside its real (mmap) shared memory,
 * only as a data-directory interlock: "are processes of an old server still attached?". The
 * sandbox refuses System V IPC to every program (an object would outlive the test that made
 * it), so this library, preloaded into the server, keeps that segment in the server's own
 * memory: a shared anonymous mapping that its children inherit across fork and that is gone
 * with them. Nothing reaches the kernel's System V tables.
 *
 * Each run starts its server on a fresh copy of the template cluster, so there is never an old
 * server to detect: shmget without IPC_CREAT finds nothing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <unistd.h>

#define SLOTS 8

static struct {
    int used;
    size_t size;
    void *addr;
} seg[SLOTS];

int shmget(key_t key, size_t size, int flags)
{
    (void)key;
    if (!(flags & IPC_CREAT)) {
        errno = ENOENT;
        return -1;
    }
    for (int i = 0; i < SLOTS; i++) {
        if (!seg[i].used) {
            seg[i].used = 1;
            seg[i].size = size;
            seg[i].addr = NULL;
            return i + 1;
        }
    }
    errno = ENOSPC;
    return -1;
}

void *shmat(int id, const void *want, int flags)
{
    if (id < 1 || id > SLOTS || !seg[id - 1].used) {
        errno = EINVAL;
        return (void *)-1;
    }
    int prot = PROT_READ | ((flags & SHM_RDONLY) ? 0 : PROT_WRITE);
    int mflags = MAP_SHARED | MAP_ANONYMOUS | (want ? MAP_FIXED_NOREPLACE : 0);
    void *p = mmap((void *)want, seg[id - 1].size, prot, mflags, -1, 0);
    if (p == MAP_FAILED)
        return (void *)-1;
    seg[id - 1].addr = p;
    return p;
}

int shmdt(const void *addr)
{
    for (int i = 0; i < SLOTS; i++) {
        if (seg[i].addr == addr && addr != NULL) {
            seg[i].addr = NULL;
            return munmap((void *)addr, seg[i].size);
        }
    }
    errno = EINVAL;
    return -1;
}

int shmctl(int id, int cmd, struct shmid_ds *buf)
{
    if (id < 1 || id > SLOTS || !seg[id - 1].used) {
        errno = EINVAL;
        return -1;
    }
    if (cmd == IPC_RMID) {
        seg[id - 1].used = 0;  /* like the kernel's: the mapping lives until it is detached */
        return 0;
    }
    if (cmd == IPC_STAT && buf != NULL) {
        memset(buf, 0, sizeof *buf);
        buf->shm_segsz = seg[id - 1].size;
        buf->shm_nattch = seg[id - 1].addr != NULL;
        buf->shm_perm.uid = buf->shm_perm.cuid = geteuid();
        buf->shm_perm.gid = buf->shm_perm.cgid = getegid();
        buf->shm_perm.mode = 0600;
        return 0;
    }
    errno = EINVAL;
    return -1;
}
