#ifndef NEWSD_CSQLITE_SHIM_H
#define NEWSD_CSQLITE_SHIM_H
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

/* sqlite3_config and sqlite3_db_config are variadic; Swift needs fixed signatures. */
/* SQLite counts every allocation under one process-wide mutex unless told not to: two
   threads allocating (a search split over two connections, newsd's writer and analysers)
   then queue on it. newsd reads no memory statistics. Only works before SQLite initialises. */
static inline int newsd_sqlite_config_no_memory_statistics(void) { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

#include "tokenizer.h"
#endif
