import { ANSWER_LABELS, POINT_TYPE_LABELS, type AnswerKind, type PointType } from '../../../../src/shared/evaluation-enums.js';
import { useI18n } from '../../i18n/i18n.js';

/** Point-type and answer names from src/shared (never redefined here). */
export function useLabels() {
  const { label } = useI18n();
  return {
    pointType: (type: string) => label(POINT_TYPE_LABELS[type as PointType], type),
    answer: (a: AnswerKind) => label(ANSWER_LABELS[a], a),
  };
}
