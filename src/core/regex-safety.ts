/**
 * Log content is attacker-controlled, so a backtracking-heavy regex (a rule's, or the user's) must not
 * stall the process: V8 falls back to its linear-time engine after excessive backtracking. Process-wide
 * (main thread and workers import this first); measured in docs/deps-and-style.md A.4.
 */
import v8 from 'node:v8';

v8.setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
v8.setFlagsFromString('--regexp-backtracks-before-fallback=50000');

export const REGEX_SAFETY = true;
