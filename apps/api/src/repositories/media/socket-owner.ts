import { readFile, readdir, readlink } from 'node:fs/promises';
import { endianness } from 'node:os';

/**
 * Which of `pids`, if any, opened a loopback TCP connection, answered by the kernel rather than by
 * anything the client says. Linux only: the client end of the connection is a line of
 * /proc/net/tcp (local 127.0.0.1:clientPort, remote 127.0.0.1:serverPort) naming a socket
 * inode, and a process holds that socket if one of /proc/<pid>/fd/* links to `socket:[inode]`.
 * Another user's process cannot put a socket into our child's fd table, so a connection that
 * passes this check was opened by that child. Anything unreadable counts as "no": fail closed.
 */
export async function loopbackClientOwner(serverPort: number, clientPort: number, pids: readonly number[]): Promise<number | null> {
  if (pids.length === 0) return null;
  const inode = await clientSocketInode(serverPort, clientPort);
  if (inode === null) return null;
  const wanted = `socket:[${inode}]`;
  for (const pid of pids) {
    if (await holdsLink(pid, wanted)) return pid;
  }
  return null;
}

// /proc/net/tcp prints an IPv4 address as the host-order hex of its network-order u32.
const LOOPBACK_HEX = endianness() === 'LE' ? '0100007F' : '7F000001';

async function clientSocketInode(serverPort: number, clientPort: number): Promise<string | null> {
  let table: string;
  try {
    // The reading process's network namespace: the one our listening socket lives in.
    table = await readFile('/proc/net/tcp', 'latin1');
  } catch {
    return null;
  }
  const local = `${LOOPBACK_HEX}:${hexPort(clientPort)}`;
  const remote = `${LOOPBACK_HEX}:${hexPort(serverPort)}`;
  for (const line of table.split('\n')) {
    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode …
    const f = line.trim().split(/\s+/);
    if (f[1] === local && f[2] === remote) {
      const inode = f[9];
      // Inode 0: the client already closed its end; nobody to hand bytes to.
      return inode && /^[1-9]\d*$/.test(inode) ? inode : null;
    }
  }
  return null;
}

async function holdsLink(pid: number, target: string): Promise<boolean> {
  const dir = `/proc/${pid}/fd`;
  let fds: string[];
  try {
    fds = await readdir(dir);
  } catch {
    return false;
  }
  for (const fd of fds) {
    try {
      if ((await readlink(`${dir}/${fd}`)) === target) return true;
    } catch {
      // closed meanwhile
    }
  }
  return false;
}

function hexPort(port: number): string {
  return port.toString(16).toUpperCase().padStart(4, '0');
}
