import { Inject, Injectable } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { permissionsAllow } from '@registry/auth/permissions/registry-permission';
import {
  ENTRY_MESSAGES,
  RENAME_MESSAGES,
  RegistryError,
  decideNamespaceStanding,
  decideRename,
} from '@registry/domain/entry';
import { EntryRepository } from '../entries/entry-repository';
import { EntryWriter } from '../entries/entry-writer';
import { NamespaceGate } from '../namespaces/namespace-gate';
import { ReadYourWrites } from '../projection/read-your-writes';
import { CLOCK, Clock, ID_GENERATOR, IdGenerator } from '../system/system.ports';
import { PublishPolicy } from './publish-policy';
import { Authority, WriteOutcome } from './registry-command-context';

/** Move a server, with every version, to a new name (a rename, or a transfer to another namespace). */
export class RenameServerCommand {
  constructor(
    readonly name: string,
    readonly newName: string,
    readonly authority: Authority,
  ) {}
}

/**
 * Who may move a server: whoever may publish under both names, or whoever may edit the server (the
 * official edit permission, an administrator's). The new name is checked as a publish of it would
 * be (format, permission, a mirror's names, the namespace claims); that no entry holds it is the
 * store's to enforce in the same append that releases the old name.
 */
@Injectable()
@CommandHandler(RenameServerCommand)
export class RenameServerHandler implements ICommandHandler<RenameServerCommand, WriteOutcome> {
  constructor(
    private readonly writer: EntryWriter,
    private readonly entries: EntryRepository,
    private readonly policy: PublishPolicy,
    private readonly namespaces: NamespaceGate,
    private readonly readYourWrites: ReadYourWrites,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async execute(command: RenameServerCommand): Promise<WriteOutcome> {
    const { name, newName, authority } = command;
    const current = await this.entries.loadByName(name);
    if (current === undefined) throw new RegistryError('not-found', ENTRY_MESSAGES.serverNotFound);
    this.authorize(name, newName, authority);
    // As a publish orders its checks: permission, then the name's rules, then the namespace claims.
    const ctx = () => ({ now: this.clock.now(), newId: () => this.ids.newId(), actor: authority.actor });
    decideRename(current, newName, ctx());
    await this.policy.checkClaims(name, authority);
    await this.policy.checkClaims(newName, authority);
    const holder = await this.entries.idOfName(newName);
    if (holder !== undefined && holder !== current.entryId)
      throw new RegistryError('conflict', RENAME_MESSAGES.nameTaken(newName));
    // A transfer to another namespace shows that namespace's claim from the rename on.
    const standing = await this.namespaces.standing(newName);
    const { state, result } = await this.writer.write(
      name,
      (entry) => {
        const decided = ctx();
        return [
          ...decideRename(entry!, newName, decided),
          ...decideNamespaceStanding(entry, standing, decided),
        ];
      },
      false,
    );
    const versions = [...state.versions.values()]
      .sort((a, b) => (a.publishedAt < b.publishedAt ? 1 : a.publishedAt > b.publishedAt ? -1 : 0))
      .map((v) => v.version);
    const list = await this.readYourWrites.versions(state, versions, result.lastPosition);
    return {
      ...list,
      body:
        `{"serverId":${JSON.stringify(state.entryId)},"previousName":${JSON.stringify(name)},` +
        `"name":${JSON.stringify(state.name)},"servers":${list.body}}`,
    };
  }

  private authorize(name: string, newName: string, authority: Authority): void {
    this.policy.refuseMirrored(name, authority);
    this.policy.refuseMirrored(newName, authority);
    if (authority.kind === 'system' || permissionsAllow(authority.permissions, 'edit', name)) return;
    if (!permissionsAllow(authority.permissions, 'publish', name))
      throw new RegistryError('forbidden', RENAME_MESSAGES.forbidden);
    // The new name's publish refusal names the patterns the token has, as a publish's does.
    this.policy.authorizePublish(newName, authority);
  }
}
