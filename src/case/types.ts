/**
 * The shape of `<case-dir>/case.json` that every later command reads (respond, report, case): the
 * indicators, compromised hosts and accounts of a case. konseki writes more (see case-file.ts); a
 * responder may edit it by hand, so every reader treats each value as untrusted.
 */
export type AccountKind = 'ad' | 'windows-local' | 'linux';
export type AccountAction = 'disable' | 'reset-password' | 'remove-privileges' | 'delete';

export interface PlanHost {
  ip: string;
  name?: string;
  /** the composite verdict and confidence (triage) */
  verdict?: string;
  confidence?: number;
  /** in the list because it contacted these indicators: contained only when one of them is blocked */
  via?: string[];
  /** an internal proxy or resolver: never isolated without a human decision */
  infrastructure?: string;
}
/** A compromised host no address was found for in the evidence: a manual step until `--hosts NAME=IP`. */
export interface UnresolvedHost {
  name: string;
  aliases?: string[];
  verdict?: string;
  confidence?: number;
  reasons?: string[];
  via?: string[];
}
export interface PlanAccount {
  name: string;
  kind?: AccountKind;
  action?: AccountAction;
  host?: string;
  /** remove-privileges: the privileged group to remove the account from */
  group?: string;
  /** what the attacker did with it (finding kind) */
  how?: string;
}

/** An indicator judged from behaviour (src/case/indicators.ts), as case.json keeps it. */
export interface CaseIndicator {
  value: string;
  type: 'domain' | 'ip' | 'ip-port' | 'domain-port' | 'url';
  role?: string;
  confidence: number;
  hosts?: string[];
  basis?: Array<{ kind: string; severity?: string; host?: string; weight?: number; summary?: string }>;
  prevalence?: { hosts: number; of: number };
  excluded?: string;
}

/** The minimal shape of `<case-dir>/case.json`. */
export interface CaseFile {
  case_id?: string;
  title?: string;
  /** the plain lists are always blocked (the analyst's); `judged` only above `--min-confidence` */
  indicators?: {
    ips?: string[];
    cidrs?: string[];
    domains?: string[];
    urls?: string[];
    /** `ip:port` / `domain:port`: blocked on that port only where the target can say so */
    ports?: string[];
    judged?: CaseIndicator[];
  };
  hosts?: PlanHost[];
  unresolved_hosts?: UnresolvedHost[];
  accounts?: PlanAccount[];
  mail_servers?: string[];
  management_hosts?: string[];
  internal_networks?: string[];
}
