/**
 * A structural check of a Windows PowerShell 5.1 script, for want of a PowerShell parser on Debian or
 * npm (PowerShell itself is not packaged by Debian; the npm `pwsh` package downloads a binary at install
 * time; tree-sitter-powershell needs a native build of tree-sitter and is an approximate grammar). It
 * tokenizes strings ('…', "…" with backtick escapes, here-strings @'…'@ and @"…"@), comments (# and
 * <# … #>) and the rest, then checks: every (, [ and { closes in order; no operator or syntax that
 * only PowerShell 7 knows (&&, ||, ??, ?., ternary ? :, -Parallel, clean blocks); no "$name:" in a
 * double-quoted string (PowerShell reads it as a drive-qualified variable); no non-ASCII character
 * outside strings and comments. Returns the problems with their line numbers.
 */
export interface PsProblem {
  line: number;
  what: string;
}

export function lintPowerShell(src: string): PsProblem[] {
  const problems: PsProblem[] = [];
  const stack: Array<{ c: string; line: number }> = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  let line = 1;
  let i = 0;
  let code = ''; // the script with strings and comments blanked, for the syntax checks
  const codeLines: string[] = [];
  const emit = (s: string): void => {
    code += s;
  };
  const text = src.replace(/^\ufeff/, '').replace(/\r\n/g, '\n');
  while (i < text.length) {
    const c = text[i];
    const two = text.slice(i, i + 2);
    if (c === '\n') {
      line++;
      emit('\n');
      i++;
      continue;
    }
    if (two === '<#') {
      const end = text.indexOf('#>', i + 2);
      if (end < 0) return [...problems, { line, what: 'block comment <# is not closed' }];
      const body = text.slice(i, end + 2);
      const nl = body.split('\n').length - 1;
      line += nl;
      emit('\n'.repeat(nl));
      i = end + 2;
      continue;
    }
    if (c === '#') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
      continue;
    }
    if (two === "@'" || two === '@"') {
      const q = text[i + 1];
      if (text[i + 2] !== '\n') problems.push({ line, what: `here-string ${two} must end its line` });
      const end = text.indexOf(`\n${q}@`, i + 2);
      if (end < 0) return [...problems, { line, what: `here-string ${two} is not closed` }];
      const nl = text.slice(i, end + 3).split('\n').length - 1;
      line += nl;
      emit(`""${'\n'.repeat(nl)}`);
      i = end + 3;
      continue;
    }
    if (c === "'" || c === '"') {
      const start = line;
      let j = i + 1;
      let body = '';
      for (; j < text.length; j++) {
        const d = text[j];
        if (d === '\n') line++;
        if (c === '"' && d === '`') {
          body += d + (text[j + 1] ?? '');
          j++;
          continue;
        }
        if (d === c) {
          if (text[j + 1] === c) {
            body += d;
            j++;
            continue;
          }
          break;
        }
        body += d;
      }
      if (j >= text.length) return [...problems, { line: start, what: `string starting with ${c} is not closed` }];
      if (c === '"') {
        const bad = /(?<!`)\$([A-Za-z_][A-Za-z0-9_]*):(?![:\\A-Za-z_])/.exec(body);
        if (bad && !/^(?:env|script|global|local|private|using|function|variable)$/i.test(bad[1]))
          problems.push({
            line: start,
            what: `"$${bad[1]}:" in a double-quoted string reads as a drive-qualified variable`,
          });
        // $( … ) inside a string: its braces and parentheses are code
        for (const m of body.matchAll(/\$\(/g)) void m;
      }
      emit(`${c}${c}${'\n'.repeat(line - start)}`);
      i = j + 1;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') stack.push({ c, line });
    else if (c === ')' || c === ']' || c === '}') {
      const top = stack.pop();
      if (!top || top.c !== pairs[c])
        problems.push({ line, what: `${c} closes ${top ? `${top.c} opened on line ${top.line}` : 'nothing'}` });
    }
    if (c.charCodeAt(0) > 127) problems.push({ line, what: `non-ASCII character ${c} in code` });
    emit(c);
    i++;
  }
  for (const s of stack) problems.push({ line: s.line, what: `${s.c} is never closed` });
  codeLines.push(...code.split('\n'));
  codeLines.forEach((l, k) => {
    const checks: Array<[RegExp, string]> = [
      [/&&|\|\|/, 'pipeline chain operators && and || need PowerShell 7'],
      [/\?\?|\?\./, 'null-coalescing ?? and ?. need PowerShell 7'],
      [/\s\?\s[^:]*\s:\s/, 'the ternary operator needs PowerShell 7'],
      [/-Parallel\b/, 'ForEach-Object -Parallel needs PowerShell 7'],
      [/^\s*clean\s*\{/, 'clean blocks need PowerShell 7.3'],
    ];
    for (const [re, what] of checks) if (re.test(l)) problems.push({ line: k + 1, what });
  });
  return problems;
}
