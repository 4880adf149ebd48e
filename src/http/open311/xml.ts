/**
 * The small XML writer of the Open311 GeoReport v2 server (issue 15 point 6). The spec's XML
 * is schemaless, without namespaces: one root element, lists as a container element holding
 * one element per item (`<services><service>…`), scalars as text, null as an empty element.
 */

/** A value the writer turns into XML. */
export type XmlValue = string | number | boolean | null | undefined | readonly XmlValue[] | { readonly [k: string]: XmlValue };

/**
 * The element name of each item of a list, by the list's own element name (the spec's
 * pairs; JSON, by the Spark convention, drops the item level).
 */
export const OPEN311_ITEM_NAMES: Readonly<Record<string, string>> = {
  services: 'service',
  service_requests: 'request',
  attributes: 'attribute',
  values: 'value',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
};

// XML 1.0 allows tab, newline, carriage return and everything from U+0020 except surrogates
// alone and U+FFFE/U+FFFF; anything else (a control character a client sent) is dropped.
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text content or an attribute value with the five special characters escaped. */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML_CHAR, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function element(name: string, value: XmlValue, indent: string, out: string[]): void {
  if (value === null || value === undefined) {
    out.push(`${indent}<${name}></${name}>`);
    return;
  }
  if (Array.isArray(value)) {
    const item = OPEN311_ITEM_NAMES[name];
    if (!item) throw new Error(`no item element name for list <${name}>`);
    if (!value.length) {
      out.push(`${indent}<${name}></${name}>`);
      return;
    }
    out.push(`${indent}<${name}>`);
    for (const v of value as readonly XmlValue[]) element(item, v, indent + '  ', out);
    out.push(`${indent}</${name}>`);
    return;
  }
  if (typeof value === 'object') {
    out.push(`${indent}<${name}>`);
    for (const [k, v] of Object.entries(value)) element(k, v, indent + '  ', out);
    out.push(`${indent}</${name}>`);
    return;
  }
  out.push(`${indent}<${name}>${escapeXml(String(value))}</${name}>`);
}

/**
 * A whole document: the UTF-8 declaration the spec requires, then `root` holding `value`
 * (a list gives one item element per entry, an object one element per key, in order).
 */
export function toXmlDocument(root: string, value: XmlValue): string {
  const out = ['<?xml version="1.0" encoding="utf-8"?>'];
  element(root, value, '', out);
  return out.join('\n') + '\n';
}
