// Network readers on the real samples of .corpus/network, each checked against an independent
// oracle: grep/sed/awk counts and fields, python3 json/datetime, and failJSON times of fail2ban.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir } from '../../support/corpus.ts';
import { dateSeconds, grepCount, mtimeOf, py, readSniffed, sh } from './helpers.ts';

const NET = corpusDir('network');
const f = (...p: string[]): string => join(NET ?? '', ...p);

/** µs since the epoch, per line, by python's datetime (strptime format given). */
function pyTimes(file: string, regex: string, fmt: string, tz = '+0000', prefix = ''): number[] {
  return JSON.parse(
    py(
      `
import re, sys, json
from datetime import datetime, timezone, timedelta
out = []
for raw in open(sys.argv[1], 'rb').read().split(b'\\n'):
    m = re.search(sys.argv[2].encode(), raw)
    if m:
        t = datetime.strptime(sys.argv[5] + m.group(1).decode() + sys.argv[4], sys.argv[3] + '%z')
        out.append((t - datetime(1970, 1, 1, tzinfo=timezone.utc)) // timedelta(microseconds=1))
print(json.dumps(out))`,
      file,
      regex,
      fmt,
      tz,
      prefix,
    ),
  );
}

describe.skipIf(!NET)('squid access.log (elastic-beats, fail2ban)', () => {
  it("reads every native line; fields equal awk's whitespace split", async () => {
    const file = f('squid/elastic-beats/access1.log');
    const r = await readSniffed(file, 'squid');
    expect(r.stats.events).toBe(grepCount('^[0-9]+\\.[0-9]{3} +[0-9]+ ', file));
    expect(r.stats.skipped).toBe(0);
    const rows = sh('awk', ['{print $1"|"$2"|"$3"|"$4"|"$5"|"$6"|"$7"|"$8"|"$9"|"$10}', file]).trim().split('\n');
    expect(rows.length).toBe(r.events.length);
    rows.forEach((row, i) => {
      const [ts, elapsed, ip, codeStatus, bytes, method, url, user, hier, mime] = row.split('|');
      const e = r.events[i];
      const [code, status] = codeStatus.split('/');
      expect(e.ts).toBe(Math.round(Number(ts) * 1e6));
      expect(e.host).toBe(ip);
      expect(e.fields['c-ip']).toBe(ip);
      expect(e.fields.duration_ms).toBe(Number(elapsed));
      expect(e.fields.action).toBe(code);
      expect(e.fields['sc-status']).toBe(Number(status));
      expect(e.fields['sc-bytes']).toBe(Number(bytes));
      expect(e.fields['cs-method']).toBe(method);
      expect(e.fields['c-uri']).toBe(url);
      expect(e.fields['cs-username']).toBe(user === '-' ? undefined : user);
      expect(e.fields.hierarchy).toBe(hier.split('/')[0]);
      expect(e.fields.mime_type).toBe(mime === '-' ? undefined : mime);
      if (method === 'CONNECT') expect(e.fields.dst_port).toBe(Number(url.split(':')[1]));
    });
    const denied = r.events.filter((e) => e.fields.action === 'TCP_DENIED' && e.fields['sc-status'] === 407).length;
    expect(denied).toBe(grepCount(' TCP_DENIED/407 ', file));
  });

  it('fail2ban sample: times and hosts equal the failJSON annotations', async () => {
    const file = f('squid/fail2ban/squid');
    const r = await readSniffed(file, 'squid');
    const notes = sh('grep', ['-o', '"time": "[^"]*", "match": true , "host": "[^"]*"', file]).trim().split('\n');
    expect(r.events.length).toBe(notes.length);
    notes.forEach((n, i) => {
      const [, time, host] = /"time": "([^"]*)".*"host": "([^"]*)"/.exec(n) ?? [];
      // fail2ban's test suite runs in TZ=Europe/Zurich: failJSON times are Zurich wall-clock times
      expect(r.events[i].ts).toBe(dateSeconds('Europe/Zurich', time.replace('T', ' ')) * 1e6);
      expect(r.events[i].host).toBe(host);
    });
    expect(r.events[1].fields['cs-method']).toBe('CONNECT');
    expect(r.events[1].fields['cs-host']).toBeUndefined(); // "error:method-not-allowed" is no host
  });
});

