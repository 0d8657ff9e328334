/**
 * Display paths (what evidence refs show): a file path, or `archive.zip!member/path`, with `/` or `\`.
 * They are split at the last of `/`, `\` and `!`.
 */
function cut(p: string): number {
  return Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'), p.lastIndexOf('!'));
}

/** The directory part, separator included (`a.zip!dir/`), or '' for a bare name. */
export function displayDir(p: string): string {
  return p.slice(0, cut(p) + 1);
}

/** The last component (`x.log` of `a.zip!dir/x.log`). */
export function displayBase(p: string): string {
  return p.slice(cut(p) + 1);
}
