import { Controller, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { RenameServerCommand, WriteOutcome } from '@registry/application';
import {
  SERVER_NAME_MAX_LENGTH,
  SERVER_NAME_MIN_LENGTH,
  SERVER_NAME_PATTERN,
  SERVER_NAME_PATTERN_SOURCE,
} from '@registry/domain/naming';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendWrite } from './authority';
import { EXTENSION_PREFIXES, ExtensionNamespaceGuard } from './extension-path';
import { asProblem } from './registry-problem';
import { FieldError } from './status-request';
import { WriteRequest } from './write-request';

/**
 * The body's shape, checked as the official request schema checks `name` on publish (length and
 * pattern, 422 "validation failed"); the publish validator's finer rules are the command's.
 */
export function parseRenameRequest(body: unknown): { newName: string } | FieldError[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return [{ message: 'expected object', location: 'body', value: body }];
  }
  const fields = body as Record<string, unknown>;
  const errors: FieldError[] = [];
  const newName = fields.newName;
  const at = 'body.newName';
  if (newName === undefined) {
    errors.push({
      message: 'expected required property newName to be present',
      location: 'body',
      value: body,
    });
  } else if (typeof newName !== 'string') {
    errors.push({ message: 'expected string', location: at, value: newName });
  } else if (newName.length < SERVER_NAME_MIN_LENGTH) {
    errors.push({ message: `expected length >= ${SERVER_NAME_MIN_LENGTH}`, location: at, value: newName });
  } else if (newName.length > SERVER_NAME_MAX_LENGTH) {
    errors.push({ message: `expected length <= ${SERVER_NAME_MAX_LENGTH}`, location: at, value: newName });
  } else if (!SERVER_NAME_PATTERN.test(newName)) {
    errors.push({
      message: `expected string to match pattern ${SERVER_NAME_PATTERN_SOURCE}`,
      location: at,
      value: newName,
    });
  }
  for (const key of Object.keys(fields)) {
    if (key !== 'newName')
      errors.push({ message: 'unexpected property', location: `body.${key}`, value: body });
  }
  return errors.length > 0 ? errors : { newName: newName as string };
}

/**
 * Rename and transfer (`POST /v0.1/x/<ns>/servers/{name}/rename {newName}`): moves a server with
 * every version to a new name, keeping its serverId and versionIds; reads of the old name answer 308
 * to the new one until another server takes it. Publish rights on both names, or edit on the old.
 */
@Controller(EXTENSION_PREFIXES)
@UseGuards(ExtensionNamespaceGuard)
export class RenameController {
  constructor(
    private readonly commands: CommandBus,
    private readonly writes: WriteRequest,
  ) {}

  @Post('servers/:serverName/rename')
  async rename(
    @Param('serverName') name: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const parsed =
      request.body === undefined || request.body === null ? [] : parseRenameRequest(request.body);
    const authority = await this.writes.authenticate(request, Array.isArray(parsed) ? parsed : []);
    if (Array.isArray(parsed)) throw new Error('unreachable: body errors are reported by authenticate');
    const outcome = await asProblem(() =>
      this.commands.execute<RenameServerCommand, WriteOutcome>(
        new RenameServerCommand(name, parsed.newName, authority),
      ),
    );
    sendWrite(reply, outcome);
  }
}
