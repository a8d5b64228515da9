import { Command } from '../command';
import { deleteToken, tokenFilePath } from '../credentials/token-store';

export const logoutCommand: Command = {
  name: 'logout',
  group: 'publisher',
  summary: 'Forget the stored registry token',
  usage: 'logout',
  args: { positionals: [], flags: {} },
  async run(_args, ctx) {
    const removed = await deleteToken(ctx.homeDir);
    const tokenFile = tokenFilePath(ctx.homeDir);
    ctx.stdout.write(removed ? `✓ Successfully logged out (removed ${tokenFile})\n` : 'Not logged in\n');
    return { loggedOut: removed, tokenFile };
  },
};
