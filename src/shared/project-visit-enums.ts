/**
 * Enumerations of the "4个1" site visits and progress meetings (issue 14 point 5), shared by
 * server and web. Plain values without TypeBox (the web bundle imports them); the wire shapes
 * are in src/shared/contracts/project-visits.contract.ts, the rules in domain/projects/visits.ts.
 */

/**
 * How a visit's reported position compares with the project's: on site (within the radius),
 * too far (beyond it), no position (the project has one, the visit reported none), unchecked
 * (the project has no position to check against).
 */
export const VISIT_PLACE_CHECKS = ['on_site', 'too_far', 'no_position', 'unchecked'] as const;
export type VisitPlaceCheck = (typeof VISIT_PLACE_CHECKS)[number];

export const VISIT_PLACE_CHECK_LABELS: Record<VisitPlaceCheck, { zh: string; en: string }> = {
  on_site: { zh: '在现场', en: 'On site' },
  too_far: { zh: '超出范围', en: 'Too far' },
  no_position: { zh: '未报位置', en: 'No position' },
  unchecked: { zh: '项目无坐标', en: 'Unchecked' },
};
