import { FlagSpec, PositionalSpec } from '../args/parse-args';

/** The arguments the namespace subcommands share, said the same way in every help. */
export const REGISTRY_FLAG: FlagSpec = {
  type: 'string',
  valueName: 'url',
  description: 'Registry base URL (default MCP_REGISTRY_URL, else the registry of your login)',
};

export const GITHUB_TOKEN_FLAG: FlagSpec = {
  type: 'string',
  valueName: '-|token',
  description: 'GitHub token for github claims; - reads it from stdin',
};

export const CLAIM_ID: PositionalSpec = {
  name: 'id',
  required: true,
  description: "The claim's id, as claim and status print it",
};
