// Renders the PWA icons (PNG, 192 and 512 px, plus a maskable 512 with a safe-zone margin)
// from web/public/favicon.svg. The PNGs are committed; rerun after changing the SVG:
//   node scripts/make-icons.mjs
// Needs a CJK font installed (fonts-noto-cjk) for the 督 glyph.
import { readFileSync } from 'node:fs';
import sharp from 'sharp';

const svg = readFileSync(new URL('../web/public/favicon.svg', import.meta.url));
const out = (name) => new URL(`../web/public/icons/${name}`, import.meta.url).pathname;
for (const size of [192, 512]) {
  await sharp(svg, { density: (72 * size) / 64 })
    .resize(size, size)
    .png()
    .toFile(out(`icon-${size}.png`));
}
// Maskable: the glyph inside the central 80% circle, on a full-bleed background.
const inner = await sharp(svg, { density: (72 * 384) / 64 })
  .resize(384, 384)
  .png()
  .toBuffer();
await sharp({ create: { width: 512, height: 512, channels: 4, background: '#1677ff' } })
  .composite([{ input: inner, left: 64, top: 64 }])
  .png()
  .toFile(out('maskable-512.png'));
