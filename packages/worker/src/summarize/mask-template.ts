/**
 * A log message with its variable parts masked, so that lines differing only in numbers, ids,
 * hex, paths, addresses and times fall into one template:
 * `Failed to apply ACL on /dev/dri/card0` and `... /dev/dri/card1` -> `Failed to apply ACL on <path>`.
 * The order matters: wider shapes (timestamps, UUIDs, addresses) are masked before the numbers
 * inside them.
 */
const MASKS: Array<[RegExp, string]> = [
  // Before times: "52:54:00:12:34:56" holds "00:12:34".
  [/\b(?:[0-9a-f]{2}[:-]){5}[0-9a-f]{2}\b/gi, '<mac>'],
  [/\b\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?/g, '<time>'],
  [/\b\d\d:\d\d:\d\d(?:[.,]\d+)?\b/g, '<time>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g, '<ip>'],
  // IPv6: hex groups and at least two colons ("fe80::1", "2001:db8:0:1::5"), with a digit somewhere.
  [/(?<![\w:])(?=[0-9a-f:]*\d)[0-9a-f]{1,4}(?::[0-9a-f]{0,4}){2,7}(?:%\w+)?(?![\w:])/gi, '<ip>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  // Bare hex of 6 or more with at least one digit and one letter: ids, hashes, addresses.
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{6,}\b/gi, '<hex>'],
  // A path ends before a closing ":" or "." ("on /dev/dri/card0: No such file").
  [/(?<=^|[\s=:'"(\[<,])(?:~|\.{1,2})?\/(?:[^\s'"()\[\]<>,;]*[^\s'"()\[\]<>,;:.])?/g, '<path>'],
  [/\d+(?:\.\d+)*/g, '<n>'],
];

export function maskTemplate(message: string): string {
  let masked = message;
  for (const [pattern, replacement] of MASKS) masked = masked.replace(pattern, replacement);
  return masked;
}
