#define _GNU_SOURCE
#include "crash_note.h"
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Names longer than this are not noted (nothing is then set aside for them). */
#define NOTE_NAME_BYTES 4096
#define NOTE_HASH_BYTES 64
/* "NN\t" + hex name + "\t" + hash + "\n" */
#define NOTE_LINE_BYTES (3 + 2 * NOTE_NAME_BYTES + 1 + NOTE_HASH_BYTES + 1)
/* A stack for the handler, so that a stack overflow is noted too (one guard page below it). */
#define ALT_STACK_BYTES (64 * 1024)

static const int noted_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT};
#define NOTED_COUNT (sizeof noted_signals / sizeof noted_signals[0])

static int note_fd = -1;
static struct sigaction previous[NOTED_COUNT];

/* initial-exec: the handler must not make the dynamic loader allocate thread storage (this
   code is linked into the executable, never dlopen'ed). */
static __thread char line[NOTE_LINE_BYTES] __attribute__((tls_model("initial-exec")));
static __thread volatile size_t line_length __attribute__((tls_model("initial-exec")));
static __thread int has_alt_stack __attribute__((tls_model("initial-exec")));

/* Frees a thread's handler stack when the thread ends (Dispatch retires idle threads). */
static pthread_key_t alt_stack_key;
static pthread_once_t alt_stack_key_once = PTHREAD_ONCE_INIT;

static size_t page_bytes(void) {
    long size = sysconf(_SC_PAGESIZE);
    return size > 0 ? (size_t)size : 4096;
}

static void free_alt_stack(void *mapping) {
    stack_t off;
    memset(&off, 0, sizeof off);
    off.ss_flags = SS_DISABLE;
    sigaltstack(&off, NULL);
    munmap(mapping, ALT_STACK_BYTES + page_bytes());
}

static void make_alt_stack_key(void) { pthread_key_create(&alt_stack_key, free_alt_stack); }

static void give_thread_alt_stack(void) {
    has_alt_stack = 1;
    stack_t current;
    if (sigaltstack(NULL, &current) == 0 && !(current.ss_flags & SS_DISABLE)) return;  /* one already */
    pthread_once(&alt_stack_key_once, make_alt_stack_key);
    size_t guard = page_bytes();
    char *mapping = mmap(NULL, ALT_STACK_BYTES + guard, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapping == MAP_FAILED) return;
    mprotect(mapping, guard, PROT_NONE);  /* stacks grow down: an overflow faults here */
    stack_t stack;
    memset(&stack, 0, sizeof stack);
    stack.ss_sp = mapping + guard;
    stack.ss_size = ALT_STACK_BYTES;
    if (sigaltstack(&stack, NULL) != 0) {
        munmap(mapping, ALT_STACK_BYTES + guard);
        return;
    }
    pthread_setspecific(alt_stack_key, mapping);
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
    (void)context;
    int saved = errno;
    /* Raised by this process: a fault from the kernel (si_code > 0) or a signal it sent
       itself (abort()). A kill from another process says nothing about the file. */
    int own = info && (info->si_code > 0 || info->si_pid == getpid());
    size_t length = line_length;
    if (own && length > 0 && note_fd >= 0) {
        line[0] = (char)('0' + (signal / 10) % 10);
        line[1] = (char)('0' + signal % 10);
        write_all(note_fd, line, length);
        static const char message[] = "newsd: crashed while handling an inbox file; the file is noted in the state folder's "
                                      "crash-notes and is set aside in failed/ if it crashes newsd again\n";
        write_all(2, message, sizeof message - 1);
    }
    /* Hand the signal on as if this handler were not there: the previous disposition is put
       back; a fault that recurs when its instruction runs again (SIGSEGV, SIGBUS, SIGILL,
       SIGFPE from the kernel) reaches it by returning; any other signal is queued again to
       this thread with its own siginfo, and reaches it when this handler returns, in the
       context it interrupted (the Swift runtime's backtracer reads both). */
    for (size_t i = 0; i < NOTED_COUNT; i++) {
        if (noted_signals[i] == signal) sigaction(signal, &previous[i], NULL);
    }
    int recurs = signal != SIGABRT && signal != SIGTRAP && info && info->si_code > 0;
    if (!recurs) {
        if (!info || syscall(SYS_rt_tgsigqueueinfo, getpid(), syscall(SYS_gettid), signal, info) != 0) raise(signal);
    }
    errno = saved;
}

int newsd_crash_note_install(const char *path) {
    if (note_fd >= 0) return 0;
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return errno;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_fault;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    for (size_t i = 0; i < NOTED_COUNT; i++) {
        if (sigaction(noted_signals[i], &action, &previous[i]) != 0) {
            int rc = errno;
            for (size_t j = 0; j < i; j++) sigaction(noted_signals[j], &previous[j], NULL);
            close(fd);
            return rc;
        }
    }
    note_fd = fd;
    return 0;
}

void newsd_crash_note_working_on(const unsigned char *name, size_t length, const char *hash) {
    if (!has_alt_stack) give_thread_alt_stack();
    line_length = 0;  /* the handler reads no half-written line */
    if (length > NOTE_NAME_BYTES || strlen(hash) != NOTE_HASH_BYTES) return;
    static const char digits[] = "0123456789abcdef";
    char *at = line;
    *at++ = '0';
    *at++ = '0';
    *at++ = '\t';
    for (size_t i = 0; i < length; i++) {
        *at++ = digits[name[i] >> 4];
        *at++ = digits[name[i] & 15];
    }
    *at++ = '\t';
    memcpy(at, hash, NOTE_HASH_BYTES);
    at += NOTE_HASH_BYTES;
    *at++ = '\n';
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    line_length = (size_t)(at - line);
}

void newsd_crash_note_done(void) { line_length = 0; }

long newsd_crash_note_thread_id(void) { return (long)syscall(SYS_gettid); }
