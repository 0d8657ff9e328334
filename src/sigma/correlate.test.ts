// Correlations, with the specification's own examples (sigma-correlation-rules-specification.md).
import { describe, expect, it } from 'vitest';
import type { Event, Fields } from '../core/event.ts';
import { Correlator, correlationDetection } from './correlate.ts';
import { event, ruleSetFromText } from './testing.ts';

const S = 1_000_000; // µs per second

/** Runs events (in the order given: tests shuffle them) through rules and a correlator. */
function correlate(yaml: string, events: Event[]) {
  const { ruleSet, docs, issues } = ruleSetFromText(yaml);
  expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  const c = new Correlator(docs);
  const standalone: string[] = [];
  for (const e of events) {
    for (const h of ruleSet.match(e)) {
      if (h.emit) standalone.push(docs[h.rule]!.title);
      if (h.correlate) c.add(ruleSet.correlationInput(h, e));
    }
  }
  return { results: c.finish(), standalone };
}

function shuffle<T>(a: T[], seed = 7): T[] {
  const out = a.slice();
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const sec = (f: Fields, t: number): Event => event({ Channel: 'Security', ...f }, { product: 'windows' }, t * S);

const failedLoginRule = `title: Failed login
id: 5638f7c0-ac70-491d-8465-2a65075e0d86
name: failed_login
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID: 4625
    condition: selection
`;

describe('event_count: "More than or equal 100 failed login attempts to a destination host in an hour"', () => {
  const yaml = `title: Many failed logins
id: 0e95725d-7320-415d-80f7-004da920fc11
correlation:
    type: event_count
    rules:
        - 5638f7c0-ac70-491d-8465-2a65075e0d86
    group-by:
        - ComputerName
    timespan: 1h
    condition:
        gte: 100
level: high
---
${failedLoginRule}`;
  const fails = (host: string, n: number, start: number, step: number) =>
    Array.from({ length: n }, (_, i) => sec({ EventID: 4625, Computer: host }, start + i * step));

  it('fires for 100 failures within an hour on one host, per host, whatever the arrival order', () => {
    const { results, standalone } = correlate(yaml, shuffle([...fails('A', 100, 0, 30), ...fails('B', 99, 0, 30)]));
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      type: 'event_count',
      group: { ComputerName: 'A' },
      value: 100,
      relatedCount: 100,
    });
    expect(results[0]!.ts).toBe(99 * 30 * S);
    expect(standalone).toEqual([]); // referenced rules are not shown on their own (generate: false)
  });
  it('does not fire when the 100 failures are spread over more than an hour', () => {
    expect(correlate(yaml, fails('A', 100, 0, 40)).results).toHaveLength(0);
  });
  it('windows slide: 100 failures straddling an hour boundary still fire', () => {
    expect(correlate(yaml, fails('A', 100, 3000, 10)).results).toHaveLength(1);
  });
  it('fires again after another 100', () => {
    const r = correlate(yaml, fails('A', 250, 0, 1)).results;
    expect(r.map((x) => x.value)).toEqual([100, 100]);
    expect(correlationDetection(r[0]!)).toMatchObject({
      ruleTitle: 'Many failed logins',
      level: 'high',
      details: 'Count: 100 ¦ ComputerName: A',
    });
  });
});

describe('value_count: "more than 100 different user accounts per source and destination at a day"', () => {
  const yaml = `title: Failed login
id: 0e95725d-7320-415d-80f7-004da920fc12
correlation:
    type: value_count
    rules:
        - 5638f7c0-ac70-491d-8465-2a65075e0d86
    group-by:
        - ComputerName
        - WorkstationName
    timespan: 1d
    condition:
        field: User
        gte: 100
---
${failedLoginRule}`;
  it('counts distinct values, not events', () => {
    const same = Array.from({ length: 300 }, (_, i) =>
      sec({ EventID: 4625, Computer: 'DC', WorkstationName: 'W1', User: `u${i % 50}` }, i),
    );
    expect(correlate(yaml, same).results).toHaveLength(0);
    const many = Array.from({ length: 100 }, (_, i) =>
      sec({ EventID: 4625, Computer: 'DC', WorkstationName: 'W1', User: `u${i}` }, i * 60),
    );
    const r = correlate(yaml, shuffle(many)).results;
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ value: 100, group: { ComputerName: 'DC', WorkstationName: 'W1' } });
  });
});

const recon = (name: string, cmd: string) => `title: ${name}
name: ${name}
logsource:
    product: test
    category: process_creation
detection:
    selection:
        CommandLine|contains: '${cmd}'
    condition: selection
`;
const proc = (cmd: string, t: number, user = 'bob', host = 'PC1'): Event =>
  event({ CommandLine: cmd, ComputerName: host, User: user }, { product: 'test', category: 'process_creation' }, t * S);

