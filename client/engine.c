/*
 * The native client's engine side: finding the store's engine process, starting it detached (the start lock
 * keeps concurrent clients to one start), and the cold path: a command that finds no engine runs on a direct
 * JVM, the client's child, and the engine is started after it.
 */
#include "peapod.h"

static int mkdirs(const char *dir, mode_t mode) {
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s", dir);
    for (char *s = p + 1; *s; s++) {
        if (*s == '/') {
            *s = '\0';
            if (mkdir(p, 0755) != 0 && errno != EEXIST) {
                return -1;
            }
            *s = '/';
        }
    }
    if (mkdir(p, mode) != 0 && errno != EEXIST) {
        return -1;
    }
    return 0;
}

int try_connect(const char *sock) {
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return -1;
    }
    struct sockaddr_un a;
    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    snprintf(a.sun_path, sizeof a.sun_path, "%s", sock);
    if (connect(fd, (struct sockaddr *) &a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static void sleep_ms(long ms) {
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&t, &t) != 0 && errno == EINTR) {
    }
}

/* Prints the end of the engine process's log to stderr. */
static void show_log(const char *log) {
    FILE *f = fopen(log, "re");
    if (f == NULL) {
        return;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, size > 4000 ? size - 4000 : 0, SEEK_SET);
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    fwrite(buf, 1, n, stderr);
}

/*
 * Starts the engine process detached (its own session, stdin /dev/null, output to the log) through a double
 * fork, so it is no child of this client; returns its pid, or -1. The engine inherits the start lock's open
 * file (held by the caller) as fd 3 and closes it once its socket listens, so the lock stays held until then
 * even when the caller has gone, and is released by the kernel if the engine dies first.
 */
static pid_t spawn_server(const char *sock, const char *log, int lock) {
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0) {
        return -1;
    }
    pid_t child = fork();
    if (child < 0) {
        return -1;
    }
    if (child == 0) {
        close(p[0]);
        setsid();
        pid_t server = fork();
        if (server == 0) {
            int in = open("/dev/null", O_RDONLY);
            int out = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600);
            if (in < 0 || out < 0) {
                _exit(127);
            }
            dup2(in, 0);
            dup2(out, 1);
            dup2(out, 2);
            if (lock == 3) {
                fcntl(3, F_SETFD, 0);
            } else if (dup2(lock, 3) != 3) {
                _exit(127);
            }
            if (in > 3) {
                close(in);
            }
            if (out > 3) {
                close(out);
            }
            sigset_t none;
            sigemptyset(&none);
            sigprocmask(SIG_SETMASK, &none, NULL);
            char *args[] = {(char *) sock};
            char **v = jvm_argv(1, SERVER_CLASS, 1, args);
            execv(conf.java, v);
            dprintf(2, "cannot run %s: %s\n", conf.java, strerror(errno));
            _exit(127);
        }
        (void) !write(p[1], &server, sizeof server);
        _exit(server < 0 ? 1 : 0);
    }
    close(p[1]);
    pid_t server = -1;
    if (read(p[0], &server, sizeof server) != (ssize_t) sizeof server) {
        server = -1;
    }
    close(p[0]);
    waitpid(child, NULL, 0);
    return server;
}

static long start_timeout_ms(void) {
    const char *t = getenv("PEAPOD_SERVER_START_TIMEOUT");
    long s = t != NULL ? atol(t) : 0;
    return (s > 0 ? s : 60) * 1000;
}

