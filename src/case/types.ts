/**
 * The shape of `<case-dir>/case.json` that every later command reads (respond, report, case): the
 * indicators, compromised hosts and accounts of a case. konseki writes more (see case-file.ts); a
 * responder may edit it by hand, so every reader treats each value as untrusted.
 */
export type AccountKind = 'ad' | 'windows-local' | 'linux';
export type AccountAction = 'disable' | 'reset-password';

export interface PlanHost {
  ip: string;
  name?: string;
}
export interface PlanAccount {
  name: string;
  kind?: AccountKind;
  action?: AccountAction;
  host?: string;
}

/** The minimal shape of `<case-dir>/case.json`. */
export interface CaseFile {
  case_id?: string;
  title?: string;
  indicators?: { ips?: string[]; cidrs?: string[]; domains?: string[]; urls?: string[] };
  hosts?: PlanHost[];
  accounts?: PlanAccount[];
  mail_servers?: string[];
  management_hosts?: string[];
  internal_networks?: string[];
}
