/*
 * peapod: the native client. Runs a peapod command in the engine process of the store the command names
 * (one warm JVM per run root, started here when there is none), handing it this process's argv, environment,
 * working directory, terminal size and its own stdin/stdout/stderr descriptors (SCM_RIGHTS), forwarding
 * signals while the command runs and exiting with the command's exit code. With PEAPOD_SERVER=0, or when no
 * engine process can be used, it runs the JVM directly instead (exec), as peapod did before it existed.
 *
 * The cold first command (no engine answers and none is being started) costs a direct JVM, not an engine start:
 * the client runs it on a direct JVM of its own (a child that inherits its descriptors, its process group and so
 * its terminal) and starts the engine detached only once that command has ended, so the next commands find it
 * warm. The engine holds the start lock (inherited as fd 3) until its socket listens: a client arriving meanwhile
 * waits for it instead of starting a second one.
 *
 * How to start the JVM is read from peapod-client.conf beside this binary (written by the ./peapod launcher):
 *   token=T    the build's token (version and jar digest); a server of another token hands over
 *   java=P     the java binary
 *   opt=O      a JVM option, in order (any number)
 *   server=O   a JVM option for the engine process only
 *   cp=C       the class path
 * The protocol is described in peapod-cli's dev.peapod.cli.server.Wire. C11 and libc only.
 */
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

static struct config conf;
static char self[PATH_MAX];
static int sigpipe_fds[2] = {-1, -1};
/* The direct JVM running a cold command, while it runs: signals that did not come from the terminal go to it. */
static volatile pid_t direct_child = 0;
/* How many descriptors from 3 on the caller passed (open when this process started, before it opened any). */
static int inherited_fds;
#define MAX_PASSED_FDS 250

static void die(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("Error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(ENGINE_ERROR);
}

static char *chomp(char *s) {
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r')) {
        s[--n] = '\0';
    }
    return s;
}

static void read_config(void) {
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) {
        die("cannot find this program's path (/proc/self/exe): %s", strerror(errno));
    }
    self[n] = '\0';
    char path[PATH_MAX];
    const char *env = getenv("PEAPOD_CLIENT_CONF");
    if (env != NULL && env[0] != '\0') {
        snprintf(path, sizeof path, "%s", env);
    } else {
        snprintf(path, sizeof path, "%s", self);
        char *slash = strrchr(path, '/');
        snprintf(slash + 1, sizeof path - (size_t) (slash + 1 - path), "peapod-client.conf");
    }
    FILE *f = fopen(path, "re");
    if (f == NULL) {
        die("cannot read %s (%s): run ./peapod once to build peapod", path, strerror(errno));
    }
    char line[8192];
    while (fgets(line, sizeof line, f) != NULL) {
        chomp(line);
        if (strncmp(line, "token=", 6) == 0) {
            snprintf(conf.token, sizeof conf.token, "%s", line + 6);
        } else if (strncmp(line, "java=", 5) == 0) {
            snprintf(conf.java, sizeof conf.java, "%s", line + 5);
        } else if (strncmp(line, "cp=", 3) == 0) {
            snprintf(conf.cp, sizeof conf.cp, "%s", line + 3);
        } else if (strncmp(line, "opt=", 4) == 0 && conf.nopts < MAX_OPTS) {
            conf.opts[conf.nopts++] = strdup(line + 4);
        } else if (strncmp(line, "server=", 7) == 0 && conf.nserver_opts < MAX_OPTS) {
            conf.server_opts[conf.nserver_opts++] = strdup(line + 7);
        }
    }
    fclose(f);
    if (conf.java[0] == '\0' || conf.cp[0] == '\0') {
        die("%s names no java= or cp=: run ./peapod once to rebuild it", path);
    }
}

