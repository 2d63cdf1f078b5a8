/*
 * What the native client's two files share (peapod.c: configuration, request, signals, main; engine.c: finding,
 * starting and waiting for the store's engine process, and the cold path). C11 and libc only.
 */
#ifndef PEAPOD_CLIENT_H
#define PEAPOD_CLIENT_H
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define MAIN_CLASS "dev.peapod.cli.Main"
#define SERVER_CLASS "dev.peapod.cli.server.Server"
#define DEFAULT_RUNROOT "/run/peapod"
#define MAX_OPTS 64
#define ENGINE_ERROR 125

struct config {
    char token[256];
    char java[PATH_MAX];
    char cp[8192];
    char *opts[MAX_OPTS];
    int nopts;
    char *server_opts[MAX_OPTS];
    int nserver_opts;
};

#define MAX_PASSED_FDS 250

extern struct config conf;
/* This program's path (the -Dpeapod.client the JVMs get). */
extern char self[PATH_MAX];
/* The direct JVM running a cold command, while it runs: signals that did not come from the terminal go to it. */
extern volatile pid_t direct_child;
/* The signals passed on to the command. */
extern const int forwarded[];
extern const size_t nforwarded;

_Noreturn void die(const char *fmt, ...);
/* The JVM's argv: java, options, [server options], -Dpeapod.client, -cp, class path, main class, args. */
char **jvm_argv(int server, const char *main_class, int argc, char **args);
/* Today's path: this process becomes the JVM running the command. */
_Noreturn void run_direct(int argc, char **argv);

/* A connection to the engine at sock, or -1. */
int try_connect(const char *sock);
/*
 * A connection to the store's engine process, starting one (under the start lock, so concurrent clients start
 * one server) when none answers. Returns -1 after printing why when no server can be started.
 */
int connect_or_start(const char *dir, const char *sock);
/* When no engine answers: a connection to the one another client is starting, or -1 when nobody is starting one. */
int await_starting_engine(const char *dir, const char *sock);
/* Runs a cold command on a direct JVM, then starts the engine; returns the command's exit code. */
int run_cold(int argc, char **argv, const char *dir, const char *sock);

#endif
