/**
 * Persistence places copied by the collectors, read as events (one per item): systemd units
 * (ExecStart and friends), SSH authorized_keys (one per key, with its options and SHA-256
 * fingerprint), /etc/ld.so.preload (one per library), /etc/passwd (one per account) and shell
 * start-up files (one per command line). Times are the files' modification times; host and original
 * path come from the collection's directory name (origin.ts). Sniffed by path and content.
 */
import { createHash } from 'node:crypto';
import type { Event, Fields } from '../../core/event.ts';
import { issue } from '../../core/issue.ts';
import { headLines, newLineStats, textLines } from '../text-lines.ts';
import type { ReadContext, SourceReader } from '../types.ts';
import { originOf } from './origin.ts';

const MAX_LINES = 100_000;

async function lines(path: string, ctx: ReadContext): Promise<string[]> {
  const out: string[] = [];
  const ls = newLineStats();
  for await (const b of textLines(path, ls, (p) =>
    ctx.issues.push(issue('live.read_error', { file: ctx.displayPath }, { reason: p.reason }, 'error')),
  )) {
    for (const l of b.lines) if (out.length < MAX_LINES) out.push(l);
  }
  return out;
}

function base(ctx: ReadContext, format: string, category: string, line: number, fields: Fields): Event {
  const o = originOf(ctx.displayPath);
  fields.TargetFilename = o.path;
  if (Number.isFinite(o.collectedUs)) fields.collected = o.collectedUs;
  const e: Event = {
    ts: ctx.mtimeUs ?? NaN,
    source: { format, file: ctx.displayPath, line },
    logsource: { product: 'linux', category, service: 'live' },
    fields,
  };
  if (o.host) e.host = o.host;
  return e;
}

// ---- systemd units ----
const UNIT_NAME = /\.(?:service|timer|socket|path|mount|target)$/;
const UNIT_KEYS = new Set([
  'ExecStart',
  'ExecStartPre',
  'ExecStartPost',
  'ExecStop',
  'ExecReload',
  'OnCalendar',
  'OnBootSec',
  'OnUnitActiveSec',
  'User',
  'Description',
  'WantedBy',
  'Unit',
  'ListenStream',
]);

export const systemdUnitReader: SourceReader = {
  id: 'systemd-unit',
  sniff(head, name) {
    if (!UNIT_NAME.test(name)) return 0;
    const ls = headLines(head, 60);
    return ls.some((l) => /^\[(?:Unit|Service|Timer|Socket|Install|Path|Mount)\]\s*$/.test(l)) ? 0.9 : 0;
  },
  async *read(path, ctx) {
    const fields: Fields = { UnitName: ctx.displayPath.replace(/^.*[/\\!]/, '') };
    let section = '';
    for (const raw of await lines(path, ctx)) {
      const l = raw.trim();
      if (!l || l.startsWith('#') || l.startsWith(';')) continue;
      const s = /^\[([^\]]+)\]$/.exec(l);
      if (s) {
        section = s[1];
        continue;
      }
      const eq = l.indexOf('=');
      if (eq <= 0) continue;
      const k = l.slice(0, eq).trim();
      const v = l.slice(eq + 1).trim();
      if (!UNIT_KEYS.has(k) || (k === 'User' && section !== 'Service')) continue;
      const prev = fields[k];
      fields[k] = typeof prev === 'string' && prev ? `${prev}\n${v}` : v;
    }
    const exec = ['ExecStartPre', 'ExecStart', 'ExecStartPost'].map((k) => fields[k]).filter(Boolean);
    if (exec.length) fields.CommandLine = exec.join('\n');
    yield base(ctx, 'systemd-unit', 'persistence', 1, fields);
  },
};

