/* compare.js: written by the compare part (doc/html-report.md). */
