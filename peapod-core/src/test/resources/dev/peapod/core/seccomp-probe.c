/* Calls vmsplice(2) on a bad descriptor and prints how it failed: EPERM when a seccomp filter refuses it,
 * EBADF when the kernel itself looks at the call. Built static by SecurityIT and copied into a container. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *name(int e) {
    switch (e) {
    case EPERM: return "EPERM";
    case EBADF: return "EBADF";
    case EACCES: return "EACCES";
    case ENOSYS: return "ENOSYS";
    default: return strerror(e);
    }
}

int main(void) {
    long r = syscall(SYS_vmsplice, -1, NULL, 0, 0);
    printf("vmsplice=%s\n", r < 0 ? name(errno) : "ok");
    return 0;
}
