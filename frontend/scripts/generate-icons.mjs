#!/usr/bin/env node
// Writes the PNG app icons (192 and 512 px, plus a maskable 512) with Node alone: a rounded
// amber tile with a dark "play" triangle, matching public/icons/icon.svg.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'public', 'icons');
const BG = [17, 24, 39];
const TILE = [245, 158, 11];
const MARK = [17, 24, 39];

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function insideRoundedRect(x, y, size, inset, radius) {
  const min = inset;
  const max = size - inset;
  if (x < min || y < min || x > max || y > max) return false;
  const cx = Math.min(Math.max(x, min + radius), max - radius);
  const cy = Math.min(Math.max(y, min + radius), max - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}
function insideTriangle(x, y, size) {
  // Play triangle pointing right, centred slightly right of the middle.
  const left = size * 0.38;
  const right = size * 0.7;
  const top = size * 0.3;
  const bottom = size * 0.7;
  if (x < left || x > right) return false;
  const half = ((right - x) / (right - left)) * ((bottom - top) / 2);
  return Math.abs(y - size / 2) <= half;
}

function icon(size, maskable) {
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      let color = maskable ? TILE : null;
      if (!maskable && insideRoundedRect(px, py, size, size * 0.04, size * 0.2)) color = TILE;
      if (insideTriangle(px, py, size)) color = MARK;
      const offset = 1 + x * 4;
      if (color) {
        row[offset] = color[0];
        row[offset + 1] = color[1];
        row[offset + 2] = color[2];
        row[offset + 3] = 255;
      } else {
        row[offset] = BG[0];
        row[offset + 1] = BG[1];
        row[offset + 2] = BG[2];
        row[offset + 3] = 0;
      }
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

writeFileSync(path.join(outDir, 'icon-192.png'), icon(192, false));
writeFileSync(path.join(outDir, 'icon-512.png'), icon(512, false));
writeFileSync(path.join(outDir, 'icon-maskable-512.png'), icon(512, true));
console.log(`icons written to ${outDir}`);
