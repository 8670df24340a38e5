#ifndef NEWSD_CRASH_NOTE_H
#define NEWSD_CRASH_NOTE_H
#include <stddef.h>

/* Notes which inbox file a thread was handling when the process crashed, so that a file
 * which crashes newsd again and again can be set aside instead of stalling the inbox.
 *
 * Each thread that parses or writes a file names it first (newsd_crash_note_working_on).
 * On a fault raised by the process itself (SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, or
 * SIGABRT from abort()), the handler appends that thread's line to the note file with one
 * write(2), says so on stderr, and hands the signal to the handler installed before it (the
 * Swift runtime's backtracer, or the default action). A SIGKILL (an operator, the OOM killer)
 * and signals sent by other processes (systemd's watchdog) note nothing.
 *
 * A line is "<signal number>\t<file name in hex>\n": any byte of a name survives. */

/* Opens `path` for appending (created 0600 if missing) and installs the handlers once.
   Called again (after the file was rewritten), it reopens `path` in place of the old file.
   Returns 0, or the errno of the failed call. */
int newsd_crash_note_install(const char *path);

/* The calling thread handles the file named by `name` (`length` bytes) from now on. */
void newsd_crash_note_working_on(const unsigned char *name, size_t length);

/* The calling thread is done with its file. */
void newsd_crash_note_done(void);

#endif
