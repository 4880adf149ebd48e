/**
 * The case category (问题类别, codes of domain/cases/categories.ts) a failed standard
 * is reported under, by the type of the check point; a type without a mapping, or a
 * mapping to a category the city does not have, gives 扩展事件 (E06).
 */
const CATEGORY_BY_POINT_TYPE: Readonly<Record<string, string>> = {
  construction_site: 'E03',
  farmers_market: 'E05',
  commercial_street: 'E05',
  back_street: 'E01',
  public_square: 'E01',
  residential_compound: 'E01',
  urban_rural_fringe: 'E01',
  outdoor_toilet: 'C03',
  main_road: 'C02',
  major_intersection: 'C02',
  bus_stop: 'C01',
  park: 'C04',
  scenic_spot: 'C04',
};

/** The fallback category: 扩展事件. */
export const DEFAULT_INSPECTION_CATEGORY = 'E06';

/** The category for a failed answer at a point of `pointType`, among the `known` category codes. */
export function caseCategoryFor(pointType: string, known: ReadonlySet<string>): string {
  const mapped = CATEGORY_BY_POINT_TYPE[pointType];
  return mapped && known.has(mapped) ? mapped : DEFAULT_INSPECTION_CATEGORY;
}