describe('temporal: "recon commands ... invoked in arbitrary order within 5 minutes on a system by the same user"', () => {
  const yaml = `title: Recon
correlation:
    type: temporal
    rules:
        - recon_cmd_a
        - recon_cmd_b
        - recon_cmd_c
    group-by:
        - ComputerName
        - User
    timespan: 5m
---
${recon('recon_cmd_a', 'whoami')}---
${recon('recon_cmd_b', 'ipconfig')}---
${recon('recon_cmd_c', 'net user')}`;
  it('fires in any order within 5 minutes, for the same system and user only', () => {
    expect(correlate(yaml, [proc('net user', 0), proc('whoami', 60), proc('ipconfig', 120)]).results).toHaveLength(1);
    expect(correlate(yaml, [proc('net user', 0), proc('whoami', 60), proc('ipconfig', 400)]).results).toHaveLength(0);
    expect(
      correlate(yaml, [proc('net user', 0), proc('whoami', 60), proc('ipconfig', 120, 'alice')]).results,
    ).toHaveLength(0);
    expect(
      correlate(yaml, [proc('net user', 0), proc('whoami', 60, 'bob', 'PC2'), proc('ipconfig', 120)]).results,
    ).toHaveLength(0);
  });
});

describe('temporal_ordered: the specification\'s "Failed Logins Followed by Successful Login"', () => {
  const yaml = `title: Correlation - Multiple Failed Logins Followed by Successful Login
id: b180ead8-d58f-40b2-ae54-c8940995b9b6
status: experimental
author: Florian Roth (Nextron Systems)
correlation:
    type: temporal_ordered
    rules:
        - multiple_failed_login
        - successful_login
    group-by:
        - User
    timespan: 10m
level: high
---
title: Multiple failed logons
id: a8418a5a-5fc4-46b5-b23b-6c73beb19d41
name: multiple_failed_login
correlation:
    type: event_count
    rules:
        - failed_login
    group-by:
        - User
    timespan: 10m
    condition:
        gte: 10
---
title: Single failed login
id: 53ba33fd-3a50-4468-a5ef-c583635cfa92
name: failed_login
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID:
            - 529
            - 4625
    condition: selection
---
title: Successful login
id: 4d0a2c83-c62c-4ed4-b475-c7e23a9269b8
name: successful_login
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID:
            - 528
            - 4624
    condition: selection
`;
  const fails = (user: string, n: number, start: number) =>
    Array.from({ length: n }, (_, i) => sec({ EventID: 4625, User: user }, start + i * 5));
  it('fires when 10 failures are followed by a success of the same user within 10 minutes', () => {
    const { results } = correlate(yaml, shuffle([...fails('bob', 10, 0), sec({ EventID: 4624, User: 'bob' }, 100)]));
    const outer = results.filter((r) => r.info.title.startsWith('Correlation'));
    expect(outer).toHaveLength(1);
    expect(outer[0]).toMatchObject({ group: { User: 'bob' }, relatedCount: 11 });
    expect(outer[0]!.info).toMatchObject({ level: 'high', author: 'Florian Roth (Nextron Systems)' });
  });
  it('does not fire when the success comes first, or for another user, or too late', () => {
    const outer = (ev: Event[]) => correlate(yaml, ev).results.filter((r) => r.info.title.startsWith('Correlation'));
    expect(outer([sec({ EventID: 4624, User: 'bob' }, 0), ...fails('bob', 10, 10)])).toHaveLength(0);
    expect(outer([...fails('bob', 10, 0), sec({ EventID: 4624, User: 'alice' }, 100)])).toHaveLength(0);
    expect(outer([...fails('bob', 10, 0), sec({ EventID: 4624, User: 'bob' }, 700)])).toHaveLength(0);
    expect(outer([...fails('bob', 9, 0), sec({ EventID: 4624, User: 'bob' }, 100)])).toHaveLength(0);
  });
});

const webRule = `title: Website access
name: website_access
logsource:
    category: proxy
detection:
    selection:
        cs-method: POST
    condition: selection
`;
const post = (ip: string, user: string, bytes: number, t: number): Event =>
  event(
    { 'cs-method': 'POST', SourceIP: ip, User: user, bytes_sent: bytes, BytesOut: bytes, image: String(bytes) },
    { category: 'proxy', product: 'squid' },
    t * S,
  );

