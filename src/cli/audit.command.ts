import { Command } from 'commander';
import type { AuditVerify } from '../shared/contracts/audit.contract.js';
import { withServices } from './with-services.js';

/** The lines `dudao audit verify` prints: one per problem, naming seq and reason. */
export function verifyReport(r: AuditVerify): { ok: boolean; lines: string[] } {
  const lines: string[] = [];
  const anchors = r.anchors.file ? `${r.anchors.count} anchors in ${r.anchors.file}, ${r.anchors.checked} compared` : 'anchoring off';
  const legacy = r.legacyRecords
    ? `; ${r.legacyRecords} legacy unkeyed records${r.keyedFrom ? `, keyed from record ${r.keyedFrom}` : ' (not yet re-keyed: start the server or run dudao audit rekey)'}`
    : '';
  if (r.ok) {
    lines.push(`audit chain OK: ${r.checked} records, head at ${r.headSeq}; ${anchors}${legacy}`);
    return { ok: true, lines };
  }
  lines.push(
    `audit chain BROKEN: ${r.problems.length} problem(s); ${r.checked} records verified; head at ${r.headSeq}; ${anchors}${legacy}`,
  );
  for (const p of r.problems) {
    const extra = p.expectedSeq !== undefined ? ` (expected record ${p.expectedSeq}: missing)` : '';
    lines.push(`  record ${p.seq}: ${p.reason}${extra}${p.detail ? ` — ${p.detail}` : ''}`);
  }
  return { ok: false, lines };
}

/** `dudao audit …`: verify the chain and its anchors, re-key a legacy chain, anchor now. */
export function auditCommands(): Command {
  const cmd = new Command('audit').description('audit log tools');
  cmd.addCommand(
    new Command('verify')
      .description('check the keyed chain and every anchor; names each problem (seq, reason); exit 1 when broken')
      .action(async () => {
        await withServices(async (s) => {
          const { ok, lines } = verifyReport(await s.audit.verify(null));
          for (const l of lines) (ok ? console.log : console.error)(l);
          if (!ok) process.exitCode = 1;
        });
      }),
  );
  cmd.addCommand(
    new Command('rekey')
      .description('verify a legacy (unkeyed) chain, append an audit.rekey record and anchor it; the server does this at start')
      .action(async () => {
        await withServices(async (s) => {
          const r = await s.audit.rekey();
          await s.audit.settleAnchors();
          if (!r.rekeyed) console.log('audit chain is already keyed');
          else if (r.legacyBreak) {
            console.error(
              `re-keyed after legacy record ${r.legacyHeadSeq}, but the legacy chain is BROKEN at record ${r.legacyBreak.seq}: ${r.legacyBreak.reason}`,
            );
            process.exitCode = 1;
          } else console.log(`legacy chain of ${r.legacyHeadSeq} records verified; keyed and anchored from here on`);
        });
      }),
  );
  cmd.addCommand(
    new Command('anchor').description('write the current head to the anchors now').action(async () => {
      await withServices(async (s) => {
        const r = await s.audit.anchorNow('manual');
        await s.audit.settleAnchors();
        console.log(r ? `anchored record ${r.seq}` : 'nothing to anchor (empty log, or head already anchored)');
      });
    }),
  );
  return cmd;
}
