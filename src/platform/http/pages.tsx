import { SiteFooter } from './layout.tsx';

const TITLES: Record<number, string> = {
  400: 'Requête invalide',
  401: 'Connexion requise',
  403: 'Accès refusé',
  404: 'Page introuvable',
  409: 'Conflit',
  413: 'Contenu trop volumineux',
  429: 'Trop de tentatives',
  500: 'Erreur interne',
};

/** A standalone error page (no session data, so it can never leak anything). */
export function ErrorPage(props: { status: number; message: string }) {
  const title = TITLES[props.status] ?? 'Erreur';
  return (
    <html lang="fr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · Mutualis`}</title>
        <link rel="stylesheet" href="/static/app.css" />
      </head>
      <body>
        <a class="skip-link" href="#contenu">
          Aller au contenu
        </a>
        <header class="site-header">
          <div class="brand">
            <a href="/">Mutualis</a>
          </div>
        </header>
        <main id="contenu" tabIndex={-1}>
          <h1>{title}</h1>
          <p role="alert" class="error-message">
            {props.message}
          </p>
          <p>
            <a href="/">Revenir à l'accueil</a>
          </p>
        </main>
        <SiteFooter />
      </body>
    </html>
  );
}