const FILTERLOG_ORACLE = `
import re, sys, json
out = []
for raw in open(sys.argv[1], 'rb').read().split(b'\\n'):
    line = raw.decode()
    if 'filterlog' not in line: continue
    m = re.search(r'(\\d+,\\d*,[^,]*,[^,]*,[^,]*,[a-z]+,(?:pass|block|reject),(?:in|out),[46],.*)$', line)
    if not m: out.append(None); continue
    c = m.group(1).split(',')
    if c[8] == '4': src, dst, pid, k = c[18], c[19], c[15], 20
    else: src, dst, pid, k = c[15], c[16], c[13], 17
    row = {'src_ip': src.lower(), 'dst_ip': dst.lower(), 'action': c[6], 'direction': c[7], 'interface': c[4]}
    if pid in ('6', '17'): row['src_port'], row['dst_port'] = int(c[k]), int(c[k + 1])
    out.append(row)
print(json.dumps(out))`;

describe.skipIf(!NET)('pfSense / OPNsense filterlog (crowdsec hub)', () => {
  for (const name of ['pf-logs', 'pf-scan-multi-port', 'pfsense-rfc5424-filterlog']) {
    it(`${name}: one event per filterlog line, fields equal a python CSV split`, async () => {
      const file = f('pfsense/crowdsec-hub', name, `${name}.log`);
      const r = await readSniffed(file, 'pfsense-filterlog', { mtimeUs: mtimeOf(2022) });
      const oracle = JSON.parse(py(FILTERLOG_ORACLE, file)) as Array<Record<string, unknown> | null>;
      expect(r.stats.events).toBe(grepCount('filterlog', file));
      expect(r.stats.skipped).toBe(0);
      expect(r.events.length).toBe(oracle.length);
      r.events.forEach((e, i) => {
        for (const [k, v] of Object.entries(oracle[i] ?? {})) expect(e.fields[k], `${k} of event ${i}`).toBe(v);
        expect(e.host).toBe(e.fields.src_ip);
        expect(e.logsource).toEqual({ category: 'firewall', product: 'pfsense' });
      });
    });
  }

  it('timestamps: RFC 5424 zones and year-less BSD stamps (year from mtime) equal python datetime', async () => {
    const rfc = f('pfsense/crowdsec-hub/pfsense-rfc5424-filterlog/pfsense-rfc5424-filterlog.log');
    const r1 = await readSniffed(rfc, 'pfsense-filterlog');
    expect(r1.events.map((e) => e.ts)).toEqual(pyTimes(rfc, '^<\\d+>1 (\\S+)', '%Y-%m-%dT%H:%M:%S.%f', ''));
    const bsd = f('pfsense/crowdsec-hub/pf-logs/pf-logs.log');
    const r2 = await readSniffed(bsd, 'pfsense-filterlog', { mtimeUs: mtimeOf(2022) });
    const bsdLines = r2.events.filter((e) => !String(e.fields.message).startsWith('<'));
    expect(bsdLines.map((e) => e.ts)).toEqual(
      pyTimes(bsd, '^([A-Z][a-z]{2} +\\d+ \\d\\d:\\d\\d:\\d\\d) ', '%Y %b %d %H:%M:%S', '+0000', '2022 '),
    );
  });

  it('the port scan shows one source hitting many destination ports', async () => {
    const file = f('pfsense/crowdsec-hub/pf-scan-multi-port/pf-scan-multi-port.log');
    const r = await readSniffed(file, 'pfsense-filterlog');
    const ports = new Set(r.events.map((e) => e.fields.dst_port));
    const awkPorts = new Set(sh('awk', ['-F,', '/filterlog/ {print $22}', file]).trim().split('\n').map(Number));
    expect(ports).toEqual(awkPorts);
  });
});

