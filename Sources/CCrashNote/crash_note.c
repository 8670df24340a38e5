#define _GNU_SOURCE
#include "crash_note.h"
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Names longer than this are cut (the note then names no file: nothing is set aside). */
#define NOTE_NAME_BYTES 4096
/* "NN\t" + hex + "\n" */
#define NOTE_LINE_BYTES (3 + 2 * NOTE_NAME_BYTES + 1)
/* A stack for the handler, so a stack overflow is noted too. */
#define ALT_STACK_BYTES (64 * 1024)

static const int noted_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT};
#define NOTED_COUNT (sizeof noted_signals / sizeof noted_signals[0])

static volatile int note_fd = -1;
static struct sigaction previous[NOTED_COUNT];
static int installed;

/* initial-exec: the handler must not make the dynamic loader allocate thread storage. */
static __thread char line[NOTE_LINE_BYTES] __attribute__((tls_model("initial-exec")));
static __thread size_t line_length __attribute__((tls_model("initial-exec")));
static __thread int has_alt_stack __attribute__((tls_model("initial-exec")));
/* Frees a thread's handler stack when the thread ends (Dispatch retires idle threads). */
static pthread_key_t alt_stack_key;
static pthread_once_t alt_stack_key_once = PTHREAD_ONCE_INIT;

static void free_alt_stack(void *memory) {
    stack_t off;
    memset(&off, 0, sizeof off);
    off.ss_flags = SS_DISABLE;
    sigaltstack(&off, NULL);
    free(memory);
}

static void make_alt_stack_key(void) { pthread_key_create(&alt_stack_key, free_alt_stack); }

static void give_thread_alt_stack(void) {
    has_alt_stack = 1;
    stack_t current;
    if (sigaltstack(NULL, &current) == 0 && !(current.ss_flags & SS_DISABLE)) return;  /* one already */
    pthread_once(&alt_stack_key_once, make_alt_stack_key);
    stack_t stack;
    memset(&stack, 0, sizeof stack);
    stack.ss_sp = malloc(ALT_STACK_BYTES);
    stack.ss_size = ALT_STACK_BYTES;
    if (!stack.ss_sp) return;
    if (sigaltstack(&stack, NULL) != 0) {
        free(stack.ss_sp);
        return;
    }
    pthread_setspecific(alt_stack_key, stack.ss_sp);
}

static void write_all(int fd, const char *bytes, size_t count) {
    while (count > 0) {
        ssize_t n = write(fd, bytes, count);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        bytes += n;
        count -= (size_t)n;
    }
}

static void on_fault(int signal, siginfo_t *info, void *context) {
    int saved = errno;
    /* SIGABRT counts only when this process raised it (abort()); a kill from outside
       (systemd's watchdog sends SIGABRT) says nothing about the file. */
    int own = signal != SIGABRT || (info && info->si_pid == getpid());
    if (own && line_length > 0 && note_fd >= 0) {
        line[0] = (char)('0' + (signal / 10) % 10);
        line[1] = (char)('0' + signal % 10);
        write_all(note_fd, line, line_length);
        static const char message[] = "newsd: crashed while handling an inbox file; the file is noted in the state folder's "
                                      "crash-notes and is set aside in failed/ if it crashes newsd again\n";
        write_all(2, message, sizeof message - 1);
    }
    /* Hand the signal on as if this handler were not there: the previous disposition is put
       back, a fault that recurs when its instruction runs again (SIGSEGV, SIGBUS, SIGILL,
       SIGFPE from the kernel) reaches it by returning, and any other signal is passed to the
       previous handler with its own siginfo and context (the Swift runtime's backtracer reads
       them), or raised again for the default action. */
    const struct sigaction *old = NULL;
    for (size_t i = 0; i < NOTED_COUNT; i++) {
        if (noted_signals[i] == signal) old = &previous[i];
    }
    if (!old) return;
    sigaction(signal, old, NULL);
    errno = saved;
    int recurs = signal != SIGABRT && signal != SIGTRAP && info && info->si_code > 0;
    if (recurs) return;
    if (old->sa_flags & SA_SIGINFO) {
        if (old->sa_sigaction) old->sa_sigaction(signal, info, context);
    } else if (old->sa_handler == SIG_DFL) {
        raise(signal);
    } else if (old->sa_handler != SIG_IGN) {
        old->sa_handler(signal);
    }
}

int newsd_crash_note_install(const char *path) {
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return errno;
    if (note_fd >= 0) {
        /* Atomic for the handler: the old descriptor number now names the new file. */
        int rc = dup3(fd, note_fd, O_CLOEXEC) < 0 ? errno : 0;
        close(fd);
        return rc;
    }
    note_fd = fd;
    if (installed) return 0;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_fault;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    for (size_t i = 0; i < NOTED_COUNT; i++) {
        if (sigaction(noted_signals[i], &action, &previous[i]) != 0) return errno;
    }
    installed = 1;
    return 0;
}

void newsd_crash_note_working_on(const unsigned char *name, size_t length) {
    if (!has_alt_stack) give_thread_alt_stack();
    if (length > NOTE_NAME_BYTES) {
        line_length = 0;
        return;
    }
    static const char digits[] = "0123456789abcdef";
    char *at = line;
    *at++ = '0';
    *at++ = '0';
    *at++ = '\t';
    for (size_t i = 0; i < length; i++) {
        *at++ = digits[name[i] >> 4];
        *at++ = digits[name[i] & 15];
    }
    *at++ = '\n';
    line_length = (size_t)(at - line);
}

void newsd_crash_note_done(void) { line_length = 0; }
