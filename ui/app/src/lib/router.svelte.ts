// Client-side routing over the History API. `router.url` is reactive: pages derive their route and
// query from it, so back/forward and copied links reproduce a view.
import { currentProject } from './api.ts';
import { matchRoute, withProject, type Route } from './routes.ts';

class Router {
  url = $state(new URL(location.href));
  route: Route = $derived(matchRoute(this.url.pathname, this.url.searchParams));
  /** Bumped by the refresh button: pages reload their data when it changes. */
  refreshTick = $state(0);

  constructor() {
    addEventListener('popstate', () => (this.url = new URL(location.href)));
    addEventListener('vigil:navigate', (event) => {
      event.preventDefault();
      this.navigate((event as CustomEvent<string>).detail, { keepProject: false });
    });
  }

  get query(): URLSearchParams {
    return this.url.searchParams;
  }

  /** Goes to an app path; the admin's project choice follows unless `keepProject` is false. */
  navigate(href: string, options: { replace?: boolean; keepProject?: boolean } = {}): void {
    const target = options.keepProject === false ? href : withProject(href, currentProject());
    if (options.replace) history.replaceState(null, '', target);
    else history.pushState(null, '', target);
    this.url = new URL(location.href);
    if (!options.replace) scrollTo(0, 0);
  }

  /** Rewrites the current query (filters, time range) as a new history entry. */
  updateQuery(change: (query: URLSearchParams) => void, options: { replace?: boolean } = {}): void {
    const query = new URLSearchParams(this.url.search);
    change(query);
    const search = query.toString();
    const href = `${this.url.pathname}${search ? `?${search}` : ''}`;
    if (href === `${this.url.pathname}${this.url.search}`) return;
    if (options.replace) history.replaceState(null, '', href);
    else history.pushState(null, '', href);
    this.url = new URL(location.href);
  }

  refresh(): void {
    this.refreshTick++;
  }

  /** Follows clicks on same-origin <a href> links without a page load (modifier clicks open tabs). */
  interceptLinks(event: MouseEvent): void {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = (event.target as Element | null)?.closest?.('a');
    if (!anchor || anchor.target || anchor.hasAttribute('download') || !anchor.href) return;
    const url = new URL(anchor.href);
    if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
    event.preventDefault();
    this.navigate(`${url.pathname}${url.search}${url.hash}`);
  }
}

export const router = new Router();