describe('value_sum, value_avg, value_percentile (Sigma 2.1)', () => {
  it('value_sum: "Possible Exfiltration to Website", sum of bytes_sent > 1000000 in 1h', () => {
    const yaml = `title: Possible Exfiltration to Website
correlation:
    type: value_sum
    rules:
        - website_access
    group-by:
        - SourceIP
        - User
    timespan: 1h
    condition:
        field: bytes_sent
        gt: 1000000
---
${webRule}`;
    expect(
      correlate(yaml, [post('10.0.0.5', 'bob', 600000, 0), post('10.0.0.5', 'bob', 500000, 600)]).results,
    ).toHaveLength(1);
    expect(
      correlate(yaml, [post('10.0.0.5', 'bob', 600000, 0), post('10.0.0.5', 'bob', 500000, 4000)]).results,
    ).toHaveLength(0);
    expect(
      correlate(yaml, [post('10.0.0.5', 'bob', 600000, 0), post('10.0.0.6', 'bob', 500000, 60)]).results,
    ).toHaveLength(0);
  });
  it('value_avg: "Suspicious average network traffic", average BytesOut > 500 in 24h', () => {
    const yaml = `title: Suspicious average network traffic
correlation:
    type: value_avg
    rules:
        - website_access
    group-by:
        - SourceIP
        - User
    timespan: 24h
    condition:
        field: BytesOut
        gt: 500
---
${webRule}`;
    const r = correlate(yaml, [post('10.0.0.5', 'bob', 400, 0), post('10.0.0.5', 'bob', 700, 60)]).results;
    expect(r).toHaveLength(1);
    expect(r[0]!.value).toBe(550);
    expect(correlate(yaml, [post('10.0.0.5', 'bob', 400, 0), post('10.0.0.5', 'bob', 500, 60)]).results).toHaveLength(
      0,
    );
  });
  it("value_percentile: a value seen in at most 1% of a group's events", () => {
    const yaml = `title: A computer spawned a processes name in the last 24h than 1% of all the processes.
correlation:
    type: value_percentile
    rules:
        - website_access
    group-by:
        - SourceIP
    timespan: 24h
    condition:
        field: image
        lte: 1
---
${webRule}`;
    const common = Array.from({ length: 199 }, (_, i) => post('10.0.0.5', 'bob', 100, i));
    const r = correlate(yaml, shuffle([...common, post('10.0.0.5', 'bob', 4242, 50)])).results;
    expect(r).toHaveLength(1);
    expect(r[0]!.detail).toBe('4242');
    expect(correlate(yaml, common).results).toHaveLength(0);
  });
});

describe("field name aliases: the specification's internal_error / new_network_connection example", () => {
  const yaml = `title: alias example
correlation:
    type: temporal
    rules:
        - internal_error
        - new_network_connection
    group-by:
        - internal_ip
        - remote_ip
    timespan: 10s
    aliases:
        internal_ip:
            internal_error: destination.ip
            new_network_connection: source.ip
        remote_ip:
            internal_error: source.ip
            new_network_connection: destination.ip
---
title: internal error
name: internal_error
logsource:
    product: test
detection:
    selection:
        http.response.status_code: 500
    condition: selection
---
title: new connection
name: new_network_connection
logsource:
    product: test
detection:
    selection:
        event.category: network
        event.type: connection
        event.outcome: success
    condition: selection
`;
  const err = (src: string, dst: string, t: number) =>
    event({ 'http.response.status_code': 500, 'source.ip': src, 'destination.ip': dst }, { product: 'test' }, t * S);
  const conn = (src: string, dst: string, t: number) =>
    event(
      {
        'event.category': 'network',
        'event.type': 'connection',
        'event.outcome': 'success',
        'source.ip': src,
        'destination.ip': dst,
      },
      { product: 'test' },
      t * S,
    );
  it("matches the error's destination with the connection's source (and the reverse)", () => {
    const r = correlate(yaml, [err('1.2.3.4', '10.0.0.1', 0), conn('10.0.0.1', '1.2.3.4', 5)]).results;
    expect(r).toHaveLength(1);
    expect(r[0]!.group).toEqual({ internal_ip: '10.0.0.1', remote_ip: '1.2.3.4' });
    expect(correlate(yaml, [err('1.2.3.4', '10.0.0.1', 0), conn('1.2.3.4', '10.0.0.1', 5)]).results).toHaveLength(0);
  });
});

describe("Hayabusa's obsolete `| count() by` aggregation", () => {
  const yaml = `title: User Guessing
level: medium
logsource:
    product: windows
    service: security
detection:
    selection:
        Channel: Security
        EventID: 4625
        SubStatus: "0xc0000064"
    condition: selection | count(TargetUserName) by IpAddress > 3
    timeframe: 5m
`;
  const guess = (user: string, ip: string, t: number) =>
    sec({ EventID: 4625, SubStatus: '0xc0000064', TargetUserName: user, IpAddress: ip }, t);
  it('counts distinct users per source address within the timeframe', () => {
    const r = correlate(yaml, shuffle(['a', 'b', 'c', 'd'].map((u, i) => guess(u, '10.1.1.1', i * 10)))).results;
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ type: 'aggregation', value: 4, group: { IpAddress: '10.1.1.1' } });
    expect(
      correlate(
        yaml,
        ['a', 'b', 'c', 'c', 'a'].map((u, i) => guess(u, '10.1.1.1', i)),
      ),
    ).toMatchObject({ results: [] });
    expect(
      correlate(
        yaml,
        ['a', 'b', 'c', 'd'].map((u, i) => guess(u, '10.1.1.1', i * 200)),
      ).results,
    ).toHaveLength(0);
  });
});
