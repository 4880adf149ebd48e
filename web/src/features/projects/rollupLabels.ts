import type { ProjectRollupGroup } from '../../../../src/shared/contracts/project-rollups.contract.js';
import { PROJECT_CATEGORY_LABELS, PROJECT_LEVEL_LABELS, PROJECT_STAGE_LABELS } from '../../../../src/shared/project-enums.js';
import { ROLLUP_NONE, SIZE_BAND_LABELS, type RollupDimension } from '../../../../src/shared/project-rollup-enums.js';
import type { TFunction } from '../../i18n/i18n.js';

type LabelFn = (l: { zh: string; en: string } | undefined, fallback?: string) => string;

type Labels = Record<string, { zh: string; en: string }>;
const ENUM_LABELS: Partial<Record<RollupDimension, Labels>> = {
  level: PROJECT_LEVEL_LABELS,
  category: PROJECT_CATEGORY_LABELS,
  size: SIZE_BAND_LABELS,
  stage: PROJECT_STAGE_LABELS,
};

/** A roll-up group's name as shown: the server's name (county, team, batch, chain) or the enum's label; none said in words. */
export function groupLabel(by: RollupDimension, g: ProjectRollupGroup, t: TFunction, label: LabelFn): string {
  if (g.key === ROLLUP_NONE) return t(by === 'stage' ? 'rollup.noStage' : 'rollup.none');
  const labels = ENUM_LABELS[by];
  return labels ? label(labels[g.key], g.key) : (g.name ?? g.key);
}
