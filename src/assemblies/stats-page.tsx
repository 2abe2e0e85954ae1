// The yearly attendance of a body's members.
import { Breadcrumb, ScrollRegion } from '../platform/http/layout.tsx';
import type { AttendanceStats } from './stats.ts';
import { count } from './components.tsx';

export function StatsPage(props: { stats: AttendanceStats; base: string }) {
  const { stats } = props;
  const rate = (m: AttendanceStats['members'][number]) => (m.sittings === 0 ? '—' : `${Math.round((m.present * 100) / m.sittings)} %`);
  return (
    <section>
      <Breadcrumb trail={[{ href: `${props.base}/instances`, label: 'Assemblées' }, { href: `${props.base}/instances/${stats.body.id}?date=${stats.year}-12-31`, label: stats.body.name }]} />
      <h1>{`Assiduité ${stats.year}`}</h1>
      <nav class="pager" aria-label="Autres années">
        <a href={`${props.base}/instances/${stats.body.id}/assiduite?annee=${stats.year - 1}`}>{`← ${stats.year - 1}`}</a>
        <a href={`${props.base}/instances/${stats.body.id}/assiduite?annee=${stats.year + 1}`}>{`${stats.year + 1} →`}</a>
      </nav>
      <p>{`${stats.body.name} : ${count(stats.sittings, 'séance tenue', 'séances tenues')} en ${stats.year}. Un membre est compté présent s'il a siégé pour au moins un point, représenté s'il a donné pouvoir sans siéger.`}</p>
      {stats.members.length === 0 ? (
        <p>Aucun membre en exercice cette année-là.</p>
      ) : (
        <ScrollRegion label="Assiduité par membre">
          <table>
            <caption>{`Assiduité des ${stats.members.length} membres en exercice en ${stats.year}`}</caption>
            <thead>
              <tr>
                <th scope="col">Membre</th>
                <th scope="col" class="num">Séances</th>
                <th scope="col" class="num">Présent</th>
                <th scope="col" class="num">Représenté</th>
                <th scope="col" class="num">Excusé</th>
                <th scope="col" class="num">Absent</th>
                <th scope="col" class="num">Taux de présence</th>
              </tr>
            </thead>
            <tbody>
              {stats.members.map((m) => (
                <tr>
                  <td>{m.name}</td>
                  <td class="num">{m.sittings}</td>
                  <td class="num">{m.present}</td>
                  <td class="num">{m.represented}</td>
                  <td class="num">{m.excused}</td>
                  <td class="num">{m.absent}</td>
                  <td class="num">{rate(m)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}
