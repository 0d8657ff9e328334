/** Indicators of compromise as konseki loads and matches them. */

export type IocType = 'ip' | 'cidr' | 'domain' | 'url' | 'md5' | 'sha1' | 'sha256' | 'sha512';

export interface Indicator {
  /** normalized value: IP in canonical form, CIDR as network/len, domain lowercase without trailing dot, URL as written (refanged), hash lowercase */
  value: string;
  type: IocType;
  /** the file it came from (as given) */
  source: string;
  /** 1-based line in a text list or CSV */
  line?: number;
  /** a human label: list comment, STIX name/description, MISP event info + attribute comment */
  label?: string;
  /** STIX indicator id or MISP attribute uuid */
  id?: string;
  /** the value exactly as written in the file (before refanging / normalization) */
  raw?: string;
}

export type IocFormat = 'plain' | 'stix' | 'misp-json' | 'misp-csv';

export interface IocStats {
  files: number;
  byType: Record<IocType, number>;
  /** entries that could not be used (unrecognized values, unsupported patterns or types) */
  rejected: number;
  /** duplicates of a value already loaded (the first one is kept) */
  duplicates: number;
}
