import { Document } from 'mongodb';
import { ServerSearchQuery } from '@registry/application/ports';
import { indexedText, searchFieldsOf } from '@registry/application/search';

/** A version's searchable text, stored on its document, split into words as the SQLite index splits it. */
export interface VersionSearchFields {
  name: string;
  title: string;
  identifiers: string;
  hosts: string;
  description: string;
}

/** The one text index of the versions collection, weighted as the SQLite index's bm25 columns. */
export const SEARCH_INDEX = {
  name: 'full_text',
  key: {
    'search.name': 'text',
    'search.title': 'text',
    'search.identifiers': 'text',
    'search.hosts': 'text',
    'search.description': 'text',
  },
  weights: {
    'search.name': 10,
    'search.title': 5,
    'search.identifiers': 3,
    'search.hosts': 2,
    'search.description': 1,
  },
  // No stemming and no stop words, as SQLite's unicode61; documents have no language field of their own.
  default_language: 'none',
  language_override: 'searchLanguage',
} as const;

/** The search fields of a version document, from its name and server.json text. */
export function versionSearchFields(name: string, serverJson: string): VersionSearchFields {
  const fields = searchFieldsOf(name, JSON.parse(serverJson) as Record<string, unknown>);
  return {
    name: indexedText(fields.name),
    title: indexedText(fields.title),
    identifiers: indexedText(fields.identifiers),
    hosts: indexedText(fields.hosts),
    description: indexedText(fields.description),
  };
}

/**
 * The aggregation answering a search: `$text` over the text index (every word as a phrase, which
 * MongoDB requires all of; there is no prefix matching), the filters, the keyset after the cursor,
 * best textScore first, ties by name then version. Run it with the simple collation.
 */
export function searchPipeline(query: ServerSearchQuery): Document[] {
  const match: Document = {
    // Words are letters, digits and marks only: quoting them leaves nothing for $text to parse.
    $text: { $search: query.words.map((word) => `"${word}"`).join(' ') },
  };
  if (query.versions === 'latest') match.isLatest = true;
  if (query.status !== undefined) match.status = query.status;
  else if (!query.includeDeleted) match.status = { $ne: 'deleted' };
  const after = query.after;
  return [
    { $match: match },
    { $addFields: { _score: { $meta: 'textScore' } } },
    ...(after !== undefined
      ? [
          {
            $match: {
              $or: [
                { _score: { $lt: after.score } },
                { _score: after.score, name: { $gt: after.name } },
                { _score: after.score, name: after.name, version: { $gt: after.version } },
              ],
            },
          },
        ]
      : []),
    { $sort: { _score: -1, name: 1, version: 1 } },
    { $limit: query.limit },
    { $project: { _id: 0, name: 1, version: 1, response: 1, _score: 1 } },
  ];
}
