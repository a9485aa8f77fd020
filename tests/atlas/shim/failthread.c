/*
 * failthread.c - an LD_PRELOAD module for the tests: pthread_create fails
 * with EAGAIN (as when a process may start no more threads) from the
 * program's (or libkahriz's) Nth call on, N from $KZ_FAIL_THREAD; without it, and for the
 * threads shared libraries start (GLib's for pango), every call goes
 * through.
 * Lets a test see what the atlas does when it gets fewer threads than
 * --jobs asks for, or none.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef int (*create_fn)(pthread_t *, const pthread_attr_t *,
                         void *(*)(void *), void *);

int pthread_create(pthread_t *t, const pthread_attr_t *attr,
                   void *(*fn)(void *), void *arg)
{
    static create_fn real;
    static long calls;
    const char *from = getenv("KZ_FAIL_THREAD");
    Dl_info info;
    /* the caller: the program or libkahriz, not another library */
    int ours = !(dladdr(__builtin_return_address(0), &info) &&
                 info.dli_fname && strstr(info.dli_fname, ".so") &&
                 !strstr(info.dli_fname, "libkahriz"));

    if (!real) {
        void *sym = dlsym(RTLD_NEXT, "pthread_create");
        memcpy(&real, &sym, sizeof(real)); /* ISO C: no object-to-function cast */
    }
    /* the program starts its workers from one thread: no lock needed */
    if (from && ours && ++calls >= atol(from))
        return EAGAIN;
    return real ? real(t, attr, fn, arg) : ENOSYS;
}
