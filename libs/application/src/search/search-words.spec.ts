import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { indexedText, searchWords } from './search-words';

describe('search words: text cut where the indexes cut it', () => {
  const cases: Array<[string, string[]]> = [
    ['weather', ['weather']],
    ['  io.github.acme/weather-mcp ', ['io', 'github', 'acme', 'weather', 'mcp']],
    ['"a" OR b* NEAR(c) -d name:e', ['a', 'OR', 'b', 'NEAR', 'c', 'd', 'name', 'e']],
    ['Weather weather WEATHER', ['Weather']],
    ['café 東京 v1.2', ['café', '東京', 'v1', '2']],
    ['cafe\u0301', ['cafe\u0301']],
    ['\u0301 ?! ()', []],
    ['', []],
  ];
  for (const [text, words] of cases) {
    it(`${JSON.stringify(text)} is ${JSON.stringify(words)}`, () => {
      assert.deepEqual(searchWords(text), words);
    });
  }

  it('indexes every word of a field, repeats kept, separated by spaces', () => {
    assert.equal(indexedText('@acme/weather-mcp weather'), 'acme weather mcp weather');
    assert.equal(indexedText('https://mcp.acme.example:8443'), 'https mcp acme example 8443');
    assert.equal(indexedText('--'), '');
  });
});
