/** The server.json schema every generated body declares (the current official one). */
export const SERVER_SCHEMA_URL =
  'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';

/** The namespace an anonymous registry token may publish under. */
export const BENCH_NAMESPACE = 'io.modelcontextprotocol.anonymous';

const WORDS = [
  'weather',
  'calendar',
  'postgres',
  'github',
  'notes',
  'search',
  'browser',
  'files',
  'slack',
  'metrics',
  'tickets',
  'maps',
];

/** The name of the `index`-th generated server: `io.modelcontextprotocol.anonymous/bench-00042`. */
export function benchServerName(index: number, prefix = 'bench'): string {
  return `${BENCH_NAMESPACE}/${prefix}-${String(index).padStart(5, '0')}`;
}

/**
 * A server.json shaped like the real registry's entries (an npm package with a transport and
 * environment variables, a repository; every third one also a remote), about 0.8 to 1 KB, so a page
 * of 30 ServerResponses (about 33 KB) weighs what a page of the official registry does.
 */
export function syntheticServer(name: string, version: string, index: number): Record<string, unknown> {
  const word = WORDS[index % WORDS.length]!;
  const slug = name.slice(name.indexOf('/') + 1);
  const extraVars = index % 2;
  const environmentVariables = [
    {
      name: `${word.toUpperCase()}_API_KEY`,
      description: `API key for the ${word} service`,
      isSecret: true,
      isRequired: true,
    },
    {
      name: 'LOG_LEVEL',
      description: 'Log level of the server',
      format: 'string',
      default: 'info',
      choices: ['debug', 'info', 'warn', 'error'],
    },
    ...Array.from({ length: extraVars }, (_, k) => ({
      name: `${word.toUpperCase()}_OPTION_${k + 1}`,
      description: `Optional setting ${k + 1} of the ${word} integration`,
      format: 'string',
    })),
  ];
  return {
    $schema: SERVER_SCHEMA_URL,
    name,
    description: `Benchmark ${word} server ${slug}: reads and writes ${word} data for MCP clients`,
    repository: { url: `https://github.com/bench-org/${slug}`, source: 'github' },
    version,
    packages: [
      {
        registryType: 'npm',
        registryBaseUrl: 'https://registry.npmjs.org',
        identifier: `@bench-org/${slug}`,
        version,
        transport: { type: 'stdio' },
        environmentVariables,
      },
    ],
    ...(index % 3 === 0
      ? { remotes: [{ type: 'streamable-http', url: `https://${slug}.bench-org.example.com/mcp` }] }
      : {}),
  };
}

/** The versions every dataset server gets, oldest first. */
export function datasetVersions(count: number): string[] {
  return Array.from({ length: count }, (_, k) => `1.${k}.0`);
}
