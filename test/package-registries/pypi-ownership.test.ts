import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PackageOwnershipVerifier } from '@registry/package-registries';
import {
  FakePypiRegistry,
  startPackageRegistryFakes,
  PackageRegistryFakes,
} from '@test/support/fakes/package-registries';
import { testVerifier, verifyOne } from './verifier-harness';

const NAME = 'io.github.acme/widget';

describe('PyPI ownership (mcp-name token in the README) against a fake pypi.org', () => {
  let fakes: PackageRegistryFakes;
  let pypi: FakePypiRegistry;
  let verifier: PackageOwnershipVerifier;
  const check = (identifier: string, version: string, serverName = NAME): Promise<string | undefined> =>
    verifyOne(verifier, serverName, { registryType: 'pypi', identifier, version });
  const missingToken = (id: string): string =>
    `PyPI package '${id}' ownership validation failed. The server name '${NAME}' must appear as 'mcp-name: ${NAME}' in the package README`;
  const glued = (id: string, trailing: string): string =>
    `PyPI package '${id}' ownership validation failed: found 'mcp-name: ${NAME}' in the README, but it is immediately followed by "${trailing}" rather than a boundary. The token must be followed by a space, newline, an HTML tag, or a comment close ('-->') — put it on its own line and republish`;

  before(async () => {
    fakes = await startPackageRegistryFakes();
    pypi = fakes.pypi;
    pypi
      .addPypiPackage('widget-mcp', {
        version: '1.0.0',
        description: `# Widget\n\n<!-- mcp-name: ${NAME} -->\n`,
      })
      .addPypiPackage('widget-mcp', { version: '1.0.1', description: `# Widget\n<!--mcp-name: ${NAME}-->` })
      .addPypiPackage('glued-period', { version: '1.0.0', description: `Install it. mcp-name: ${NAME}.` })
      .addPypiPackage('longer-name', { version: '1.0.0', description: `mcp-name: ${NAME}-pro\n` })
      .addPypiPackage('no-token', { version: '1.0.0', description: 'just a package' })
      .addPypiPackage('no-description', { version: '1.0.0', description: null });
    verifier = testVerifier({ ...fakes.options, timeouts: { requestMs: 1_000, probeMs: 300 } });
  });
  after(() => fakes.close());

  it('passes when the description carries the token, also in a hidden comment', async () => {
    assert.equal(await check('widget-mcp', '1.0.0'), undefined);
    assert.equal(await check('widget-mcp', '1.0.1'), undefined);
    assert.ok(pypi.requests.some((r) => r.url === '/pypi/widget-mcp/1.0.0/json'));
  });

  it("follows PyPI's redirect from a non-normalised project name", async () => {
    assert.equal(await check('Widget_MCP', '1.0.0'), undefined);
    assert.ok(pypi.requests.some((r) => r.url === '/pypi/Widget_MCP/1.0.0/json'));
  });

  it('explains a token glued to a trailing character instead of saying it is missing', async () => {
    assert.equal(await check('glued-period', '1.0.0'), glued('glued-period', '.'));
    assert.equal(await check('longer-name', '1.0.0'), glued('longer-name', '-'));
  });

  it('reports a README without the token, or without any description', async () => {
    assert.equal(await check('no-token', '1.0.0'), missingToken('no-token'));
    assert.equal(await check('no-description', '1.0.0'), missingToken('no-description'));
  });

  it('tells a missing version from a missing package, and stays inconclusive on upstream trouble', async () => {
    assert.equal(
      await check('widget-mcp', '9.9.9'),
      "PyPI package 'widget-mcp' exists, but version '9.9.9' was not found (status: 404). A newly published release can take a moment to appear on PyPI. Wait and retry, or publish version '9.9.9' before registering it",
    );
    assert.equal(await check('nope', '1.0.0'), "PyPI package 'nope' not found (status: 404)");
    pypi.respondTo('/pypi/rate-limited-probe/json', { status: 429 });
    assert.equal(
      await check('rate-limited-probe', '1.0.0'),
      "PyPI could not confirm package 'rate-limited-probe' version '1.0.0' (version status: 404, package check inconclusive). Likely transient, retry later",
    );
    pypi.respondTo('/pypi/widget-mcp/2.0.0/json', { status: 503 });
    assert.equal(
      await check('widget-mcp', '2.0.0'),
      "PyPI upstream error fetching metadata for package 'widget-mcp' (status: 503). Likely transient, retry later",
    );
    pypi.respondTo('/pypi/widget-mcp/2.0.1/json', { status: 429 });
    assert.equal(
      await check('widget-mcp', '2.0.1'),
      "PyPI rate-limited the metadata request for package 'widget-mcp' (status: 429). Likely transient, retry later",
    );
  });

  it('reports unparseable metadata', async () => {
    pypi.respondTo('/pypi/broken/1.0.0/json', { status: 200, body: '<html>oops</html>' });
    assert.match((await check('broken', '1.0.0')) ?? '', /^failed to parse PyPI package metadata: /);
    pypi.respondTo('/pypi/odd/1.0.0/json', { status: 200, body: '{"info": {"description": 5}}' });
    assert.equal(
      await check('odd', '1.0.0'),
      'failed to parse PyPI package metadata: json: cannot unmarshal number into Go struct field PyPIPackageResponse.info.description of type string',
    );
  });

  it('gives up on a PyPI that does not answer', async () => {
    const slow = new FakePypiRegistry();
    const { baseUrl } = await slow.start();
    try {
      slow.hang();
      const against = testVerifier({ ...fakes.options, pypiBaseUrl: baseUrl, timeouts: { requestMs: 200 } });
      assert.equal(
        await verifyOne(against, NAME, { registryType: 'pypi', identifier: 'widget-mcp', version: '1.0.0' }),
        `failed to fetch package metadata from PyPI: Get "${baseUrl}/pypi/widget-mcp/1.0.0/json": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
      );
    } finally {
      await slow.close();
    }
  });
});
