/**
 * Open311 test tools: a tiny XML parser (enough for the spec's schemaless XML: elements,
 * text, entities, self-closing tags, the declaration), a lenient JSON reader for the spec's
 * examples, and shape comparers (element names, nesting and types; not values).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** An XML element: name, child elements, and its text when it has no children. */
export interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    const v = ENTITIES[e];
    if (v === undefined) throw new Error(`unknown entity ${m}`);
    return v;
  });
}

/** Parses a document; throws on anything not well-formed (a mismatched or unclosed tag, a stray '<' or '&'). */
export function parseXml(doc: string): XmlNode {
  let s = doc.replace(/^\uFEFF/, '').trim();
  const decl = /^<\?xml[^?]*\?>/.exec(s);
  if (decl) s = s.slice(decl[0].length);
  const stack: XmlNode[] = [{ name: '#document', children: [], text: '' }];
  const tag = /<(\/?)([A-Za-z_][\w.-]*)\s*(\/?)>|<!--[\s\S]*?-->/g;
  let pos = 0;
  for (let m = tag.exec(s); m; m = tag.exec(s)) {
    const between = s.slice(pos, m.index);
    if (/[<]/.test(between)) throw new Error(`malformed markup near "${between.slice(0, 40)}"`);
    if (/&(?!(#x[0-9a-f]+|#\d+|[a-z]+);)/i.test(between)) throw new Error(`unescaped & near "${between.slice(0, 40)}"`);
    stack[stack.length - 1]!.text += decode(between);
    pos = tag.lastIndex;
    if (m[0].startsWith('<!--')) continue;
    const [, close, name, selfClose] = m;
    if (close) {
      const top = stack.pop()!;
      if (top.name !== name) throw new Error(`</${name}> closes <${top.name}>`);
    } else {
      const node: XmlNode = { name: name!, children: [], text: '' };
      stack[stack.length - 1]!.children.push(node);
      if (!selfClose) stack.push(node);
    }
  }
  if (s.slice(pos).trim()) throw new Error('text after the root element');
  if (stack.length !== 1) throw new Error(`<${stack[stack.length - 1]!.name}> not closed`);
  const roots = stack[0]!.children;
  if (roots.length !== 1) throw new Error(`expected one root element, found ${roots.length}`);
  return roots[0]!;
}

/** The element paths of a tree ("services/service/service_code"), leaves marked with "=". */
export function xmlPaths(node: XmlNode, prefix = ''): Set<string> {
  const path = prefix ? `${prefix}/${node.name}` : node.name;
  const out = new Set<string>();
  if (!node.children.length) out.add(`${path}=`);
  else for (const c of node.children) for (const p of xmlPaths(c, path)) out.add(p);
  return out;
}

/** The body of a spec example (after any "HTTP/1.1 …" status line), JSON read leniently: leading-zero numbers become strings. */
export function lenientJson(text: string): unknown {
  const body = text.slice(text.search(/^[[{]/m));
  return JSON.parse(body.replace(/:(\s*)(0\d+)(\s*[,}\]])/g, ':$1"$2"$3'));
}

/** An example file's body (status line stripped for the error examples). */
export function fixture(name: string): string {
  const raw = readFileSync(fileURLToPath(new URL(`../fixtures/open311/${name}`, import.meta.url)), 'utf8');
  return name.endsWith('.xml') ? raw.slice(raw.indexOf('<?xml')) : raw;
}

/** Identifiers: the spec's examples have numbers where Dudao (as the README advises) serves strings. */
const IDENTIFIERS = new Set(['service_code', 'service_request_id', 'address_id', 'zipcode', 'key', 'token', 'account_id']);

type Kind = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';
function kindOf(v: unknown): Kind {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v as Kind;
}

/**
 * Differences between Dudao's JSON `actual` and the spec's `example`: the same keys at every
 * level, the same nesting, and the same scalar types (null matches any scalar: the spec shows
 * absent values as null; identifiers may be a string or a number). Empty lists match any list.
 */
export function jsonShapeDiff(actual: unknown, example: unknown, path = '$', key = ''): string[] {
  const a = kindOf(actual);
  const e = kindOf(example);
  if (a === 'array' || e === 'array') {
    if (a !== e) return [`${path}: ${a} where the spec has ${e}`];
    const items = actual as unknown[];
    const ex = example as unknown[];
    if (!items.length || !ex.length) return [];
    return items.flatMap((it, i) => jsonShapeDiff(it, ex[Math.min(i, ex.length - 1)], `${path}[${i}]`, key));
  }
  if (a === 'object' || e === 'object') {
    if (a !== e) return [`${path}: ${a} where the spec has ${e}`];
    const ak = Object.keys(actual as object).sort();
    const ek = Object.keys(example as object).sort();
    const out: string[] = [];
    for (const k of ek) if (!ak.includes(k)) out.push(`${path}.${k}: missing`);
    for (const k of ak) if (!ek.includes(k)) out.push(`${path}.${k}: not in the spec`);
    for (const k of ak)
      if (ek.includes(k))
        out.push(...jsonShapeDiff((actual as Record<string, unknown>)[k], (example as Record<string, unknown>)[k], `${path}.${k}`, k));
    return out;
  }
  if (a === e || a === 'null' || e === 'null') return [];
  if (IDENTIFIERS.has(key) && ['string', 'number'].includes(a) && ['string', 'number'].includes(e)) return [];
  return [`${path}: ${a} where the spec has ${e}`];
}
