/*
 * store_rekey.h - the step to schema version 3 (store_rekey.c): every
 * content, section and rule key of a store named again by SHA-256.
 *
 * Ownership: nothing is kept; the caller holds the transaction.
 */
#ifndef AGENTDUP_STORE_REKEY_H
#define AGENTDUP_STORE_REKEY_H

#include "agentdup/error.h"
#include "store/store_db.h"

/* Rename the keys of db, inside the caller's write transaction. */
int ad_store_rekey(ad_db *db, ad_error *err);

#endif
