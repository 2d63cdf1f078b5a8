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
#include "peapod.h"

struct config conf;
char self[PATH_MAX];
static int sigpipe_fds[2] = {-1, -1};
volatile pid_t direct_child = 0;
/* How many descriptors from 3 on the caller passed (open when this process started, before it opened any). */
static int inherited_fds;

_Noreturn void die(const char *fmt, ...) {
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

char **jvm_argv(int server, const char *main_class, int argc, char **args) {
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

_Noreturn void run_direct(int argc, char **argv) {
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

const int forwarded[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH};
const size_t nforwarded = sizeof forwarded / sizeof forwarded[0];

static void catch_signals(void) {
    if (pipe2(sigpipe_fds, O_CLOEXEC | O_NONBLOCK) != 0) {
        die("pipe: %s", strerror(errno));
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_RESTART | SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < nforwarded; i++) {
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
