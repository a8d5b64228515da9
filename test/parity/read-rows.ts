import assert from 'node:assert/strict';
import { serverJson } from '@test/support/registry-under-test';
import { ParityRow, enc } from './parity-row';

export const READ_ROWS: ParityRow[] = [
  {
    id: 'search-wildcards-literal',
    async pin({ registry, token }) {
      // Officially `_` matches any one character and `%` any run, so both searches below would list
      // both servers (and `%` every server of the registry).
      for (const name of ['io.github.parity/wild_card', 'io.github.parity/wildXcard']) {
        const published = await registry.request('POST', '/v0/publish', {
          token,
          body: serverJson(name, '1.0.0'),
        });
        assert.equal(published.status, 200, published.text);
      }
      const namesFound = async (search: string): Promise<string[]> => {
        const res = await registry.request('GET', `/v0/servers?search=${enc(search)}`);
        assert.equal(res.status, 200, res.text);
        return (res.json as { servers: Array<{ server: { name: string } }> }).servers.map(
          (s) => s.server.name,
        );
      };
      assert.deepEqual(await namesFound('wild_card'), ['io.github.parity/wild_card']);
      assert.deepEqual(
        await namesFound('WILD_CARD'),
        ['io.github.parity/wild_card'],
        'still case-insensitive',
      );
      assert.deepEqual(await namesFound('wild%card'), []);
      assert.deepEqual(await namesFound('%'), []);
    },
  },
];
