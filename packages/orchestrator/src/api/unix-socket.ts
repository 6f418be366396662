/**
 * The API's unix socket: a stale one (a daemon that died) is replaced, a live one means another
 * daemon runs and this one refuses to start; once bound it is mode 0660 and, with `api.group`,
 * owned by that group, so the group's members (and root) are exactly who may use the API.
 */
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname } from 'node:path';
import { ApiSocketError } from '../errors/api-socket-error.js';

/** Answers whether something accepts connections on the socket. */
function socketAlive(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(path);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Makes the socket's path free to bind, or says why it is not. */
export async function prepareSocketPath(path: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
  if (!existsSync(path)) return;
  if (!statSync(path).isSocket()) {
    throw new ApiSocketError(`${path} exists and is not a socket`, 'Remove it, or set api.socket to another path.');
  }
  if (await socketAlive(path)) {
    throw new ApiSocketError(
      `another daemon is already listening on ${path}`,
      'Stop it first (`systemctl stop <aiName>-ai`), or give this one another api.socket and stateDir.',
    );
  }
  rmSync(path, { force: true });
}

/** The group's id from /etc/group. */
export function groupId(name: string, groupFile = '/etc/group'): number {
  let text = '';
  try {
    text = readFileSync(groupFile, 'utf8');
  } catch {
    // no group file: the group is unknown
  }
  for (const line of text.split('\n')) {
    const [group, , gid] = line.split(':');
    if (group === name && gid !== undefined && /^\d+$/.test(gid)) return Number(gid);
  }
  throw new ApiSocketError(
    `the group "${name}" (api.group) does not exist`,
    `Create it (\`groupadd ${name}\`) or remove api.group from the config.`,
  );
}

export function secureSocket(path: string, group: string | undefined): void {
  if (group !== undefined) {
    try {
      chownSync(path, process.getuid?.() ?? -1, groupId(group));
    } catch (error) {
      if (error instanceof ApiSocketError) throw error;
      throw new ApiSocketError(
        `cannot give ${path} to the group "${group}" (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
        'The daemon must be root or a member of that group.',
        { cause: error },
      );
    }
  }
  chmodSync(path, 0o660);
}
