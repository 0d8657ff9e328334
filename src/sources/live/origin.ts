/**
 * Where a collected file came from: the collectors keep the original path below `fs/` of a
 * directory named `konseki-collect-<host>-<UTC time>`, so a display path such as
 * `case.tar.gz!konseki-collect-web01-20250101T000000Z/fs/etc/ld.so.preload` gives host, original
 * path and collection time. Files not from a collection keep their own path and no host.
 */
export interface Origin {
  /** the path on the collected host (or the display path) */
  path: string;
  host?: string;
  /** epoch µs of the collection, NaN when unknown */
  collectedUs: number;
}

const RE = /(?:^|[/\\!])konseki-collect-([^/\\!]+?)-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z[/\\](?:fs[/\\])?(.*)$/;

export function originOf(display: string): Origin {
  const m = RE.exec(display);
  if (!m) return { path: display, collectedUs: NaN };
  const ms = Date.UTC(+m[2], +m[3] - 1, +m[4], +m[5], +m[6], +m[7]);
  const rest = m[8].replace(/\\/g, '/');
  return { path: `/${rest}`, host: m[1], collectedUs: ms * 1000 };
}
