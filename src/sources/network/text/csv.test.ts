import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { splitCsv } from './csv.ts';

describe('splitCsv', () => {
  it('agrees with python csv on quoting, doubled quotes, empty fields', () => {
    const lines = [
      'a,b,c',
      '"x, y",2,"say ""hi"""',
      ',,',
      '"",x',
      'single',
      '03/15/24-10:21:07.123456 ,1,2,3,"msg, with comma",TCP',
    ];
    const py = JSON.parse(
      execFileSync(
        'python3',
        ['-c', 'import csv,sys,json; print(json.dumps([next(csv.reader([l])) for l in sys.argv[1:]]))', ...lines],
        { encoding: 'utf8' },
      ),
    ) as string[][];
    expect(lines.map((l) => splitCsv(l))).toEqual(py);
  });
});
