/**
 * The names the product gives things. A managed system's name and the assistant's name become
 * parts of CLI commands, systemd unit names, queue names and branch names, so they are kept to
 * what all of those allow.
 */

/** Lowercase letters, digits and dashes, starting with a letter or digit, at most 63 characters. */
export const NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** The host name that means this machine; no managed system may take it. */
export const LOCAL_HOST = 'local';
