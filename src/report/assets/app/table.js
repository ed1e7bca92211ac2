/* table.js: written by the lists part (doc/html-report.md). */
