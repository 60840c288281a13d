/**
 * Minimal XML rendering of Plex's JSON shapes. Plex answers XML unless the client sends
 * `Accept: application/json` (docs/UPSTREAMS.md B "General behaviour", A1): scalars are attributes,
 * arrays of objects are child elements named by their key (`Directory`, `Guid`, `Media`, ...).
 */
import { escapeXml } from './fake-server';

/** Chooses the element name for an array entry; PMS uses Video/Directory/Track instead of Metadata. */
export type TagNamer = (key: string, item: Record<string, unknown>) => string;

const defaultNamer: TagNamer = (key) => key;

export function xmlDocument(tag: string, value: Record<string, unknown>, namer: TagNamer = defaultNamer): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xmlElement(tag, value, namer)}\n`;
}

export function xmlElement(tag: string, value: Record<string, unknown>, namer: TagNamer = defaultNamer): string {
  const attributes: string[] = [];
  const children: string[] = [];
  for (const [key, field] of Object.entries(value)) {
    if (field === null || field === undefined) continue;
    if (Array.isArray(field)) {
      for (const entry of field) {
        if (isRecord(entry)) children.push(xmlElement(namer(key, entry), entry, namer));
      }
    } else if (isRecord(field)) {
      children.push(xmlElement(key, field, namer));
    } else {
      // Plex writes booleans as 1/0 in XML.
      const text = typeof field === 'boolean' ? (field ? '1' : '0') : String(field);
      attributes.push(` ${key}="${escapeXml(text)}"`);
    }
  }
  const open = `<${tag}${attributes.join('')}`;
  return children.length === 0 ? `${open} />` : `${open}>\n${children.join('\n')}\n</${tag}>`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
