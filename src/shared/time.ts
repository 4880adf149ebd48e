/** "YYYY-MM-DD HH:mm" in China time (UTC+8, no DST), for text people read; '' for null. */
export function formatChinaTime(iso: string | null | undefined): string {
  if (!iso) return '';
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}
