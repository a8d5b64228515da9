import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WRITE_MESSAGES } from './publish-messages';

describe('WRITE_MESSAGES.publishForbidden', () => {
  it('keeps the official text (buildPermissionErrorMessage) outside io.github.*', () => {
    assert.equal(
      WRITE_MESSAGES.publishForbidden('com.example/server', ['com.example.other/*', 'io.github.me/*']),
      'You do not have permission to publish this server. You have permission to publish: com.example.other/*, io.github.me/*. Attempting to publish: com.example/server',
    );
    assert.equal(
      WRITE_MESSAGES.publishForbidden('com.example/server', []),
      'You do not have permission to publish this server. You do not have any publish permissions. Attempting to publish: com.example/server',
    );
  });

  it('appends, for io.github.*, the rules our GitHub logins apply instead of the official hint', () => {
    const official =
      'You do not have permission to publish this server. You have permission to publish: io.github.me/*. Attempting to publish: io.github.acme/server';
    const message = WRITE_MESSAGES.publishForbidden('io.github.acme/server', ['io.github.me/*']);
    assert.ok(message.startsWith(`${official}. `), message);
    const hint = message.slice(official.length);
    for (const fact of [
      'Owner',
      'admin role',
      '/user/memberships/orgs',
      'read:org',
      'Members: read',
      "'mcp-registry login github'",
      "'mcp-registry login github-oidc'",
      'repository owner',
    ]) {
      assert.ok(hint.includes(fact), `hint names ${fact}: ${hint}`);
    }
    assert.ok(!/public/i.test(hint.replace('public or private', '')), 'no advice to make membership public');
  });
});
