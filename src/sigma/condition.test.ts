// The condition grammar, from the specification's "Condition" section.
import { describe, expect, it } from 'vitest';
import { ConditionError, parseCondition } from './condition.ts';
import { detectionMatcher, docsFromText } from './testing.ts';
import type { Issue } from '../core/issue.ts';

/** Searches A, B, C, _U match when the event has field A, B, C, U = 1; the condition is evaluated on events. */
function truth(condition: string, names = ['A', 'B', 'C']): (set: string) => boolean {
  const body = names.map((n) => `${n}:\n    ${n.replace(/^_/, '')}: 1`).join('\n');
  const m = detectionMatcher(`${body}\ncondition: ${condition}`).matches;
  return (set) => m(Object.fromEntries([...set].map((c) => [c === 'U' ? 'U' : c, 1])));
}

describe('logical and/or/not, brackets', () => {
  it('keywords1 or keywords2', () => {
    const f = truth('A or B');
    expect([f(''), f('A'), f('B'), f('AB')]).toEqual([false, true, true, true]);
  });
  it('keywords and not filters', () => {
    const f = truth('A and not B');
    expect([f('A'), f('AB'), f('B')]).toEqual([true, false, false]);
  });
  it('selection1 and (keywords1 or keywords2)', () => {
    const f = truth('A and (B or C)');
    expect([f('A'), f('AB'), f('AC'), f('BC')]).toEqual([false, true, true, false]);
  });
});

describe('precedence: or < and < not < x of < ( )', () => {
  it('and binds tighter than or', () => {
    const f = truth('A or B and C');
    expect([f('A'), f('B'), f('BC')]).toEqual([true, false, true]);
    expect(parseCondition('A or B and C', ['A', 'B', 'C']).node).toEqual({
      op: 'or',
      args: [
        { op: 'id', name: 'A' },
        {
          op: 'and',
          args: [
            { op: 'id', name: 'B' },
            { op: 'id', name: 'C' },
          ],
        },
      ],
    });
  });
  it('not binds tighter than and', () => {
    const f = truth('not A and B');
    expect([f('B'), f('AB'), f('')]).toEqual([true, false, false]);
  });
  it('not applies to a whole x of', () => {
    const f = truth('not 1 of B* and A', ['A', 'B1', 'B2']);
    expect(parseCondition('not 1 of B* and A', ['A', 'B1', 'B2']).node).toEqual({
      op: 'and',
      args: [
        { op: 'not', arg: { op: 'of', quant: 1, names: ['B1', 'B2'], pattern: 'B*' } },
        { op: 'id', name: 'A' },
      ],
    });
    expect(f('A')).toBe(true);
  });
  it('keywords are case-insensitive', () => {
    const f = truth('A AND NOT B');
    expect([f('A'), f('AB')]).toEqual([true, false]);
  });
});

describe('1/all of them, 1/all of pattern', () => {
  it('1 of them: any identifier not starting with _', () => {
    const f = truth('1 of them', ['A', 'B', '_U']);
    expect([f('A'), f('B'), f('U'), f('')]).toEqual([true, true, false, false]);
  });
  it('all of them: every identifier not starting with _', () => {
    const f = truth('all of them', ['A', 'B', '_U']);
    expect([f('AB'), f('A'), f('ABU')]).toEqual([true, false, true]);
  });
  it('all of selection*', () => {
    const names = ['selection1', 'selection2', 'filter'];
    expect(parseCondition('all of selection*', names).node).toEqual({
      op: 'of',
      quant: 'all',
      names: ['selection1', 'selection2'],
      pattern: 'selection*',
    });
  });
  it('1 of selection* and keywords; 1 of selection* and not 1 of filter*', () => {
    const body = `selection_a:\n    A: 1\nselection_b:\n    B: 1\nkeywords:\n    - kw\nfilter_x:\n    X: 1\nfilter_y:\n    Y: 1\n`;
    const f = detectionMatcher(`${body}condition: 1 of selection* and keywords`).matches;
    expect(f({ A: 1, M: 'a kw here' })).toBe(true);
    expect(f({ A: 1 })).toBe(false);
    const g = detectionMatcher(`${body}condition: 1 of selection* and not 1 of filter*`).matches;
    expect(g({ B: 1 })).toBe(true);
    expect(g({ B: 1, Y: 1 })).toBe(false);
  });
  it('wildcards at arbitrary positions of the pattern', () => {
    expect(parseCondition('1 of *_main_*', ['filter_main_a', 'filter_optional_b', 'x_main_y']).node).toMatchObject({
      names: ['filter_main_a', 'x_main_y'],
    });
  });
  it('N of: at least N', () => {
    const f = truth('2 of them', ['A', 'B', 'C']);
    expect([f('A'), f('AB'), f('ABC'), f('C')]).toEqual([false, true, true, false]);
  });
});

describe('lists of conditions are ORed', () => {
  it('condition: [A, B]', () => {
    const m = detectionMatcher(`A:\n    A: 1\nB:\n    B: 1\ncondition:\n    - A\n    - B`).matches;
    expect([m({ A: 1 }), m({ B: 1 }), m({ C: 1 })]).toEqual([true, true, false]);
  });
});

describe('errors carry file, line and column', () => {
  const load = (condition: string): Issue[] => {
    const issues: Issue[] = [];
    docsFromText(
      `title: t\nlogsource:\n    product: test\ndetection:\n    sel:\n        A: 1\n    condition: ${condition}\n`,
      issues,
      'rule.yml',
    );
    return issues.filter((i) => i.severity === 'error');
  };
  it('an unknown identifier, at its column', () => {
    const [e] = load('sel and nope');
    expect(e).toMatchObject({
      code: 'sigma.condition_unknown_id',
      at: { file: 'rule.yml', line: 7, col: 24 },
      params: { name: 'nope' },
    });
  });
  it('unbalanced parentheses, a pattern matching nothing, a dangling operator', () => {
    expect(load('(sel')[0]!.code).toBe('sigma.condition_unbalanced');
    expect(load('1 of filter*')[0]!.code).toBe('sigma.condition_no_match');
    expect(load('sel and')[0]!.code).toBe('sigma.condition_incomplete');
    expect(load('sel sel')[0]!.code).toBe('sigma.condition_syntax');
  });
  it('deep nesting is bounded', () => {
    expect(() => parseCondition('('.repeat(200) + 'A' + ')'.repeat(200), ['A'])).toThrow(ConditionError);
  });
});

describe('the obsolete aggregation', () => {
  it('count(field) by group > N', () => {
    expect(parseCondition('selection | count(TargetUserName) by IpAddress > 3', ['selection']).aggregation).toEqual({
      func: 'count',
      field: 'TargetUserName',
      groupBy: ['IpAddress'],
      compare: { op: 'gt', value: 3 },
    });
    expect(parseCondition('(a and b) | count() by X, Y >= 10', ['a', 'b']).aggregation).toMatchObject({
      func: 'count',
      field: undefined,
      groupBy: ['X', 'Y'],
      compare: { op: 'gte', value: 10 },
    });
  });
  it('near is refused with a reason', () => {
    expect(() => parseCondition('a | near b', ['a', 'b'])).toThrow(/aggregation_near/);
  });
});
