import { Injectable } from '@nestjs/common';
import { RegistryTokenResponse, RegistryTokenService } from '../token/registry-token.service';

export const ANONYMOUS_NAMESPACE = 'io.modelcontextprotocol.anonymous/*';

/** POST auth/none: development and test deployments only; publish and edit in the anonymous namespace. */
@Injectable()
export class AnonymousLogin {
  constructor(private readonly tokens: RegistryTokenService) {}

  exchange(): Promise<RegistryTokenResponse> {
    return this.tokens.sign({
      authMethod: 'none',
      authMethodSubject: 'anonymous',
      permissions: [
        { action: 'publish', resource: ANONYMOUS_NAMESPACE },
        { action: 'edit', resource: ANONYMOUS_NAMESPACE },
      ],
    });
  }
}
