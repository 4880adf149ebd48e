import { useEffect } from 'react';
import { onCasesChanged, type CaseFilter, type CaseListItem } from '../../api/cases.js';
import type { Page } from '../../api/types.js';
import { useApi, type Loaded } from '../../components/useApi.js';

/**
 * GET /api/cases with `filter` (null: nothing), refetched whenever any case is acted on
 * from this tab, so every queue on screen shows the case's new place at once.
 */
export function useCaseList(filter: CaseFilter | null): Loaded<Page<CaseListItem>> {
  const r = useApi<Page<CaseListItem>>(filter ? '/api/cases' : null, filter ?? undefined);
  const { reload } = r;
  useEffect(() => onCasesChanged(reload), [reload]);
  return r;
}