describe.skipIf(!NET)('iptables LOG (crowdsec hub)', () => {
  for (const name of ['iptables-logs', 'iptables-scan-multi-port']) {
    it(`${name}: counts and SRC/DST/PROTO/ports equal sed's extraction`, async () => {
      const file = f('iptables/crowdsec-hub', name, `${name}.log`);
      const r = await readSniffed(file, 'iptables', { mtimeUs: mtimeOf(2021) });
      const good = grepCount('(^|[^A-Z_])IN=[^ ]* OUT=', file);
      expect(r.stats.events).toBe(good);
      expect(r.stats.skipped).toBe(grepCount(' SRC=', file) - good); // the deliberately broken "XX=" line
      const rows = sh('sed', [
        '-nE',
        's/.*(^|[^A-Z_])IN=[^ ]* OUT=.* SRC=([^ ]+) DST=([^ ]+) .*PROTO=([A-Z]+) SPT=([0-9]+) DPT=([0-9]+).*/\\2 \\3 \\4 \\5 \\6/p',
        file,
      ])
        .trim()
        .split('\n');
      expect(rows.length).toBe(r.events.length);
      rows.forEach((row, i) => {
        const [src, dst, proto, spt, dpt] = row.split(' ');
        const e = r.events[i];
        expect([e.fields.src_ip, e.fields.dst_ip, e.fields.proto, e.fields.src_port, e.fields.dst_port]).toEqual([
          src,
          dst,
          proto.toLowerCase(),
          Number(spt),
          Number(dpt),
        ]);
      });
    });
  }
});

const EVE_ORACLE = `
import sys, json, collections
types = collections.Counter(); bad = 0; alerts = []; times = []
for raw in open(sys.argv[1], 'rb').read().split(b'\\n'):
    if not raw.strip(): continue
    try: o = json.loads(raw)
    except Exception: bad += 1; continue
    if not isinstance(o, dict) or 'event_type' not in o: bad += 1; continue
    if o['event_type'] == 'stats': continue
    types[o['event_type']] += 1
    if o['event_type'] == 'alert': alerts.append([o['alert']['signature_id'], o['src_ip'], o['dest_ip']])
print(json.dumps({'types': types, 'bad': bad, 'alerts': alerts}))`;

describe.skipIf(!NET)('Suricata EVE JSON', () => {
  const files = [
    'surevego/eve.json',
    'surevego/eve_broken.json',
    'Zeus/eve.json',
    'crowdsec-hub/suricata-logs-evelog/suricata-logs-evelog.log',
    'crowdsec-hub/suricata-eve-detect/suricata-eve-detect.log',
  ];
  for (const name of files) {
    it(`${name}: event counts per type, broken lines and alerts equal python's json`, async () => {
      const file = f('suricata', name);
      const r = await readSniffed(file, 'suricata-eve');
      const o = JSON.parse(py(EVE_ORACLE, file)) as {
        types: Record<string, number>;
        bad: number;
        alerts: Array<[number, string, string]>;
      };
      const types: Record<string, number> = {};
      for (const e of r.events) types[String(e.fields.event_type)] = (types[String(e.fields.event_type)] ?? 0) + 1;
      expect(types).toEqual(o.types);
      expect(r.stats.skipped).toBe(o.bad);
      const alerts = r.events.filter((e) => e.logsource.category === 'ids');
      expect(alerts.map((e) => [e.fields.sid, e.fields.src_ip, e.fields.dst_ip])).toEqual(o.alerts);
      if (o.bad) expect(r.issues.filter((i) => i.code === 'net.bad_line').map((i) => i.at.line).length).toBe(o.bad);
    });
  }

  it('alert/http/dns timestamps equal python strptime of the "timestamp" field', async () => {
    const file = f('suricata/surevego/eve.json');
    const r = await readSniffed(file, 'suricata-eve');
    const times = pyTimes(
      file,
      '"timestamp":"([^"]+)","flow_id":\\d+,"pcap_cnt":\\d+,"event_type":"(?:alert|http|dns|fileinfo)"',
      '%Y-%m-%dT%H:%M:%S.%f',
      '',
    );
    const ours = r.events
      .filter((e) => ['alert', 'http', 'dns', 'fileinfo'].includes(String(e.fields.event_type)))
      .map((e) => e.ts);
    expect(ours).toEqual(times);
  });

  it('http events carry the proxy field names', async () => {
    const r = await readSniffed(f('suricata/surevego/eve.json'), 'suricata-eve');
    const http = r.events.filter((e) => e.logsource.service === 'http');
    expect(http.length).toBeGreaterThan(0);
    for (const e of http) {
      expect(e.fields['cs-host']).toBe(String(e.fields['http.hostname']).toLowerCase());
      expect(e.fields['c-uri']).toBe(e.fields['http.url']);
      expect(e.fields['c-useragent']).toBe(e.fields['http.http_user_agent']);
      expect(e.fields['c-ip']).toBe(e.fields.src_ip);
    }
  });
});

