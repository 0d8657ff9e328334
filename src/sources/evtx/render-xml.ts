/** Indented XML of a resolved record, as Event Viewer's "XML view" shows it. */
import { RT, isElement, type RElement, type RText } from './model.ts';
import { textOf } from './text.ts';

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
// Control characters other than tab/newline/CR are not allowed in XML 1.0; show them as escapes.
const XML_UNSAFE = /[&<>"']|[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export function escapeXml(s: string): string {
  return s.replace(XML_UNSAFE, (c) => XML_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function contentText(n: RText): string {
  if (n.t === RT.CharRef) return `&#${n.v};`;
  if (n.t === RT.EntityRef) return `&${n.v};`;
  return escapeXml(textOf(n));
}

export function recordToXml(root: RElement): string {
  const parts: string[] = ['<?xml version="1.0" encoding="utf-8"?>\n'];
  writeElement(root, 0, parts);
  return parts.join('');
}

function writeElement(el: RElement, depth: number, out: string[]): void {
  const indent = '  '.repeat(depth);
  let open = `${indent}<${el.name}`;
  for (const a of el.attrs) open += ` ${a.name}="${a.value.map(contentText).join('')}"`;
  if (el.children.length === 0) {
    out.push(`${open}></${el.name}>\n`);
    return;
  }
  const elements = el.children.some(isElement);
  if (!elements) {
    out.push(`${open}>${(el.children as RText[]).map(contentText).join('')}</${el.name}>\n`);
    return;
  }
  out.push(`${open}>\n`);
  for (const c of el.children) {
    if (isElement(c)) writeElement(c, depth + 1, out);
    else out.push(`${indent}  ${contentText(c)}\n`);
  }
  out.push(`${indent}</${el.name}>\n`);
}