/* The JVM's argv: java, options, [server options], -Dpeapod.client, -cp, class path, main class, args. */
static char **jvm_argv(int server, const char *main_class, int argc, char **args) {
    char **v = calloc((size_t) (conf.nopts + conf.nserver_opts + argc + 9), sizeof *v);
    int i = 0;
    v[i++] = conf.java;
    for (int k = 0; k < conf.nopts; k++) {
        v[i++] = conf.opts[k];
    }
    if (server) {
        for (int k = 0; k < conf.nserver_opts; k++) {
            v[i++] = conf.server_opts[k];
        }
        static char token_opt[300];
        snprintf(token_opt, sizeof token_opt, "-Dpeapod.server.token=%s", conf.token);
        v[i++] = token_opt;
        v[i++] = "-Dpeapod.server.startLockFd=3";
    } else if (inherited_fds > 0) {
        /* the JVM opens files of its own from 3 on once the caller's are taken: it is told which are the caller's */
        static char fds_opt[64];
        snprintf(fds_opt, sizeof fds_opt, "-Dpeapod.inheritedFds=%d", inherited_fds);
        v[i++] = fds_opt;
    }
    static char client_opt[PATH_MAX + 32];
    snprintf(client_opt, sizeof client_opt, "-Dpeapod.client=%s", self);
    v[i++] = client_opt;
    v[i++] = "-cp";
    v[i++] = conf.cp;
    v[i++] = (char *) main_class;
    for (int k = 0; k < argc; k++) {
        v[i++] = args[k];
    }
    v[i] = NULL;
    return v;
}

/* Today's path: this process becomes the JVM running the command. */
static void run_direct(int argc, char **argv) {
    char **v = jvm_argv(0, MAIN_CLASS, argc - 1, argv + 1);
    execv(conf.java, v);
    die("cannot run %s: %s", conf.java, strerror(errno));
}

/* The run root the command names (--runroot X or --runroot=X before any "--"), absolute. */
static void runroot_of(int argc, char **argv, char *out, size_t size) {
    const char *rr = DEFAULT_RUNROOT;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            break;
        }
        if (strcmp(argv[i], "--runroot") == 0 && i + 1 < argc) {
            rr = argv[i + 1];
            break;
        }
        if (strncmp(argv[i], "--runroot=", 10) == 0) {
            rr = argv[i] + 10;
            break;
        }
    }
    if (rr[0] == '/') {
        snprintf(out, size, "%s", rr);
    } else {
        char cwd[PATH_MAX];
        if (getcwd(cwd, sizeof cwd) == NULL) {
            snprintf(out, size, "%s", rr);
        } else {
            snprintf(out, size, "%s/%s", cwd, rr);
        }
    }
}

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

