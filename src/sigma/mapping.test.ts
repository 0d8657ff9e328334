// The logsource/field mapping layer (mappings/*.yml) and the source index.
import { describe, expect, it } from 'vitest';
import type { Fields, LogSource } from '../core/event.ts';
import { loadMapping, targetsFor } from './mapping.ts';
import { event, ruleSetFromText } from './testing.ts';

const rule = (ls: string, detection: string) =>
  `title: r\nlogsource:\n    ${ls.replace(/\n/g, '\n    ')}\ndetection:\n    ${detection.replace(/\n/g, '\n    ')}\n`;
const fires = (yaml: string, fields: Fields, ls: LogSource = { product: 'windows' }) =>
  ruleSetFromText(yaml).ruleSet.match(event(fields, ls)).length > 0;

const SYSMON = 'Microsoft-Windows-Sysmon/Operational';
const whoami = rule(
  'category: process_creation\nproduct: windows',
  `selection:\n    Image|endswith: '\\whoami.exe'\n    IntegrityLevel: System\ncondition: selection`,
);

describe('Windows logsources', () => {
  it('process_creation runs on Sysmon 1 and on Security 4688 with its field names', () => {
    expect(
      fires(whoami, {
        Channel: SYSMON,
        EventID: 1,
        Image: 'C:\\Windows\\System32\\whoami.exe',
        IntegrityLevel: 'System',
      }),
    ).toBe(true);
    expect(
      fires(whoami, {
        Channel: 'Security',
        EventID: 4688,
        NewProcessName: 'C:\\Windows\\System32\\whoami.exe',
        MandatoryLabel: 'S-1-16-16384',
      }),
    ).toBe(true);
    expect(
      fires(whoami, {
        Channel: 'Security',
        EventID: 4688,
        NewProcessName: 'C:\\Windows\\System32\\whoami.exe',
        MandatoryLabel: 'S-1-16-8192',
      }),
    ).toBe(false);
  });
  it('a rule never matches an event from a source its logsource does not cover', () => {
    const f = { Image: 'C:\\Windows\\System32\\whoami.exe', IntegrityLevel: 'System' };
    expect(fires(whoami, { ...f, Channel: SYSMON, EventID: 11 })).toBe(false);
    expect(fires(whoami, { ...f, Channel: 'Security', EventID: 1 })).toBe(false);
    expect(fires(whoami, { ...f, Channel: 'Application', EventID: 4688 })).toBe(false);
    expect(
      fires(whoami, { ...f, Channel: SYSMON, EventID: 1 }, { product: 'linux', category: 'process_creation' }),
    ).toBe(false);
  });
  it('an unmapped Windows category (ETW file_access) sees no EVTX event', () => {
    const r = rule(
      'category: file_access\nproduct: windows',
      `selection:\n    FileName|endswith: '.reg'\ncondition: selection`,
    );
    expect(fires(r, { Channel: SYSMON, EventID: 11, FileName: 'x.reg' })).toBe(false);
    expect(fires(r, { FileName: 'x.reg' }, { product: 'windows', category: 'file_access' })).toBe(true);
  });
  it('fields a source never records are unknown: the rule fires only when the event proves it', () => {
    const r = rule(
      'category: process_creation\nproduct: windows',
      `selection_img:\n    - Image|endswith: '\\rundll32.exe'\n    - OriginalFileName: RUNDLL32.EXE\nfilter:\n    Description: 'Windows host process'\ncondition: selection_img and not filter`,
    );
    // Sysmon has both fields
    expect(fires(r, { Channel: SYSMON, EventID: 1, Image: 'C:\\x\\rundll32.exe', Description: 'other' })).toBe(true);
    // 4688 has no Description: `not filter` cannot be proven, so it does not fire
    expect(fires(r, { Channel: 'Security', EventID: 4688, NewProcessName: 'C:\\x\\rundll32.exe' })).toBe(false);
    const r2 = rule(
      'category: process_creation\nproduct: windows',
      `selection_img:\n    - Image|endswith: '\\rundll32.exe'\n    - OriginalFileName: RUNDLL32.EXE\ncondition: selection_img`,
    );
    expect(fires(r2, { Channel: 'Security', EventID: 4688, NewProcessName: 'C:\\x\\rundll32.exe' })).toBe(true);
  });
  it('service names map to channels (security, system, windefend, powershell …)', () => {
    const sys = rule('product: windows\nservice: system', `selection:\n    EventID: 7045\ncondition: selection`);
    expect(fires(sys, { Channel: 'System', EventID: 7045 })).toBe(true);
    expect(fires(sys, { Channel: 'Security', EventID: 7045 })).toBe(false);
    const m = loadMapping();
    expect(targetsFor({ product: 'windows', service: 'windefend' }, m).targets[0]!.channel).toEqual([
      'Microsoft-Windows-Windows Defender/Operational',
    ]);
    expect(targetsFor({ product: 'windows', category: 'ps_script' }, m).targets[0]).toMatchObject({
      channel: ['Microsoft-Windows-PowerShell/Operational', 'PowerShellCore/Operational'],
      eventid: [4104],
    });
  });
  it("registry rules on Security 4657 see the key path in Sysmon's form", () => {
    const r = rule(
      'category: registry_set\nproduct: windows',
      `selection:\n    TargetObject|endswith: '\\CurrentVersion\\Run\\evil'\n    TargetObject|startswith: 'HKLM\\'\ncondition: selection`,
    );
    expect(
      fires(r, {
        Channel: 'Security',
        EventID: 4657,
        ObjectName: '\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run',
        ObjectValueName: 'evil',
      }),
    ).toBe(true);
  });
  it('Sigma names of spaced EventData names: ThreatName answers to "Threat Name"', () => {
    const r = rule(
      'product: windows\nservice: windefend',
      `selection:\n    EventID: 1116\n    ThreatName|contains: Mimikatz\ncondition: selection`,
    );
    expect(
      fires(r, {
        Channel: 'Microsoft-Windows-Windows Defender/Operational',
        EventID: 1116,
        'Threat Name': 'HackTool:Win32/Mimikatz',
      }),
    ).toBe(true);
  });
  it('the antivirus category runs on Defender detections with Signature renamed', () => {
    const r = rule('category: antivirus', `selection:\n    Signature|startswith: HKTL\ncondition: selection`);
    expect(
      fires(r, {
        Channel: 'Microsoft-Windows-Windows Defender/Operational',
        EventID: 1116,
        'Threat Name': 'HKTL.Mimikatz',
      }),
    ).toBe(true);
    expect(
      fires(r, {
        Channel: 'Microsoft-Windows-Windows Defender/Operational',
        EventID: 5007,
        'Threat Name': 'HKTL.Mimikatz',
      }),
    ).toBe(false);
  });
});

