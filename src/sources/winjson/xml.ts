/**
 * A small, bounded XML reader for one Windows event as rendered by Windows (`<Event xmlns=…>`), the
 * form Splunk's XmlWinEventLog keeps in `_raw` and Winlogbeat in `event.original`. Elements,
 * attributes, text, CDATA and the five predefined entities plus numeric character references; no
 * DTDs (refused, so no entity expansion), comments and processing instructions skipped, namespace
 * prefixes dropped. Whitespace between elements is not text. Depth and node counts are capped;
 * malformed input gives an error string, never an exception.
 */
import type { XElement } from './fields.ts';

const MAX_DEPTH = 64;
const MAX_NODES = 200_000;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string): string | undefined {
  if (!s.includes('&')) return s;
  let bad = false;
  const out = s.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z]{2,6});/g, (all, ref: string) => {
    if (ref[0] === '#') {
      const cp = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (cp > 0x10ffff) {
        bad = true;
        return all;
      }
      return String.fromCodePoint(cp);
    }
    const e = ENTITIES[ref];
    if (e === undefined) bad = true;
    return e ?? all;
  });
  return bad ? undefined : out;
}

const localName = (n: string): string => n.slice(n.indexOf(':') + 1);
const NAME = /^[A-Za-z_][\w.:-]*/;
const ATTR = /\s*([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;

function tidy(el: XElement): void {
  if (el.children.some((c) => typeof c !== 'string'))
    el.children = el.children.filter((c) => typeof c !== 'string' || c.trim() !== '');
}

/** The root element of `text`, or the reason it cannot be read. */
export function parseXml(text: string): XElement | string {
  const stack: XElement[] = [];
  let root: XElement | undefined;
  let nodes = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const lt = text.indexOf('<', i);
    const end = lt < 0 ? n : lt;
    if (end > i) {
      const raw = text.slice(i, end);
      if (stack.length) {
        const t = decode(raw);
        if (t === undefined) return `bad entity reference at ${i}`;
        stack[stack.length - 1]!.children.push(t);
      } else if (raw.trim()) return `text outside the root element at ${i}`;
    }
    if (lt < 0) break;
    if (++nodes > MAX_NODES) return 'too many nodes';
    if (text.startsWith('<!--', lt)) {
      const c = text.indexOf('-->', lt + 4);
      if (c < 0) return 'unterminated comment';
      i = c + 3;
    } else if (text.startsWith('<![CDATA[', lt)) {
      const c = text.indexOf(']]>', lt + 9);
      if (c < 0) return 'unterminated CDATA';
      if (!stack.length) return 'CDATA outside the root element';
      stack[stack.length - 1]!.children.push(text.slice(lt + 9, c));
      i = c + 3;
    } else if (text.startsWith('<?', lt)) {
      const c = text.indexOf('?>', lt + 2);
      if (c < 0) return 'unterminated processing instruction';
      i = c + 2;
    } else if (text.startsWith('<!', lt)) {
      return 'DTDs are not read';
    } else if (text[lt + 1] === '/') {
      const c = text.indexOf('>', lt + 2);
      if (c < 0) return 'unterminated end tag';
      const name = localName(text.slice(lt + 2, c).trim());
      const open = stack.pop();
      if (!open || open.name !== name) return `mismatched end tag </${name}> at ${lt}`;
      tidy(open);
      i = c + 1;
      if (!stack.length) return root!;
    } else {
      const m = NAME.exec(text.slice(lt + 1, lt + 257));
      if (!m) return `bad tag at ${lt}`;
      const el: XElement = { name: localName(m[0]), attrs: [], children: [] };
      let p = lt + 1 + m[0].length;
      for (;;) {
        ATTR.lastIndex = p;
        const a = ATTR.exec(text);
        if (!a) break;
        const v = decode(a[2] ?? a[3] ?? '');
        if (v === undefined) return `bad entity reference in an attribute at ${p}`;
        if (a[1] !== 'xmlns' && !a[1]!.startsWith('xmlns:')) el.attrs.push([localName(a[1]!), v]);
        p = ATTR.lastIndex;
      }
      while (p < n && /\s/.test(text[p]!)) p++;
      const selfClosing = text.startsWith('/>', p);
      if (!selfClosing && text[p] !== '>') return `bad tag at ${lt}`;
      i = p + (selfClosing ? 2 : 1);
      if (stack.length) stack[stack.length - 1]!.children.push(el);
      else if (root) return 'more than one root element';
      else root = el;
      if (!selfClosing) {
        if (stack.length >= MAX_DEPTH) return 'nested too deeply';
        stack.push(el);
      } else if (!stack.length) return el;
    }
  }
  return stack.length ? 'unterminated element' : (root ?? 'no element');
}
