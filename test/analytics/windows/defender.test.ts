/**
 * Defender: detections and protection switched off, judged by event id and numeric fields only.
 * Corpus: the Defender samples of EVTX-ATTACK-SAMPLES and EVTX-to-MITRE-Attack (counts from the
 * Rust evtx crate's rendering). Fixtures: events as Japanese Windows writes them (重大, 検疫...),
 * and an English event whose words contradict its numbers, to show which one is used.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { WriteEvent } from '../../../src/sources/evtx/writer.ts';
import { analyze, analyzeCorpus, CORPUS_READY, countBy, fixtureDir, MIN, oracle, readEvents, T0 } from './helpers.ts';

const PRODUCER = 'windows-defender';
const CHANNEL = 'Microsoft-Windows-Windows Defender/Operational';

function defender(eventId: number, time: number, data: Record<string, string>, computer = 'PC-0001'): WriteEvent {
  return {
    provider: 'Microsoft-Windows-Windows Defender',
    eventId,
    time,
    channel: CHANNEL,
    computer,
    userSid: 'S-1-5-18',
    eventData: data,
  };
}

/** A detection as Japanese Windows 10 writes it (every word localized; the numbers are the same everywhere). */
function japaneseDetection(eventId: number, time: number, action: { id: string; name: string }): WriteEvent {
  return defender(eventId, time, {
    'Product Name': 'Microsoft Defender ウイルス対策',
    'Product Version': '4.18.2302.7',
    'Detection ID': '{6A5A3B2C-0000-4000-8000-000000000001}',
    'Detection Time': '2024-05-01T01:00:00.000Z',
    'Threat ID': '2147735505',
    'Threat Name': 'Trojan:Win32/Emotet.RPX!MTB',
    'Severity ID': '5',
    'Severity Name': '重大',
    'Category ID': '8',
    'Category Name': 'トロイの木馬',
    FWLink: 'https://go.microsoft.com/fwlink/?linkid=37020',
    'Status Code': '1',
    State: '1',
    'Source ID': '3',
    'Source Name': 'リアルタイム保護',
    'Process Name': 'C:\\Windows\\explorer.exe',
    'Detection User': 'EXAMPLE\\taro',
    Path: 'file:_C:\\Users\\taro\\Downloads\\請求書.doc',
    'Origin ID': '1',
    'Origin Name': 'ローカル コンピューター',
    'Action ID': action.id,
    'Action Name': action.name,
    'Error Code': '0x00000000',
    'Error Description': 'この操作を正しく終了しました。',
  });
}

describe.skipIf(!CORPUS_READY)('Defender on corpus files', () => {
  for (const rel of [
    'EVTX-ATTACK-SAMPLES/AutomatedTestingTools/WinDefender_Events_1117_1116_AtomicRedTeam.evtx',
    'EVTX-to-MITRE-Attack/Antivirus/ID1116-1117-Defender threat detected.evtx',
  ]) {
    it(`one finding per threat with its detections: ${rel.split('/').pop()}`, () => {
      const detections = oracle(rel).filter((e) => e.id === 1116);
      const perThreat = countBy(detections, (e) => e.data['Threat Name']!);
      const found = analyzeCorpus(rel, {}, PRODUCER).filter((f) => f.kind === 'defender-detection');
      expect(new Map(found.map((f) => [String(f.details?.threat), Number(f.details?.detected)]))).toEqual(perThreat);
      for (const f of found) {
        const ids = detections
          .filter((e) => e.data['Threat Name'] === f.details?.threat)
          .map((e) => Number(e.data['Severity ID']));
        expect(f.details?.severity_id).toBe(Math.max(...ids));
      }
    });
  }

  it('exclusions added (5007 with a path under ...\\Exclusions\\)', () => {
    const rel =
      'EVTX-to-MITRE-Attack/TA0005-Defense Evasion/T1562.001-Impair Defenses-Disable or Modify tool/ID5007-Defender threat exclusion (native).evtx';
    const added = oracle(rel).filter((e) => e.id === 5007 && /\\Exclusions\\/i.test(e.data['New Value'] ?? ''));
    const found = analyzeCorpus(rel, {}, PRODUCER);
    expect(found.map((f) => [f.kind, f.count])).toEqual([['defender-exclusion', added.length]]);
  });
});

describe('Defender on written fixtures', () => {
  const fx = fixtureDir();
  afterAll(() => fx.cleanup());

  it('a Japanese detection (重大) is found and rated from its Severity ID, with its action', () => {
    const events = [
      japaneseDetection(1116, T0, { id: '9', name: '該当なし' }),
      japaneseDetection(1117, T0 + 1e6, { id: '2', name: '検疫' }),
    ];
    const found = analyze(readEvents(fx.write('ja.evtx', events)), {}, PRODUCER);
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect([f.kind, f.severity, f.details?.severity_id, f.details?.detected, f.details?.action_taken]).toEqual([
      'defender-detection',
      'high',
      5,
      1,
      1,
    ]);
    expect(f.details?.actions).toEqual({ Quarantine: 1 });
    expect(f.summary_ja).toContain('重大度 重大');
    expect(f.summary_en).toContain('severity Severe');
  });

  it('the words of an event do not count: "Severe" in Severity Name with Severity ID 1 is a low-severity detection', () => {
    const e = japaneseDetection(1116, T0, { id: '9', name: 'Not Applicable' });
    (e.eventData as Record<string, string>)['Severity ID'] = '1';
    (e.eventData as Record<string, string>)['Severity Name'] = 'Severe';
    const found = analyze(readEvents(fx.write('words.evtx', [e])), {}, PRODUCER);
    expect(found.map((f) => [f.kind, f.severity])).toEqual([['defender-detection', 'low']]);
  });

  it('a failed remediation (1119) raises the severity', () => {
    const events = [
      japaneseDetection(1116, T0, { id: '9', name: '該当なし' }),
      japaneseDetection(1119, T0 + 1e6, { id: '2', name: '検疫' }),
    ];
    const found = analyze(readEvents(fx.write('failed.evtx', events)), {}, PRODUCER);
    expect(found.map((f) => [f.severity, f.details?.action_failed])).toEqual([['critical', 1]]);
  });

  it('protection turned off (5001, 5010, 5012) and the platform expired (5101), from the event id alone', () => {
    const text = { 'Product Name': 'Microsoft Defender ウイルス対策', 'Product Version': '4.18.2302.7' };
    const events = [
      defender(5001, T0, text),
      defender(5001, T0 + MIN, text),
      defender(5010, T0 + 2 * MIN, text),
      defender(5012, T0 + 3 * MIN, text),
      defender(5101, T0 + 4 * MIN, { ...text, 'Expiration Date': '2024/04/30' }),
    ];
    const found = analyze(readEvents(fx.write('off.evtx', events)), {}, PRODUCER);
    expect(found.map((f) => [f.kind, f.details?.event_id, f.count, f.severity])).toEqual([
      ['defender-disabled', 5001, 2, 'high'],
      ['defender-disabled', 5010, 1, 'high'],
      ['defender-disabled', 5012, 1, 'high'],
      ['defender-expired', 5101, 1, 'medium'],
    ]);
    expect(found[0]!.summary_ja).toBe('PC-0001 で Defender のリアルタイム保護が無効化された (2 回)');
    expect(found[0]!.attack).toEqual(['T1562.001']);
  });
});
