// A list the server pages with a cursor (executions, judgements): the first page for the current
// parameters, then "load more", which applies only while those parameters are still current.
import { Latest } from './latest.svelte.ts';

export interface CursorPage {
  nextCursor: string | null;
}

export class PagedList<Page extends CursorPage, Params extends object> extends Latest<Page> {
  loadingMore = $state(false);
  #params: Params | null = null;
  readonly #fetch: (params: Params & { cursor?: string }) => Promise<Page>;
  readonly #append: (page: Page, more: Page) => Page;

  constructor(fetch: (params: Params & { cursor?: string }) => Promise<Page>, append: (page: Page, more: Page) => Page) {
    super();
    this.#fetch = fetch;
    this.#append = append;
  }

  get page(): Page | null {
    return this.data;
  }

  loadFirst(params: Params): Promise<void> {
    this.#params = params;
    return this.load(() => this.#fetch(params));
  }

  async loadMore(): Promise<void> {
    const cursor = this.data?.nextCursor;
    const params = this.#params;
    if (!cursor || !params) return;
    const mine = this.generation;
    this.loadingMore = true;
    try {
      const more = await this.#fetch({ ...params, cursor });
      if (mine === this.generation && this.data) this.data = this.#append(this.data, more);
    } catch (e) {
      if (mine === this.generation) this.error = e;
    } finally {
      this.loadingMore = false;
    }
  }

  retry(): void {
    if (this.#params) void this.loadFirst(this.#params);
  }
}
