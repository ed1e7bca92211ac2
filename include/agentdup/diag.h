/*
 * diag.h - diagnostics: problems with one input that do not stop the run.
 *
 * A bad file becomes a diagnostic delivered through a callback, and the run
 * goes on. The ad_diag passed to the callback and its strings are borrowed:
 * valid only for the duration of the call, so copy what you keep.
 */
#ifndef AGENTDUP_DIAG_H
#define AGENTDUP_DIAG_H

typedef enum ad_severity {
	AD_SEV_WARNING = 1, /* the file was analysed, perhaps partly */
	AD_SEV_ERROR = 2    /* the file was skipped */
} ad_severity;

typedef struct ad_diag {
	ad_severity severity;
	const char *path; /* as the user will recognise it */
	int line;         /* 1-based, 0 when not about a line */
	int col;          /* 1-based, 0 when not about a column */
	const char *msg;  /* one line, lower case */
} ad_diag;

typedef void (*ad_diag_fn)(const ad_diag *diag, void *payload);

#endif
