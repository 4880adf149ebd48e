// Moved to web/src/components/unitsStore.ts (shared widgets read it; components import no features).
// Kept for the pages of other areas that still import it from here.
export { invalidateUnits, loadUnits, useUnits } from '../../components/unitsStore.js';
