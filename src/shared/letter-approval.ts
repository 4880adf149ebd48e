/**
 * Which rungs of the escalation ladder need a leader's approval before their letters are
 * numbered and issued (DOMAIN.md §3.4, issue 13). Plain data and one pure rule, shared by
 * the server (src/domain/letters/ladder.ts re-exports it) and the web's ladder view.
 */
/** What the rule reads of a rung (the wire shape is Rung in the letters contract). */
export interface RungApprovalFacts {
  key: string;
  type: string;
  approval?: { required: boolean };
}

/** The key and the type of the rung whose letters need approval when a stored rung does not say. */
export const ACCOUNTABILITY_RUNG = { key: 'accountability', type: '问责函' } as const;

/**
 * Whether letters of `rung` wait for the leader's approval before they are numbered and
 * issued (DOMAIN.md §3.4, issue 13). The rung's `approval.required` decides; a rung
 * stored without it (every ladder saved before approval existed) needs approval exactly
 * when it is the 问责函 rung, by key or by type, so that no city's stored ladder sends an
 * accountability letter on its own after the upgrade, and nothing else changes. HQ turns
 * it off explicitly with `approval: { required: false }`.
 */
export function rungNeedsApproval(rung: RungApprovalFacts | null): boolean {
  if (!rung) return false;
  if (rung.approval !== undefined) return rung.approval.required;
  return rung.key === ACCOUNTABILITY_RUNG.key || rung.type.trim() === ACCOUNTABILITY_RUNG.type;
}
