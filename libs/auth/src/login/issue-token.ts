import { LoginError } from '../login-error';
import {
  RegistryTokenGrant,
  RegistryTokenResponse,
  RegistryTokenService,
} from '../token/registry-token.service';

/** Signing can refuse too (a blocked namespace); the login reports it in the official words. */
export async function issueToken(
  tokens: RegistryTokenService,
  grant: RegistryTokenGrant,
): Promise<RegistryTokenResponse> {
  try {
    return await tokens.sign(grant);
  } catch (error) {
    throw new LoginError(`failed to generate JWT token: ${(error as Error).message}`);
  }
}
