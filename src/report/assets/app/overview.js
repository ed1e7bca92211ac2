/* overview.js: written by the overview part (doc/html-report.md). */
