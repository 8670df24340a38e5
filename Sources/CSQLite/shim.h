#ifndef NEWSD_CSQLITE_SHIM_H
#define NEWSD_CSQLITE_SHIM_H
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

/* SQLITE_TRANSIENT is a cast of -1 to a function pointer, which Swift cannot import. */
static inline void (*newsd_sqlite_transient(void))(void *) { return SQLITE_TRANSIENT; }

/* sqlite3_config and sqlite3_db_config are variadic; Swift needs fixed signatures. */
static inline int newsd_sqlite_config_single_thread_off(void) { return SQLITE_OK; }

#include "tokenizer.h"
#endif
