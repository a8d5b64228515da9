import { Controller, Get, Inject } from '@nestjs/common';
import { REGISTRY_SETTINGS, RegistrySettings } from '@registry/application';
import { FEED_CHANGE_TYPES, VERIFICATION_EVENT_TYPE } from '@registry/domain/subscription';
import { extensionPath } from './extension-path';

export const REGISTRY_CARD_OPTIONS = Symbol('RegistryCardOptions');

export interface RegistryCardOptions {
  /** MCP_REGISTRY_PUBLIC_URL: makes the card's URLs absolute; relative to the card otherwise. */
  publicUrl?: string;
  version: string;
  /** Extensions this instance offers beyond the always-present ones (`upstream` on a mirror). */
  extraExtensions?: string[];
}

/** The extensions every instance serves, by name, with their path under the extension prefix. */
const EXTENSIONS: Record<string, string> = {
  changes: 'changes',
  search: 'search',
  subscriptions: 'subscriptions',
  'ownership-checks': 'servers/{serverName}/ownership-checks',
  rename: 'servers/{serverName}/rename',
  namespaces: 'namespaces',
  'api-key-login': 'auth/api-key',
};

/**
 * `GET /.well-known/mcp-registry`: what this registry speaks (API versions), its extension namespace,
 * and where each extension it offers lives, so a client or a mirror discovers them instead of
 * guessing (a mirror uses the change feed when the card names one, and polls otherwise).
 */
@Controller('.well-known')
export class RegistryCardController {
  constructor(
    @Inject(REGISTRY_SETTINGS) private readonly settings: RegistrySettings,
    @Inject(REGISTRY_CARD_OPTIONS) private readonly options: RegistryCardOptions,
  ) {}

  @Get('mcp-registry')
  card(): Record<string, unknown> {
    const base = this.options.publicUrl ?? '';
    const ns = this.settings.metaNamespace;
    const extensions: Record<string, { url: string }> = {};
    const offered = { ...EXTENSIONS };
    for (const extra of this.options.extraExtensions ?? []) offered[extra] = extra;
    for (const [name, path] of Object.entries(offered)) {
      extensions[name] = { url: `${base}${extensionPath(ns, path)}` };
    }
    return {
      name: 'mcp-registry-es',
      version: this.options.version,
      apiVersions: ['v0', 'v0.1'],
      ...(this.options.publicUrl !== undefined ? { url: this.options.publicUrl } : {}),
      extensionNamespace: ns,
      extensions,
      webhooks: {
        specification: 'https://www.standardwebhooks.com',
        signature: 'v1 (HMAC-SHA256)',
        eventTypes: [...FEED_CHANGE_TYPES],
        verificationEventType: VERIFICATION_EVENT_TYPE,
      },
    };
  }
}
