import { readFileSync } from 'node:fs';
import { renderBriefingDocx } from '/work/wt/sanctions/src/documents/briefings/briefing-docx.js';
import { renderBriefingPdf } from '/work/wt/sanctions/src/documents/briefings/briefing-pdf.js';
const b = JSON.parse(readFileSync('/tmp/sb/sample.json', 'utf8'));
const which = process.argv[2] ?? 'docx';
for (let k = 0; k < 4; k++) { const t = performance.now(); const x = which === 'docx' ? await renderBriefingDocx(b) : await renderBriefingPdf(b); console.log(which, (performance.now() - t).toFixed(0), x.length); }
