import { SERVER_NAME_MAX_LENGTH, parseServerName } from '../naming';
import { DecisionContext, entryStamp, pendingEvent } from './entry-decisions';
import { RegistryError, invalid } from './registry-errors';
import { PendingEvent } from './registry-events';
import { ServerEntryState } from './server-entry';

/** The texts of rename refusals (the official registry has no rename, so these are ours). */
export const RENAME_MESSAGES = {
  invalidName: 'Failed to rename server, invalid name',
  tooLong: `expected length <= ${SERVER_NAME_MAX_LENGTH}`,
  sameName: (name: string) => `the server is already named ${name}`,
  nameTaken: (name: string) =>
    `server name ${name} is already taken: a rename needs a name no server holds (a former name is free once no server holds it)`,
  forbidden: 'You do not have publish or edit permissions for this server',
};

/**
 * Decides a rename of the entry to `newName`: one event that moves the entry with every version.
 * The name is checked as a publish checks it (the validator's rules); that no other entry holds it
 * is the store's to enforce, atomically with the append (the name claims).
 */
export function decideRename(state: ServerEntryState, newName: string, ctx: DecisionContext): PendingEvent[] {
  const refused = nameRefusal(newName);
  if (refused !== undefined) {
    throw new RegistryError('invalid-shape', RENAME_MESSAGES.invalidName, [
      { message: refused, location: 'body.newName', value: newName },
    ]);
  }
  if (newName === state.name) throw invalid(RENAME_MESSAGES.sameName(newName));
  return [
    pendingEvent(ctx, 'server.renamed', {
      previousName: state.name,
      name: newName,
      // Every version's updatedAt moves to this stamp: after every stamp the entry holds, so
      // `updated_since` readers see the versions again, under their new name.
      renamedAt: entryStamp(state, ctx.now),
    }),
  ];
}

/** Why a publish would refuse `name` as a server name, or undefined. */
function nameRefusal(name: string): string | undefined {
  if (name.length > SERVER_NAME_MAX_LENGTH) return RENAME_MESSAGES.tooLong;
  const parsed = parseServerName(name);
  return parsed.ok ? undefined : parsed.error.message;
}
