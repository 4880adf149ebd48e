import type { Executor } from '../../db/database.js';
import { letterRepository } from '../../db/repositories/letter.repository.js';
import { chinaDay } from '../../domain/calendar/work-calendar.js';
import type { BodyFacts } from '../../domain/letters/letter-composition.js';
import type { LetterCaseView } from '../../shared/contracts/letters.contract.js';
import { letterCaseView } from './letter.mapper.js';

/**
 * The facts for the bodies of several letters at once, one group of case ids per letter,
 * in two queries in all (the escalation sweep reads them once for all its letters).
 * Only issued letters are cited, so a draft never cites itself.
 */
export async function loadBodyFacts(db: Executor, groups: number[][]): Promise<BodyFacts[]> {
  const all = [...new Set(groups.flat())];
  const cases = new Map<number, { deadline: string | null }>();
  for (let i = 0; i < all.length; i += 500) {
    for (const c of await letterRepository.casesForLetter(db, all.slice(i, i + 500))) cases.set(c.id, c);
  }
  const prior = await letterRepository.priorLetters(db, all);
  return groups.map((ids) => {
    const mine = new Set(ids);
    const cited = new Set<number>();
    // Already oldest first; a letter covering several of the cases is cited once.
    const own = prior.filter((l) => {
      if (!mine.has(l.case_id) || cited.has(l.id)) return false;
      cited.add(l.id);
      return true;
    });
    return {
      cases: [...mine].flatMap((id) => (cases.has(id) ? [cases.get(id)!] : [])),
      prior: own.map((l) => ({ typeLabel: l.type, number: l.number, issueDay: chinaDay(new Date(l.issued_at)) })),
    };
  });
}

/** The cases of a letter as listed on it. */
export async function letterCases(db: Executor, caseIds: number[]): Promise<LetterCaseView[]> {
  return (await letterRepository.casesForLetter(db, caseIds)).map(letterCaseView);
}
