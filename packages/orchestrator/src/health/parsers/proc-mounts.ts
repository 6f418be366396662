/**
 * `/proc/mounts`: `device mountpoint type options dump pass`, one mount a line, with space, tab,
 * newline and backslash written as octal escapes (`\040`). From it, the mounts whose usage a
 * check asks statvfs for: local ones only (as `df -l`; a dead NFS server must not hang the
 * check), no kernel pseudo filesystems, each mount point once (the last mount on it is the one
 * seen), and a block device mounted at several places (bind mounts) once, at its shortest path.
 */

export interface Mount {
  device: string;
  mount: string;
  type: string;
}

/** Kernel pseudo filesystems and read-only images that are full by design: never a disk that can fill. */
export const IGNORED_TYPES = new Set([
  'devtmpfs',
  'squashfs',
  'iso9660',
  'udf',
  'proc',
  'sysfs',
  'devpts',
  'cgroup',
  'cgroup2',
  'autofs',
  'mqueue',
  'debugfs',
  'tracefs',
  'securityfs',
  'pstore',
  'bpf',
  'configfs',
  'fusectl',
  'hugetlbfs',
  'binfmt_misc',
  'efivarfs',
  'nsfs',
  'ramfs',
  'rpc_pipefs',
  'selinuxfs',
]);

/** Filesystems served over the network, which `df -l` leaves out (gnulib's list, and the usual FUSE clients). */
const REMOTE_TYPES = new Set([
  'nfs',
  'nfs4',
  'cifs',
  'smb3',
  'smbfs',
  'ncpfs',
  'afs',
  'coda',
  'auristorfs',
  'ceph',
  'glusterfs',
  'gpfs',
  'lustre',
  'ocfs2',
  '9p',
  'davfs',
  'sshfs',
  'fuse.sshfs',
  'fuse.glusterfs',
  'fuse.rclone',
  'fuse.s3fs',
  'fuse.cephfs',
  'fuse.davfs2',
]);

export function parseProcMounts(text: string): Mount[] {
  const mounts: Mount[] = [];
  for (const line of text.split('\n')) {
    const [device, mount, type] = line.trim().split(/\s+/);
    if (!device || !mount || !type) continue;
    mounts.push({ device: unescape(device), mount: unescape(mount), type });
  }
  return mounts;
}

/** The mounts worth measuring (see above), in /proc/mounts order. */
export function localMounts(mounts: readonly Mount[]): Mount[] {
  const byMount = new Map<string, Mount>();
  for (const m of mounts) {
    if (IGNORED_TYPES.has(m.type) || REMOTE_TYPES.has(m.type)) continue;
    // host:/export and //server/share are network devices whatever their type says.
    if (m.device.includes(':') || m.device.startsWith('//')) continue;
    if (/^\/(proc|sys)(\/|$)/.test(m.mount)) continue;
    // The later mount hides the earlier one, and is listed where the first was (as df lists it).
    byMount.set(m.mount, m);
  }
  const byDevice = new Map<string, Mount>();
  const kept: Mount[] = [];
  for (const m of byMount.values()) {
    if (!m.device.startsWith('/')) {
      kept.push(m);
      continue;
    }
    const seen = byDevice.get(m.device);
    if (!seen) {
      byDevice.set(m.device, m);
      kept.push(m);
    } else if (m.mount.length < seen.mount.length) {
      kept[kept.indexOf(seen)] = m;
      byDevice.set(m.device, m);
    }
  }
  return kept;
}

function unescape(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}
