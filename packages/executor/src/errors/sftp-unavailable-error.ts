import { AiSysadminError } from '@ai-sysadmin/core';

/** The host offers no sftp subsystem (no `Subsystem sftp` in its sshd_config): files are read with commands instead. */
export class SftpUnavailableError extends AiSysadminError {
  static readonly CODE = 'SFTP_UNAVAILABLE';
  constructor(host: string, reason: string) {
    super(SftpUnavailableError.CODE, `${host} offers no sftp subsystem (${reason}).`, {
      host,
      hint: `Add \`Subsystem sftp internal-sftp\` (or the sftp-server path) to the sshd_config of ${host}: a check then reads its files in one session instead of several.`,
    });
  }
}
