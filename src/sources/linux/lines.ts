/** Moved to src/sources/text-lines.ts (shared by the Linux and live readers). */
export * from '../text-lines.ts';