int connect_or_start(const char *dir, const char *sock) {
    int fd = try_connect(sock);
    if (fd >= 0) {
        return fd;
    }
    if (mkdirs(dir, 0700) != 0) {
        fprintf(stderr, "peapod: cannot create %s: %s\n", dir, strerror(errno));
        return -1;
    }
    char lockpath[PATH_MAX], log[PATH_MAX];
    snprintf(lockpath, sizeof lockpath, "%s/start.lock", dir);
    snprintf(log, sizeof log, "%s/engine.log", dir);
    int lock = open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lock < 0 || flock(lock, LOCK_EX) != 0) {
        fprintf(stderr, "peapod: cannot lock %s: %s\n", lockpath, strerror(errno));
        if (lock >= 0) {
            close(lock);
        }
        return -1;
    }
    fd = try_connect(sock);
    if (fd < 0) {
        unlink(sock);
        pid_t server = spawn_server(sock, log, lock);
        long waited = 0, limit = start_timeout_ms(), step = 2;
        while (server > 0 && waited < limit) {
            fd = try_connect(sock);
            if (fd >= 0) {
                break;
            }
            if (kill(server, 0) != 0 && errno == ESRCH) {
                break;
            }
            sleep_ms(step);
            waited += step;
            step = step < 20 ? step * 2 : 20;
        }
        if (fd < 0) {
            fprintf(stderr, "peapod: the engine process for %s did not start (log %s):\n", sock, log);
            show_log(log);
            if (server > 0) {
                kill(server, SIGKILL);
            }
        }
    }
    flock(lock, LOCK_UN);
    close(lock);
    return fd;
}

/*
 * When no engine answers: if a client is starting one (it or the engine holds the start lock), waits for that
 * and returns a connection to it; returns -1 when nobody is starting one (or it failed to start), so this
 * command is a cold one.
 */
int await_starting_engine(const char *dir, const char *sock) {
    char lockpath[PATH_MAX];
    snprintf(lockpath, sizeof lockpath, "%s/start.lock", dir);
    int lock = open(lockpath, O_RDWR | O_CLOEXEC);
    if (lock < 0) {
        return -1;
    }
    int fd = -1;
    if (flock(lock, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK && flock(lock, LOCK_EX) == 0) {
        fd = try_connect(sock);
    }
    flock(lock, LOCK_UN);
    close(lock);
    return fd;
}

/* After a cold command: starts the engine detached unless one answers or another client is starting one. */
static void start_engine_after(const char *dir, const char *sock) {
    char lockpath[PATH_MAX], log[PATH_MAX];
    snprintf(lockpath, sizeof lockpath, "%s/start.lock", dir);
    snprintf(log, sizeof log, "%s/engine.log", dir);
    if (mkdirs(dir, 0700) != 0) {
        return;
    }
    int lock = open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lock < 0) {
        return;
    }
    if (flock(lock, LOCK_EX | LOCK_NB) == 0) {
        int fd = try_connect(sock);
        if (fd >= 0) {
            close(fd);
        } else {
            unlink(sock);
            spawn_server(sock, log, lock);
        }
    }
    close(lock); /* no LOCK_UN: the engine's inherited copy of this open file keeps the lock until it listens */
}

/*
 * A cold command: runs it on a direct JVM, a child of this client with its descriptors, process group and
 * terminal, relaying signals sent to this client alone; then starts the engine. Returns the exit code (128+n
 * for a JVM killed by signal n, as the engine path reports it).
 */
int run_cold(int argc, char **argv, const char *dir, const char *sock) {
    sigset_t all, old;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &old);
    pid_t parent = getpid();
    pid_t child = fork();
    if (child == 0) {
        /* a client killed outright takes its command with it, as when it was the JVM itself (exec) */
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent) {
            _exit(ENGINE_ERROR);
        }
        for (size_t i = 0; i < nforwarded; i++) {
            signal(forwarded[i], SIG_DFL);
        }
        sigprocmask(SIG_SETMASK, &old, NULL);
        char **v = jvm_argv(0, MAIN_CLASS, argc - 1, argv + 1);
        execv(conf.java, v);
        fprintf(stderr, "Error: cannot run %s: %s\n", conf.java, strerror(errno));
        _exit(ENGINE_ERROR);
    }
    if (child < 0) {
        sigprocmask(SIG_SETMASK, &old, NULL);
        run_direct(argc, argv);
    }
    direct_child = child;
    sigprocmask(SIG_SETMASK, &old, NULL);
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    direct_child = 0;
    start_engine_after(dir, sock);
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}
