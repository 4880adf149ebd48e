import { useMemo } from 'react';
import { useUnits } from '../../components/unitsStore.js';

/** County-level unit kinds (as src/domain/policies/project-scope.ts COUNTY_LEVEL_KINDS; the bundle keeps out of src/domain). */
const COUNTY_LEVEL_KINDS: readonly string[] = ['district', 'county', 'county_city', 'dev_zone'];

/** The counties / districts and the work teams (工作专班) of the unit tree, as select options. */
export function useProjectUnits(): { counties: { value: number; label: string }[]; teams: { value: number; label: string }[] } {
  const { units } = useUnits();
  return useMemo(
    () => ({
      counties: units.filter((u) => COUNTY_LEVEL_KINDS.includes(u.kind)).map((u) => ({ value: u.id, label: u.name })),
      teams: units.filter((u) => u.kind === 'work_team').map((u) => ({ value: u.id, label: u.name })),
    }),
    [units],
  );
}
