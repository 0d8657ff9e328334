/** The command lines of a scheduled task's XML (4698 TaskContent): plain scanning, no XML parser, bounded. */
const MAX_ACTIONS = 32;

function unescapeXml(s: string): string {
  return s.replace(
    /&(quot|apos|lt|gt|amp);/g,
    (_, n: string) => ({ quot: '"', apos: "'", lt: '<', gt: '>', amp: '&' })[n]!,
  );
}

/** "Command Arguments" of each Exec action, in order. */
export function taskCommands(xml: string | undefined): string[] {
  if (!xml) return [];
  const out: string[] = [];
  let from = 0;
  for (let n = 0; n < MAX_ACTIONS; n++) {
    const c = xml.indexOf('<Command>', from);
    if (c < 0) break;
    const ce = xml.indexOf('</Command>', c);
    if (ce < 0) break;
    let cmd = xml.slice(c + 9, ce).trim();
    const next = xml.indexOf('<Command>', ce);
    const a = xml.indexOf('<Arguments>', ce);
    if (a >= 0 && (next < 0 || a < next)) {
      const ae = xml.indexOf('</Arguments>', a);
      if (ae > a) cmd += ` ${xml.slice(a + 11, ae).trim()}`;
    }
    out.push(unescapeXml(cmd));
    from = ce;
  }
  return out;
}
