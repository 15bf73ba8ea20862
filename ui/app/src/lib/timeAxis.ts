// Time-axis tick labels in local time: "14:30" within a day, the date at midnight ("Dec 01"), and
// the date alone for ranges of weeks. d3's default switches between month names and weekdays.
import { timeFormat } from 'd3';

const hourMinute = timeFormat('%H:%M');
const monthDay = timeFormat('%b %d');
const full = timeFormat('%Y-%m-%d %H:%M');

export function timeTickFormat(spanMs: number): (date: Date) => string {
  const weeks = spanMs > 14 * 86_400_000;
  return (date) => {
    const midnight = date.getHours() === 0 && date.getMinutes() === 0;
    if (weeks || midnight) return monthDay(date);
    return hourMinute(date);
  };
}

/** Hover label of a bucket: 2026-12-01 13:30 (local). */
export function bucketLabel(ms: number): string {
  return full(new Date(ms));
}