// ---- authorized_keys ----
const KEY_TYPE =
  /^(?:ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-nistp\d+|sk-(?:ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com)$/;

/** Splits an authorized_keys line into options, type, base64 key and comment (options may hold quoted spaces). */
export function parseAuthorizedKey(
  line: string,
): { options: string; type: string; key: string; comment: string } | undefined {
  const l = line.trim();
  if (!l || l.startsWith('#')) return undefined;
  let i = 0;
  let options = '';
  const first = l.split(/\s+/, 1)[0];
  if (!KEY_TYPE.test(first)) {
    let q = false;
    for (; i < l.length; i++) {
      const c = l[i];
      if (c === '"' && l[i - 1] !== '\\') q = !q;
      else if (!q && (c === ' ' || c === '\t')) break;
    }
    options = l.slice(0, i);
  }
  const rest = l.slice(i).trim().split(/\s+/);
  if (rest.length < 2 || !KEY_TYPE.test(rest[0]) || !/^[A-Za-z0-9+/]+=*$/.test(rest[1])) return undefined;
  return { options, type: rest[0], key: rest[1], comment: rest.slice(2).join(' ') };
}

export function keyFingerprint(b64: string): string {
  return `SHA256:${createHash('sha256').update(Buffer.from(b64, 'base64')).digest('base64').replace(/=+$/, '')}`;
}

/** The account whose keys these are: /root → root, /home/NAME → NAME, else the directory name. */
export function keyOwner(path: string): string {
  const m = /\/(?:home|Users)\/([^/]+)\/\.ssh\//.exec(path) ?? /^\/(root)\/\.ssh\//.exec(path);
  if (m) return m[1];
  const d = /\/([^/]+)\/\.ssh\/[^/]+$/.exec(path);
  return d ? d[1] : '';
}

export const authorizedKeysReader: SourceReader = {
  id: 'ssh-authorized-keys',
  sniff(head, name) {
    if (!/authorized_keys2?$/.test(name)) return 0;
    const ls = headLines(head).filter((l) => l.trim() && !l.trim().startsWith('#'));
    return ls.length === 0 || ls.some((l) => parseAuthorizedKey(l)) ? 0.95 : 0;
  },
  async *read(path, ctx) {
    const user = keyOwner(originOf(ctx.displayPath).path);
    let bad = 0;
    const all = await lines(path, ctx);
    for (let i = 0; i < all.length; i++) {
      const k = parseAuthorizedKey(all[i]);
      if (!k) {
        if (all[i].trim() && !all[i].trim().startsWith('#')) bad++;
        continue;
      }
      yield base(ctx, 'ssh-authorized-keys', 'persistence', i + 1, {
        User: user,
        KeyType: k.type,
        KeyFingerprint: keyFingerprint(k.key),
        KeyComment: k.comment,
        KeyOptions: k.options,
      });
    }
    if (bad) ctx.issues.push(issue('live.bad_rows', { file: ctx.displayPath }, { rows: bad }, 'info'));
  },
};

// ---- ld.so.preload ----
export const preloadReader: SourceReader = {
  id: 'ld-so-preload',
  sniff: (_head, name) => (/(?:^|[/\\!])ld\.so\.preload$/.test(name) ? 0.95 : 0),
  async *read(path, ctx) {
    const all = await lines(path, ctx);
    for (let i = 0; i < all.length; i++) {
      // entries are separated by white space or colons; # starts a comment
      for (const lib of all[i].replace(/#.*$/, '').split(/[\s:]+/)) {
        if (lib) yield base(ctx, 'ld-so-preload', 'persistence', i + 1, { PreloadLibrary: lib });
      }
    }
  },
};

// ---- /etc/passwd ----
const PASSWD_LINE = /^[^:\s]+:[^:]*:\d+:\d+:[^:]*:[^:]*:[^:]*$/;
export const passwdReader: SourceReader = {
  id: 'passwd',
  sniff(head, name) {
    if (!/(?:^|[/\\!])passwd$/.test(name)) return 0;
    const ls = headLines(head).filter((l) => l.trim());
    return ls.length && ls.filter((l) => PASSWD_LINE.test(l)).length / ls.length >= 0.8 ? 0.9 : 0;
  },
  async *read(path, ctx) {
    const all = await lines(path, ctx);
    for (let i = 0; i < all.length; i++) {
      if (!PASSWD_LINE.test(all[i])) continue;
      const [user, , uid, gid, gecos, home, shell] = all[i].split(':');
      yield base(ctx, 'passwd', 'account_snapshot', i + 1, {
        User: user,
        uid: Number(uid),
        gid: Number(gid),
        gecos,
        HomeDirectory: home,
        Shell: shell,
      });
    }
  },
};

// ---- shell start-up files and rc.local ----
const STARTUP_NAME =
  /(?:^|[/\\])(?:\.bashrc|\.bash_profile|\.bash_login|\.bash_logout|\.profile|\.zshrc|\.zprofile|\.zlogin|bash\.bashrc|bashrc|rc\.local|etc[/\\]profile|etc[/\\]environment|profile\.d[/\\][^/\\]+)$/;

export const startupScriptReader: SourceReader = {
  id: 'shell-startup',
  sniff(head, name) {
    if (!STARTUP_NAME.test(name) || head.includes(0)) return 0;
    return 0.6;
  },
  async *read(path, ctx) {
    const all = await lines(path, ctx);
    for (let i = 0; i < all.length; i++) {
      const l = all[i].trim();
      if (!l || l.startsWith('#') || /^(?:fi|then|else|done|do|esac|;;|\{|\}|\)|elif\b.*)$/.test(l)) continue;
      yield base(ctx, 'shell-startup', 'persistence', i + 1, { CommandLine: l.slice(0, 4096) });
    }
  },
};

// ---- raw command outputs of a collection (volatile/*.txt: ps, ss, netstat, who, ip, lsmod, ...) ----
const COMMAND_OUTPUT = /(?:^|[/\\!])konseki-collect-[^/\\]+[/\\]volatile[/\\]([^/\\]+)\.txt$/;
const MAX_OUTPUT_LINES = 200_000;

/**
 * The text a command printed, one event per line (for search and keyword rules); the structured
 * tables (processes.tsv, sockets.tsv) carry what the analyses read. Claimed by path so that no
 * other reader mistakes `ps` columns for crontab entries or `lastlog` text for the binary database.
 */
export const commandOutputReader: SourceReader = {
  id: 'live-command-output',
  sniff: (_head, name) => (COMMAND_OUTPUT.test(name) ? 1 : 0),
  async *read(path, ctx) {
    const command = COMMAND_OUTPUT.exec(ctx.displayPath)?.[1] ?? '';
    const all = await lines(path, ctx);
    for (let i = 0; i < all.length && i < MAX_OUTPUT_LINES; i++) {
      if (!all[i].trim()) continue;
      const e = base(ctx, 'live-command-output', 'command_output', i + 1, { command, message: all[i] });
      e.ts = originOf(ctx.displayPath).collectedUs;
      yield e;
    }
  },
};
