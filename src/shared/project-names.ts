/**
 * How a "三个一批" batch is named where its county is not otherwise shown: batches are usually
 * named with their county already (西华县第五期"三个一批"项目), so the county goes in front only
 * when the name lacks it — never "西华县西华县第五期…".
 */
export function batchTitle(countyName: string, name: string, separator = ''): string {
  return name.startsWith(countyName) ? name : `${countyName}${separator}${name}`;
}