static int try_connect(const char *sock) {
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

/*
 * A connection to the store's engine process, starting one (under the start lock, so concurrent clients start
 * one server) when none answers. Returns -1 after printing why when no server can be started.
 */
static int connect_or_start(const char *dir, const char *sock) {
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

static int send_all(int fd, const char *buf, size_t n) {
    while (n > 0) {
        ssize_t w = send(fd, buf, n, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        buf += w;
        n -= (size_t) w;
    }
    return 0;
}

struct buf {
    char *data;
    size_t len, cap;
};

static void put(struct buf *b, const char *s) {
    size_t n = strlen(s) + 1;
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2;
        b->data = realloc(b->data, b->cap);
        if (b->data == NULL) {
            die("out of memory");
        }
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

static void put_int(struct buf *b, long v) {
    char s[32];
    snprintf(s, sizeof s, "%ld", v);
    put(b, s);
}

static void terminal_size(int *rows, int *cols) {
    struct winsize ws;
    *rows = *cols = 0;
    for (int fd = 0; fd <= 2; fd++) {
        if (isatty(fd) && ioctl(fd, TIOCGWINSZ, &ws) == 0) {
            *rows = ws.ws_row;
            *cols = ws.ws_col;
            return;
        }
    }
}

/*
 * The descriptors from 3 on a command passes into a container ("--preserve-fds N" of run, create, exec: the value
 * before any "--"), as many of them as the caller passed; the engine says which one is missing.
 */
static int fds_to_pass(int argc, char **argv) {
    long n = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            break;
        }
        if (strcmp(argv[i], "--preserve-fds") == 0 && i + 1 < argc) {
            n = strtol(argv[i + 1], NULL, 10);
        } else if (strncmp(argv[i], "--preserve-fds=", 15) == 0) {
            n = strtol(argv[i] + 15, NULL, 10);
        }
    }
    n = n < 0 ? 0 : n;
    n = n > inherited_fds ? inherited_fds : n;
    return (int) (n > MAX_PASSED_FDS ? MAX_PASSED_FDS : n);
}

/*
 * Sends the request: the header with descriptors 0, 1 and 2 attached (and the caller's 3, 4, ... that the command
 * passes on, after them), then the payload.
 */
static int send_request(int fd, int argc, char **argv) {
    struct buf b = {0};
    char cwd[PATH_MAX];
    put(&b, conf.token);
    put(&b, getcwd(cwd, sizeof cwd) != NULL ? cwd : "/");
    int rows, cols;
    terminal_size(&rows, &cols);
    put_int(&b, rows);
    put_int(&b, cols);
    put_int(&b, argc - 1);
    for (int i = 1; i < argc; i++) {
        put(&b, argv[i]);
    }
    long envc = 0;
    for (char **e = environ; *e; e++) {
        envc++;
    }
    put_int(&b, envc);
    for (char **e = environ; *e; e++) {
        put(&b, *e);
    }
    unsigned char header[8] = {'P', 'P', 'D', '1', (unsigned char) b.len, (unsigned char) (b.len >> 8),
                               (unsigned char) (b.len >> 16), (unsigned char) (b.len >> 24)};
    int nfds = 3 + fds_to_pass(argc, argv);
    int fds[3 + MAX_PASSED_FDS];
    for (int k = 0; k < nfds; k++) {
        fds[k] = k;
    }
    char control[CMSG_SPACE(sizeof fds)];
    memset(control, 0, sizeof control);
    struct iovec iov = {header, sizeof header};
    struct msghdr msg = {0};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = CMSG_SPACE(nfds * sizeof(int));
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(nfds * sizeof(int));
    memcpy(CMSG_DATA(c), fds, nfds * sizeof(int));
    ssize_t w;
    do {
        w = sendmsg(fd, &msg, MSG_NOSIGNAL);
    } while (w < 0 && errno == EINTR);
    int rc = w == (ssize_t) sizeof header ? send_all(fd, b.data, b.len) : -1;
    free(b.data);
    return rc;
}

static void on_signal(int sig, siginfo_t *info, void *context) {
    (void) context;
    int saved = errno;
    pid_t child = direct_child;
    if (child > 0) {
        /* the terminal signals its whole foreground process group, the direct JVM included: pass on only the
           signals sent to this process alone (kill, a supervisor's SIGTERM) */
        if (info == NULL || info->si_code != SI_KERNEL) {
            kill(child, sig);
        }
    } else {
        unsigned char s = (unsigned char) sig;
        (void) !write(sigpipe_fds[1], &s, 1);
    }
    errno = saved;
}

static const int forwarded[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH};

static void catch_signals(void) {
    if (pipe2(sigpipe_fds, O_CLOEXEC | O_NONBLOCK) != 0) {
        die("pipe: %s", strerror(errno));
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_RESTART | SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++) {
        sigaction(forwarded[i], &sa, NULL);
    }
}

static int send_frame(int fd, char type, uint32_t v) {
    unsigned char f[5] = {(unsigned char) type, (unsigned char) v, (unsigned char) (v >> 8),
                          (unsigned char) (v >> 16), (unsigned char) (v >> 24)};
    return send_all(fd, (const char *) f, sizeof f);
}

enum outcome { EXITED, MISMATCH, LOST, NOT_STARTED };

/* Relays signals until the server answers; *code gets the exit code. */
static enum outcome wait_answer(int fd, int *code) {
    unsigned char f[5];
    size_t have = 0;
    int accepted = 0;
    struct pollfd p[2] = {{fd, POLLIN, 0}, {sigpipe_fds[0], POLLIN, 0}};
    for (;;) {
        if (poll(p, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            return LOST;
        }
        if (p[1].revents & POLLIN) {
            unsigned char sigs[64];
            ssize_t n = read(sigpipe_fds[0], sigs, sizeof sigs);
            for (ssize_t i = 0; i < n; i++) {
                if (sigs[i] == SIGWINCH) {
                    int rows, cols;
                    terminal_size(&rows, &cols);
                    send_frame(fd, 'W', (uint32_t) rows << 16 | (uint32_t) (cols & 0xffff));
                } else {
                    send_frame(fd, 'S', sigs[i]);
                }
            }
        }
        if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t n = read(fd, f + have, sizeof f - have);
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n <= 0) {
                return accepted ? LOST : NOT_STARTED;
            }
            have += (size_t) n;
            if (have == sizeof f) {
                if (f[0] == 'X') {
                    *code = (int) ((uint32_t) f[1] | (uint32_t) f[2] << 8 | (uint32_t) f[3] << 16
                                   | (uint32_t) f[4] << 24);
                    return EXITED;
                }
                if (f[0] == 'M') {
                    return MISMATCH;
                }
                if (f[0] == 'A') {
                    accepted = 1;
                }
                have = 0;
            }
        }
    }
}

/*
 * When no engine answers: if a client is starting one (it or the engine holds the start lock), waits for that
 * and returns a connection to it; returns -1 when nobody is starting one (or it failed to start), so this
 * command is a cold one.
 */
static int await_starting_engine(const char *dir, const char *sock) {
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
static int run_cold(int argc, char **argv, const char *dir, const char *sock) {
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
        for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++) {
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

/* Makes sure descriptors 0, 1 and 2 exist (a closed one becomes /dev/null) so they can be passed on. */
static void standard_fds(void) {
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
            int n = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
            if (n >= 0 && n != fd) {
                dup2(n, fd);
                close(n);
            }
        }
    }
}

int main(int argc, char **argv) {
    while (inherited_fds < MAX_PASSED_FDS && fcntl(3 + inherited_fds, F_GETFD) != -1) {
        inherited_fds++;
    }
    read_config();
    const char *mode = getenv("PEAPOD_SERVER");
    if (mode != NULL && strcmp(mode, "0") == 0) {
        run_direct(argc, argv);
    }
    for (int i = 1; i + 1 < argc; i++) {
        if (strcmp(argv[i], "system") == 0 && strcmp(argv[i + 1], "service") == 0) {
            run_direct(argc, argv); /* a long-lived API server gets a JVM of its own, not the shared engine's */
        }
    }
    standard_fds();
    char runroot[PATH_MAX], dir[PATH_MAX], sock[PATH_MAX];
    runroot_of(argc, argv, runroot, sizeof runroot);
    snprintf(dir, sizeof dir, "%s/engine", runroot);
    snprintf(sock, sizeof sock, "%s/engine.sock", dir);
    if (strlen(sock) >= sizeof ((struct sockaddr_un *) 0)->sun_path) {
        run_direct(argc, argv); /* too long for a socket address: no server for this store */
    }
    catch_signals();
    int fd = try_connect(sock);
    if (fd < 0) {
        fd = await_starting_engine(dir, sock);
        if (fd < 0) {
            return run_cold(argc, argv, dir, sock);
        }
    }
    for (int attempt = 0; attempt < 5; attempt++) {
        if (attempt > 0 || fd < 0) {
            fd = connect_or_start(dir, sock);
        }
        if (fd < 0) {
            fprintf(stderr, "peapod: running the command without an engine process\n");
            run_direct(argc, argv);
        }
        if (send_request(fd, argc, argv) != 0) {
            close(fd); /* the server went away between accept and our request: it ran nothing */
            fd = -1;
            continue;
        }
        int code = 0;
        switch (wait_answer(fd, &code)) {
        case EXITED:
            return code & 0xff;
        case MISMATCH:
        case NOT_STARTED: /* a server that was exiting (idle, replaced) took the connection but ran nothing */
            close(fd);
            continue;
        case LOST:
            die("the engine process ended during the command (its log: %s/engine.log); run it again, the store "
                "is consistent", dir);
        }
    }
    die("the engine process at %s kept refusing this client", sock);
}