describe.skipIf(!NET)('Snort / Suricata fast alerts', () => {
  it('Zeus fast.log: one alert per line; sids and addresses equal grep/sed', async () => {
    const file = f('suricata/Zeus/fast.log');
    const r = await readSniffed(file, 'suricata-fast', { timeZone: 'America/New_York' });
    expect(r.stats.events).toBe(grepCount('\\[\\*\\*\\] \\[[0-9]+:[0-9]+:[0-9]+\\]', file));
    const sids = sh('sed', [
      '-nE',
      's/.*\\[\\*\\*\\] \\[([0-9]+):([0-9]+):([0-9]+)\\].*\\{([A-Z]+)\\} ([0-9a-f.:]+):([0-9]+) -> ([0-9a-f.:]+):([0-9]+)$/\\2 \\5 \\6 \\7 \\8/p',
      file,
    ])
      .trim()
      .split('\n');
    expect(
      r.events.map(
        (e) => `${e.fields.sid} ${e.fields.src_ip} ${e.fields.src_port} ${e.fields.dst_ip} ${e.fields.dst_port}`,
      ),
    ).toEqual(sids);
  });

  it('Zeus fast.log read in the sensor zone (UTC-5) gives the same alerts and times as its eve.json', async () => {
    const fast = await readSniffed(f('suricata/Zeus/fast.log'), 'suricata-fast', { timeZone: 'America/New_York' });
    const eve = await readSniffed(f('suricata/Zeus/eve.json'), 'suricata-eve');
    const key = (e: { ts: number; fields: Record<string, unknown> }): string =>
      `${e.ts} ${e.fields.sid} ${e.fields.src_ip}:${e.fields.src_port}>${e.fields.dst_ip}:${e.fields.dst_port}`;
    const a = fast.events.map(key).sort();
    const b = eve.events
      .filter((e) => e.logsource.category === 'ids')
      .map(key)
      .sort();
    expect(a).toEqual(b);
  });

  it('crowdsec and plaso samples: counts equal grep, IPv6 ports split by protocol', async () => {
    const cs = await readSniffed(
      f('suricata/crowdsec-hub/suricata-logs-fastlog/suricata-logs-fastlog.log'),
      'suricata-fast',
    );
    expect(cs.stats.events).toBe(
      grepCount('\\[\\*\\*\\]', f('suricata/crowdsec-hub/suricata-logs-fastlog/suricata-logs-fastlog.log')),
    );
    const s3file = f('snort/plaso/snort3_alert_fast.log');
    const s3 = await readSniffed(s3file, 'snort-fast', { mtimeUs: mtimeOf(2022) });
    expect(s3.stats.events).toBe(grepCount('\\[\\*\\*\\]', s3file));
    expect(s3.events[0].fields.signature).toBe('PROTOCOL-ICMP PING Unix');
    expect(s3.events[0].fields.src_ip).toBe('2001:df1:c200:c:0:0:0:35');
    expect(s3.events[0].fields.src_port).toBeUndefined();
    expect(s3.events[3].fields.src_ip).toBe('2001:df1:c200:c:0:0:0:35');
    expect(s3.events[3].fields.src_port).toBe(60884);
    const plaso = f('suricata/plaso/suricata_alert_fast.log');
    const p = await readSniffed(plaso, 'snort-fast');
    expect(p.stats.events).toBe(grepCount('\\[\\*\\*\\]', plaso));
    // "10/05/10-…" is Suricata 1.x MM/DD/YY; "21/12/28-…" (month 21 impossible) is Snort 3's YY/MM/DD
    expect(new Date(p.events[0].ts / 1000).toISOString()).toBe('2010-10-05T10:08:59.667Z');
    expect(new Date(p.events[1].ts / 1000).toISOString()).toBe('2021-12-28T12:55:38.765Z');
  });
});

