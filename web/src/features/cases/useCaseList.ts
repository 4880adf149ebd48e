import { useEffect } from 'react';
import type { CaseList, CaseQuery } from '../../../../src/shared/contracts/cases.contract.js';
import { casesApi, onCasesChanged } from '../../api/cases.js';
import { useApi, type Loaded } from '../../components/useApi.js';

/**
 * GET /api/cases with `filter` (null: nothing), refetched whenever any case is acted on
 * from this tab, so every queue on screen shows the case's new place at once.
 */
export function useCaseList(filter: CaseQuery | null): Loaded<CaseList> {
  const r = useApi(filter ? () => casesApi.list(filter) : null, filter);
  const { reload } = r;
  useEffect(() => onCasesChanged(reload), [reload]);
  return r;
}
