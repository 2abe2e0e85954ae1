import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { CsrfContext } from './forms.tsx';

export interface NavItem {
  readonly href: string;
  readonly label: string;
}

export interface LayoutProps {
  readonly title: string;
  /** The signed-in person's name, when signed in. */
  readonly personName?: string | null;
  readonly territory?: { name: string; siren: string } | null;
  readonly nav?: readonly NavItem[];
  /** The path of the page, to mark the current navigation link. */
  readonly path?: string;
  readonly csrfToken?: string | null;
  readonly children: ComponentChildren;
}

/** The page shell every module slots its pages into: skip link, header, navigation, main, footer. */
export function Layout(props: LayoutProps) {
  const current = (href: string) => props.path === href || (href.split('/').length > 3 && props.path?.startsWith(href + '/'));
  return (
    <html lang="fr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta
          name="htmx-config"
          content='{"includeIndicatorStyles":false,"allowEval":false,"responseHandling":[{"code":"204","swap":false},{"code":"[23]..","swap":true},{"code":"422","swap":true,"error":false},{"code":"[45]..","swap":false,"error":true}]}'
        />
        <title>{`${props.title} · Mutualis`}</title>
        <link rel="stylesheet" href="/static/app.css" />
        <script src="/static/htmx.min.js" defer></script>
      </head>
      <body>
        <a class="skip-link" href="#contenu">
          Aller au contenu
        </a>
        <header class="site-header">
          <div class="brand">
            <a href="/">Mutualis</a>
            {props.territory ? <span class="territory-name">{props.territory.name}</span> : null}
          </div>
          {props.personName ? (
            <form method="post" action="/deconnexion" class="logout">
              <span class="person">{props.personName}</span>
              <input type="hidden" name="_csrf" value={props.csrfToken ?? ''} />
              <button type="submit">Se déconnecter</button>
            </form>
          ) : (
            <a href="/connexion" class="login-link">
              Se connecter
            </a>
          )}
        </header>
        {props.nav && props.nav.length > 0 ? (
          <nav class="site-nav" aria-label="Navigation principale">
            <ul>
              {props.nav.map((item) => (
                <li>
                  <a href={item.href} aria-current={current(item.href) ? 'page' : undefined}>
                    {item.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <main id="contenu" tabIndex={-1}>
          <CsrfContext.Provider value={props.csrfToken ?? null}>{props.children}</CsrfContext.Provider>
        </main>
        <SiteFooter />
      </body>
    </html>
  );
}

/** The footer of every page, error pages included: the accessibility statement must be reachable from anywhere (RGAA). */
export function SiteFooter() {
  return (
    <footer class="site-footer">
      <ul>
        <li>
          <a href="/accessibilite">Accessibilité : partiellement conforme</a>
        </li>
        <li>
          <a href="/api/docs">API</a>
        </li>
        <li>Mutualis, logiciel libre</li>
      </ul>
    </footer>
  );
}

/**
 * A wide table that may scroll sideways on a phone: the scrolling box must be reachable with the keyboard
 * (WCAG 2.1.1; axe "scrollable-region-focusable"), so it is a named region that takes the focus.
 */
export function ScrollRegion(props: { label: string; id?: string; children: ComponentChildren }) {
  return (
    <div id={props.id} class="table-wrap" role="region" aria-label={props.label} tabIndex={0}>
      {props.children}
    </div>
  );
}

/** Where the page sits (RGAA 12.9: a breadcrumb in a named nav); the current page is the h1, not a link. */
export function Breadcrumb(props: { trail: readonly { href: string; label: string }[] }) {
  return (
    <nav class="breadcrumb" aria-label="Fil d'Ariane">
      <ol>
        {props.trail.map((step) => (
          <li>
            <a href={step.href}>{step.label}</a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** A full HTML document. */
export function renderPage(node: preact.VNode): string {
  return '<!doctype html>' + renderToString(node);
}

/** A fragment, for htmx swaps. */
export function renderFragment(node: preact.VNode): string {
  return renderToString(node);
}