describe.skipIf(!NET)('BIND query / security logs', () => {
  const dir = f('dns/crowdsec-hub');
  const files = NET
    ? [
        ...readdirSync(dir)
          .filter((d) => d.startsWith('bind9'))
          .map((d) => join(dir, d, `${d}.log`)),
        f('dns/fail2ban/named-refused'),
      ]
    : [];
  for (const file of files) {
    it(`${file.split('/').slice(-2).join('/')}: client, port and name equal sed's extraction`, async () => {
      const r = await readSniffed(file, 'bind-query', { mtimeUs: mtimeOf(2022) });
      const rows = sh('sed', [
        '-nE',
        "/^#/d; s/.*client (@0x[0-9a-f]+ )?([^ ]+)#([0-9]+).*'([^'/]*)\\/.*/\\2 \\3 \\4/p",
        file,
      ])
        .trim()
        .split('\n');
      expect(r.stats.events).toBe(rows.length);
      expect(r.stats.skipped).toBe(0);
      rows.forEach((row, i) => {
        const [ip, port, name] = row.split(' ');
        expect([r.events[i].host, r.events[i].fields.src_port, r.events[i].fields.query]).toEqual([
          ip.toLowerCase(),
          Number(port),
          name,
        ]);
      });
    });
  }

  it('BIND "DD-Mon-YYYY HH:MM:SS.mmm" stamps (UTC) equal python strptime', async () => {
    const file = f('dns/crowdsec-hub/bind9-refused/bind9-refused.log');
    const r = await readSniffed(file, 'bind-query');
    expect(r.events.map((e) => e.ts)).toEqual(
      pyTimes(file, '^(\\d\\d-[A-Z][a-z]{2}-\\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d+) ', '%d-%b-%Y %H:%M:%S.%f'),
    );
    expect(r.events.filter((e) => e.fields.record_type === 'AXFR').length).toBe(grepCount('AXFR', file));
    expect(r.events.every((e) => e.fields.action === 'denied')).toBe(true);
  });
});

describe.skipIf(!NET)('files of other programs are not claimed', () => {
  it('sshd, pfSense GUI auth, AdGuard, Suricata stats and engine logs sniff as no network reader', async () => {
    const { pick } = await import('./helpers.ts');
    for (const p of [
      'pfsense/crowdsec-hub/opnsense-sshd/opnsense-sshd.log',
      'pfsense/crowdsec-hub/pfsense-gui-auth/pfsense-gui-auth.log',
      'dns/crowdsec-hub/adguardhome-logs/adguardhome-logs.log',
      'suricata/Zeus/stats.log',
      'suricata/Zeus/suricata.log',
      'zeek/rita/text_file/conn.log',
    ]) {
      expect(pick(f(p))?.id, p).toBeUndefined();
    }
  });
});

describe('files of other areas are not claimed by any network reader', () => {
  const roots = ['linux', 'windows', 'evtx'].map((d) => corpusDir(d)).filter((d): d is string => !!d);
  it.skipIf(!roots.length)('no Linux log, Windows artefact or EVTX file sniffs as a network log', async () => {
    const { pick } = await import('./helpers.ts');
    const { statSync } = await import('node:fs');
    const walk = (d: string, out: string[] = []): string[] => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p, out);
        else out.push(p);
      }
      return out;
    };
    const files = roots.flatMap((r) => walk(r));
    expect(files.length).toBeGreaterThan(500);
    expect(files.filter((p) => pick(p)).map((p) => `${p}: ${pick(p)?.id}`)).toEqual([]);
  });
});
