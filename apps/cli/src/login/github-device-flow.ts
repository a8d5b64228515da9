import { CliContext } from '../cli-context';
import { CliError } from '../cli-error';
import { RegistryClient } from '../registry-http/registry-client';

/**
 * Interactive `login github-at` without a token: GitHub's device flow (RFC 8628) with the OAuth app the
 * registry names in `/v0/health` (`github_client_id`), as the official publisher does. MCP_GITHUB_URL
 * points it at GitHub Enterprise Server.
 */
export const DEFAULT_GITHUB_URL = 'https://github.com';
const MAX_INTERVAL_SECONDS = 60;
const MAX_EXPIRES_SECONDS = 3600;

export interface DeviceFlowDependencies {
  sleep(ms: number): Promise<void>;
}

export async function githubDeviceFlow(
  ctx: CliContext,
  registry: RegistryClient,
  deps: DeviceFlowDependencies,
): Promise<string> {
  const github = (ctx.env.MCP_GITHUB_URL?.trim() || DEFAULT_GITHUB_URL).replace(/\/+$/, '');
  const health = (await registry.send({
    method: 'GET',
    path: '/v0/health',
    action: 'reading the registry health',
  })) as Record<string, unknown> | undefined;
  const clientId = health?.github_client_id;
  if (typeof clientId !== 'string' || clientId === '') {
    throw new CliError(
      `the registry at ${registry.baseUrl} names no GitHub OAuth app; pass --token <github token> or set MCP_GITHUB_TOKEN`,
    );
  }
  const code = await postGitHub(`${github}/login/device/code`, {
    client_id: clientId,
    scope: 'read:org read:user',
  });
  const deviceCode = code.device_code;
  if (typeof deviceCode !== 'string' || deviceCode === '') {
    throw new CliError(`GitHub device login failed: no device code in the answer of ${github}`);
  }
  let interval = clamp(code.interval, 5, MAX_INTERVAL_SECONDS);
  const deadline = ctx.clock() + clamp(code.expires_in, 900, MAX_EXPIRES_SECONDS) * 1000;
  // The operator must see the code to go on: with --json, stdout is kept for the result.
  (ctx.json ? ctx.stderr : ctx.stdout).write(
    `\nTo authenticate, please:\n1. Go to: ${String(code.verification_uri)}\n2. Enter code: ${String(code.user_code)}\n` +
      '3. Authorize this application\nWaiting for authorization...\n',
  );
  while (ctx.clock() < deadline) {
    const answer = await postGitHub(`${github}/login/oauth/access_token`, {
      client_id: clientId,
      device_code: deviceCode,
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
    });
    if (typeof answer.access_token === 'string' && answer.access_token !== '') return answer.access_token;
    if (answer.error === 'slow_down') interval = Math.min(interval + 5, MAX_INTERVAL_SECONDS);
    if (answer.error !== 'authorization_pending' && answer.error !== 'slow_down') {
      const description = typeof answer.error_description === 'string' ? `: ${answer.error_description}` : '';
      throw new CliError(
        `GitHub device login failed: ${String(answer.error ?? 'no access token')}${description}`,
      );
    }
    await deps.sleep(interval * 1000);
  }
  throw new CliError('GitHub device login timed out before the code was authorised');
}

function clamp(value: unknown, fallback: number, max: number): number {
  return typeof value === 'number' && value > 0 ? Math.min(value, max) : fallback;
}

async function postGitHub(url: string, body: Record<string, string>): Promise<Record<string, unknown>> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    text = await response.text();
  } catch (err) {
    throw new CliError(`GitHub device login failed: cannot reach ${url} (${(err as Error).message})`);
  }
  if (response.status !== 200) {
    throw new CliError(
      `GitHub device login failed: ${url} answered ${response.status}: ${text.replace(/\s+/g, ' ').slice(0, 200)}`,
    );
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) return parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new CliError(`GitHub device login failed: ${url} did not answer JSON`);
}
