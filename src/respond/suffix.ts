/**
 * Public suffixes (co.jp, ac.jp, github.io, …) are never domain indicators: a sinkhole for `co.jp`
 * blocks every Japanese company. The list is the Public Suffix List as the `tldts` package ships it
 * (ICANN and private sections); upgrading the package brings the current list.
 */
import { getPublicSuffix } from 'tldts';

/** True when `domain` (lower case, ASCII) is itself a public suffix, e.g. `co.jp` or `github.io`. */
export function isPublicSuffix(domain: string): boolean {
  const d = domain.toLowerCase().replace(/\.$/, '');
  if (!d.includes('.')) return true;
  const suffix = getPublicSuffix(d, { allowPrivateDomains: true, validateHostname: false });
  // for an unlisted TLD (.example, .internal) the list's default rule makes the last label the suffix
  return suffix === d;
}
