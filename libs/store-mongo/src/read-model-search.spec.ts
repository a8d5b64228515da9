import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { searchPipeline, versionSearchFields } from './read-model-search';

describe('MongoDB search: the text index fields and the aggregation', () => {
  it('stores each field as the words the SQLite index would see', () => {
    const server = {
      name: 'io.github.acme/weather',
      title: 'Weather',
      description: 'Forecasts, by city',
      packages: [{ registryType: 'npm', identifier: '@acme/weather-mcp' }],
      remotes: [{ type: 'sse', url: 'https://mcp.acme.example/sse' }],
    };
    assert.deepEqual(versionSearchFields(server.name, JSON.stringify(server)), {
      name: 'io github acme weather',
      title: 'Weather',
      identifiers: 'acme weather mcp',
      hosts: 'mcp acme example',
      description: 'Forecasts by city',
    });
  });

  it('requires every word (each a phrase), filters latest and undeleted versions by default', () => {
    assert.deepEqual(
      searchPipeline({ words: ['acme', 'weather'], limit: 30, includeDeleted: false, versions: 'latest' }),
      [
        {
          $match: {
            $text: { $search: '"acme" "weather"' },
            isLatest: true,
            status: { $ne: 'deleted' },
          },
        },
        { $addFields: { _score: { $meta: 'textScore' } } },
        { $sort: { _score: -1, name: 1, version: 1 } },
        { $limit: 30 },
        { $project: { _id: 0, name: 1, version: 1, response: 1, _score: 1 } },
      ],
    );
  });

  it('continues after a cursor position, with a status filter and every version', () => {
    const pipeline = searchPipeline({
      words: ['x'],
      limit: 2,
      includeDeleted: false,
      status: 'deleted',
      versions: 'all',
      after: { score: 1.5, name: 'a/b', version: '1.0.0' },
    });
    assert.deepEqual(pipeline[0], { $match: { $text: { $search: '"x"' }, status: 'deleted' } });
    assert.deepEqual(pipeline[2], {
      $match: {
        $or: [
          { _score: { $lt: 1.5 } },
          { _score: 1.5, name: { $gt: 'a/b' } },
          { _score: 1.5, name: 'a/b', version: { $gt: '1.0.0' } },
        ],
      },
    });
  });
});
