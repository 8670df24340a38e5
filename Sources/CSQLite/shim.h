#ifndef NEWSD_CSQLITE_SHIM_H
#define NEWSD_CSQLITE_SHIM_H
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

/* SQLITE_TRANSIENT is a cast of -1 to a function pointer, which Swift cannot import. */
static inline void (*newsd_sqlite_transient(void))(void *) { return SQLITE_TRANSIENT; }

/* sqlite3_config and sqlite3_db_config are variadic; Swift needs fixed signatures. */
static inline int newsd_sqlite_config_single_thread_off(void) { return SQLITE_OK; }
/* SQLite counts every allocation under one process-wide mutex unless told not to: two
   threads allocating (a search split over two connections, newsd's writer and analysers)
   then queue on it. newsd reads no memory statistics. Only works before SQLite initialises. */
static inline int newsd_sqlite_config_no_memory_statistics(void) { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

#include "tokenizer.h"
#endif
