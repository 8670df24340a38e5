#ifndef NEWSD_CRASH_NOTE_H
#define NEWSD_CRASH_NOTE_H
#include <stddef.h>

/* Notes which inbox file a thread was handling when the process crashed, so that a file
 * which crashes newsd again and again can be set aside instead of stalling the inbox.
 *
 * Each thread that parses or writes a file names it first (newsd_crash_note_working_on).
 * On a fault the process raised itself (SIGSEGV, SIGBUS, SIGILL, SIGTRAP or SIGFPE from the
 * kernel, or a signal the process sent itself: abort()), the handler appends that thread's
 * line to the note file with one write(2), says so on stderr, and hands the signal on to the
 * handler installed before it (the Swift runtime's backtracer) or the default action. A
 * SIGKILL (an operator, the OOM killer) and any signal sent by another process (systemd's
 * watchdog) note nothing.
 *
 * A line is "<signal number, two digits>\t<file name in hex>\t<the file's SHA-256 in hex>\n":
 * any byte of a name survives, and a different file under the same name is not confused
 * with the one that crashed. */

/* Opens `path` for appending (created 0600 if missing) and installs the handlers; once per
   process. Returns 0, or the errno of the failed call. */
int newsd_crash_note_install(const char *path);

/* The calling thread handles the file named by `name` (`length` bytes) whose SHA-256 is
   `hash` (64 hex digits) from now on. Not nested: `done` ends it. */
void newsd_crash_note_working_on(const unsigned char *name, size_t length, const char *hash);

/* The calling thread is done with its file. */
void newsd_crash_note_done(void);

/* The calling thread's id (for the tests' fault messages). */
long newsd_crash_note_thread_id(void);

#endif
