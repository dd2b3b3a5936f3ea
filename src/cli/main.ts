#!/usr/bin/env node
/** The `aicmo` command line. */
export {};
