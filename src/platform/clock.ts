/** Today's date in the Europe/Paris calendar (YYYY-MM-DD): the only place that reads the clock for dates. */
export function parisToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
