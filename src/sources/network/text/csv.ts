/** One CSV record (RFC 4180 quoting, `""` inside quotes) from one line; bounded by the line length. */
export function splitCsv(line: string, sep = ','): string[] {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  while (i <= n) {
    if (line[i] === '"') {
      let v = '';
      let j = i + 1;
      for (; j < n; j++) {
        if (line[j] === '"') {
          if (line[j + 1] === '"') {
            v += '"';
            j++;
            continue;
          }
          break;
        }
        v += line[j];
      }
      // text between the closing quote and the separator is kept (lenient)
      let k = j + 1;
      while (k < n && line[k] !== sep) v += line[k++];
      out.push(v);
      i = k + 1;
    } else {
      let k = line.indexOf(sep, i);
      if (k < 0) k = n;
      out.push(line.slice(i, k));
      i = k + 1;
    }
  }
  return out;
}
