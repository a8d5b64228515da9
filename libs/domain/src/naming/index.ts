export {
  SERVER_NAME_MAX_LENGTH,
  SERVER_NAME_MIN_LENGTH,
  SERVER_NAME_PATTERN,
  SERVER_NAME_PATTERN_SOURCE,
  matchesServerNamePattern,
  parseServerName,
} from './server-name';
export type { ServerName, ServerNameError, ServerNameErrorKind, ServerNameResult } from './server-name';
