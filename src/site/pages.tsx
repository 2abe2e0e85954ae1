import type { App } from '../platform/http/server.tsx';
import { sendPublicPage } from '../access/guard.tsx';

/** Public pages outside any territory: the accessibility statement French public sites must publish (RGAA 4.1). */
export function sitePages(app: App): void {
  app.get('/accessibilite', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) =>
    sendPublicPage(request, reply, "Déclaration d'accessibilité", <AccessibilityStatement />),
  );
}

function AccessibilityStatement() {
  return (
    <section class="prose">
      <h1>Déclaration d'accessibilité</h1>
      <p>
        L'établissement qui exploite cette instance de Mutualis s'engage à rendre ses services numériques accessibles, conformément à l'article 47 de la loi
        n° 2005-102 du 11 février 2005.
      </p>
      <p>Cette déclaration d'accessibilité s'applique à l'application Mutualis.</p>
      <h2>État de conformité</h2>
      <p>
        Mutualis est <strong>partiellement conforme</strong> avec le référentiel général d'amélioration de l'accessibilité (RGAA), version 4.1, en raison des
        non-conformités et des dérogations énumérées ci-dessous.
      </p>
      <h2>Résultats des tests</h2>
      <p>
        Chaque page de l'application est contrôlée automatiquement à chaque modification du code par l'outil axe-core dans un navigateur Chromium réel : aucune
        erreur n'est tolérée. Un audit manuel complet selon la méthode RGAA n'a pas encore été réalisé ; le taux de conformité n'est donc pas encore mesuré.
      </p>
      <h2>Contenus non accessibles</h2>
      <ul>
        <li>Les documents PDF produits (rapports, extraits) ne sont pas encore balisés pour les technologies d'assistance ; une version éditable (DOCX) est proposée.</li>
        <li>La documentation interactive de l'API (/api/docs) provient d'un composant tiers et n'a pas été auditée.</li>
      </ul>
      <h2>Établissement de cette déclaration</h2>
      <p>Cette déclaration a été établie à partir des tests automatisés décrits ci-dessus. Technologies utilisées : HTML, CSS, htmx (facultatif : chaque page fonctionne sans JavaScript).</p>
      <h2>Retour d'information et contact</h2>
      <p>
        Si vous n'arrivez pas à accéder à un contenu ou à un service, contactez le responsable de cette instance (mission mutualisation de votre
        intercommunalité) pour être orienté vers une alternative accessible ou obtenir le contenu sous une autre forme.
      </p>
      <h2>Voies de recours</h2>
      <p>
        Si vous avez signalé un défaut d'accessibilité qui vous empêche d'accéder à un contenu ou à un service et que vous n'avez pas obtenu de réponse
        satisfaisante, vous pouvez écrire un message au Défenseur des droits, contacter le délégué du Défenseur des droits dans votre région, ou envoyer un
        courrier par la poste (gratuit, ne pas mettre de timbre) : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.
      </p>
    </section>
  );
}
