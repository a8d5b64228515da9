export { readSeedSource, SeedSourceOptions, DEFAULT_SEED_PAGE_LIMIT } from './read-seed-source';
export { SeedSourceError, SeedSourceProblem } from './seed-source-error';
export { FetchSeedJson, fetchSeedJsonWith, DEFAULT_SEED_FETCH_TIMEOUT_MS } from './fetch-seed-json';
export { seedEntryOf, seedPageOf, SeedPage } from './seed-document';
export { sortByPublishedAt, publishedAtKey } from './sort-by-published-at';