describe('Hayabusa rules', () => {
  it('explicit Channel/EventID narrow the sources; Hayabusa aliases resolve (ComputerName → Computer)', () => {
    const r = rule(
      'product: windows\nservice: security',
      `selection:\n    Channel: Security\n    EventID: 4625\n    ComputerName: DC01\ncondition: selection`,
    );
    const { ruleSet } = ruleSetFromText(r);
    expect(
      ruleSet.match(event({ Channel: 'Security', EventID: 4625, Computer: 'dc01' }, { product: 'windows' })),
    ).toHaveLength(1);
    expect(
      ruleSet.match(event({ Channel: 'Security', EventID: 4624, Computer: 'dc01' }, { product: 'windows' })),
    ).toHaveLength(0);
  });
  it('a Channel that contradicts the logsource means the rule cannot run, and that is reported', () => {
    const r = rule(
      'product: windows\nservice: security',
      `selection:\n    Channel: OAlerts\n    EventID: 300\ncondition: selection`,
    );
    const { ruleSet } = ruleSetFromText(r);
    expect(ruleSet.rules.size).toBe(0);
    expect(ruleSet.issues.map((i) => i.code)).toContain('sigma.no_source');
  });
  it('Event.System.* / Event.EventData.* paths name the same fields', () => {
    const r = rule(
      'product: windows',
      `selection:\n    Event.System.Provider_attributes.Name: Service Control Manager\n    Event.EventData.ServiceName: evil\ncondition: selection`,
    );
    expect(
      fires(r, { Channel: 'System', EventID: 7045, Provider_Name: 'Service Control Manager', ServiceName: 'evil' }),
    ).toBe(true);
  });
});

describe('Linux and network logsources', () => {
  it('sshd rules also read auth.log events; linux process_creation is linux only', () => {
    const r = rule('product: linux\nservice: sshd', `keywords:\n    - 'Failed password'\ncondition: keywords`);
    expect(fires(r, { message: 'sshd[1]: Failed password for root' }, { product: 'linux', service: 'auth' })).toBe(
      true,
    );
    expect(fires(r, { message: 'Failed password' }, { product: 'linux', service: 'cron' })).toBe(false);
  });
  it('proxy rules run on Squid (category proxy) and on Zeek http events', () => {
    const r = rule('category: proxy', `selection:\n    c-useragent|contains: 'Empire'\ncondition: selection`);
    expect(fires(r, { 'c-useragent': 'Empire/1.0' }, { category: 'proxy', product: 'squid' })).toBe(true);
    expect(fires(r, { 'c-useragent': 'Empire/1.0' }, { product: 'zeek', service: 'http' })).toBe(true);
    expect(fires(r, { 'c-useragent': 'Empire/1.0' }, { category: 'firewall', product: 'pfsense' })).toBe(false);
  });
  it('dns and firewall categories', () => {
    const d = rule('category: dns', `selection:\n    query|endswith: '.evil.example'\ncondition: selection`);
    expect(fires(d, { query: 'a.evil.example' }, { category: 'dns', product: 'bind' })).toBe(true);
    expect(fires(d, { query: 'a.evil.example' }, { product: 'zeek', service: 'dns' })).toBe(true);
    const f = rule('category: firewall', `selection:\n    dst_port: 4444\n    action: pass\ncondition: selection`);
    expect(fires(f, { dst_port: 4444, action: 'pass' }, { category: 'firewall', product: 'iptables' })).toBe(true);
  });
});
