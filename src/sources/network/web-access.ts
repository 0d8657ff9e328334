/**
 * Apache / nginx access logs in the NCSA `common` and `combined` formats (extra trailing fields, e.g.
 * nginx `$request_time` or a vhost, are tolerated). Field names follow Sigma's webserver taxonomy.
 */
import type { Fields } from '../../core/event.ts';
import {
  IGNORE,
  makeReader,
  netEvent,
  shareOf,
  type LineFormat,
  type LineResult,
  type ParseContext,
} from './format.ts';
import { parseClf } from './text/clf.ts';
import { extensionOf } from './text/url.ts';
import { put } from './text/values.ts';
import { isSquidCombined } from './squid.ts';

const LOGSOURCE = { category: 'webserver' } as const;

function parser(ctx: ParseContext) {
  return {
    line(text: string, no: number): LineResult {
      if (!text.trim() || text.startsWith('#')) return IGNORE;
      const r = parseClf(text);
      if (typeof r === 'string') return r;
      const f: Fields = { 'c-ip': r.host };
      put(f, 'cs-username', r.user);
      if (r.method) f['cs-method'] = r.method;
      const target = r.target ?? r.request;
      put(f, 'cs-uri', target);
      put(f, 'c-uri', target);
      if (r.target) {
        const q = r.target.indexOf('?');
        const stem = q >= 0 ? r.target.slice(0, q) : r.target;
        f['cs-uri-stem'] = stem;
        if (q >= 0 && q + 1 < r.target.length) f['cs-uri-query'] = r.target.slice(q + 1);
        const ext = extensionOf(stem);
        if (ext) f['c-uri-extension'] = ext;
      }
      if (r.version) f['cs-version'] = r.version;
      if (r.status !== undefined) f['sc-status'] = r.status;
      if (r.bytes !== undefined) f['sc-bytes'] = r.bytes;
      put(f, 'cs-referer', r.referer);
      put(f, 'cs-referrer', r.referer);
      put(f, 'cs-user-agent', r.agent);
      put(f, 'c-useragent', r.agent);
      f.message = text;
      return netEvent(ctx, no, r.ts, r.host, LOGSOURCE, f);
    },
  };
}

export const webAccessFormat: LineFormat = {
  splittable: true,
  id: 'web-access',
  sniff(lines) {
    const share = shareOf(lines, (l) => typeof parseClf(l) !== 'string' && !isSquidCombined(l));
    return share >= 0.5 ? 0.5 + 0.4 * share : 0;
  },
  parser,
};

export const webAccessReader = makeReader(webAccessFormat);
