import { CliContext } from '../cli-context';
import { CliError } from '../cli-error';

/** The audience the registry expects on GitHub Actions OIDC tokens (MCP_REGISTRY_GITHUB_OIDC_AUDIENCE). */
export const GITHUB_OIDC_AUDIENCE = 'mcp-registry';

/**
 * `login github-oidc`: asks the GitHub Actions runtime for an OIDC token for the registry, as the
 * official publisher does; the job needs `permissions: id-token: write`.
 */
export async function githubActionsIdToken(ctx: CliContext): Promise<string> {
  const requestToken = ctx.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  const requestUrl = ctx.env.ACTIONS_ID_TOKEN_REQUEST_URL;
  if (!requestToken || !requestUrl) {
    throw new CliError(
      'ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set; ' +
        'run in GitHub Actions with "permissions: id-token: write"',
    );
  }
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    throw new CliError('ACTIONS_ID_TOKEN_REQUEST_URL is not a URL');
  }
  url.searchParams.set('audience', GITHUB_OIDC_AUDIENCE);
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      headers: { authorization: `Bearer ${requestToken}`, accept: 'application/json' },
      signal: AbortSignal.timeout(30_000),
    });
    text = await response.text();
  } catch (err) {
    throw new CliError(`GitHub OIDC token request failed: ${(err as Error).message}`);
  }
  if (response.status !== 200) {
    throw new CliError(`GitHub OIDC token request failed with status ${response.status}`);
  }
  let value: unknown;
  try {
    value = (JSON.parse(text) as { value?: unknown }).value;
  } catch {
    value = undefined;
  }
  if (typeof value !== 'string' || value === '') {
    throw new CliError('GitHub OIDC token response has no token value');
  }
  return value;
}
