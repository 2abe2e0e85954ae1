// The month calendar of sittings (a table: one row per week, Monday first).
import { ScrollRegion } from '../platform/http/layout.tsx';
import { addDays, formatTime, parisTimeOf, weekday } from './calendar.ts';
import type { SittingListEntry } from './service.ts';

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const DAYS = [
  ['lun.', 'lundi'],
  ['mar.', 'mardi'],
  ['mer.', 'mercredi'],
  ['jeu.', 'jeudi'],
  ['ven.', 'vendredi'],
  ['sam.', 'samedi'],
  ['dim.', 'dimanche'],
];

function monthDays(month: string): string[] {
  const first = `${month}-01`;
  const start = addDays(first, -((weekday(first) + 6) % 7));
  const days: string[] = [];
  for (let d = start; d.slice(0, 7) <= month || days.length % 7 !== 0; d = addDays(d, 1)) days.push(d);
  return days;
}

function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function Calendar(props: { sittings: SittingListEntry[]; month: string; base: string }) {
  const days = monthDays(props.month);
  const [y, m] = props.month.split('-').map(Number) as [number, number];
  const weeks = Array.from({ length: days.length / 7 }, (_, i) => days.slice(i * 7, i * 7 + 7));
  return (
    <div class="calendar">
      <nav class="pager" aria-label="Mois">
        <a href={`${props.base}/seances?mois=${shiftMonth(props.month, -1)}`}>← mois précédent</a>
        <a href={`${props.base}/seances?mois=${shiftMonth(props.month, 1)}`}>mois suivant →</a>
      </nav>
      <ScrollRegion label="Calendrier des séances">
        <table class="month">
          <caption>{`Calendrier de ${MONTHS[m - 1]} ${y}`}</caption>
          <thead>
            <tr>
              {DAYS.map(([abbr, full]) => (
                <th scope="col">
                  <abbr title={full}>{abbr}</abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map((week) => (
              <tr>
                {week.map((day) => {
                  const here = props.sittings.filter((s) => s.date === day);
                  return (
                    <td class={day.slice(0, 7) === props.month ? (here.length ? 'has-sitting' : undefined) : 'other-month'}>
                      <span class="day">{Number(day.slice(8))}</span>
                      {here.map((s) => (
                        <a href={`${props.base}/seances/${s.id}`} class="sitting-link">{`${formatTime(parisTimeOf(s.startsAt))} ${s.bodyName}`}</a>
                      ))}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </div>
  );
}

