/**
 * The attack-phase view of a case, in the order of seed 000's flow of a targeted attack (③ 初期潜入,
 * ④ 基盤構築 with its C&C channel, ⑤ 内部侵入・調査, ⑥ 目的遂行; docs/glossary.md maps each to its
 * MITRE ATT&CK tactics): which finding kinds stand for which phase.
 */
export type Phase = 'initial-access' | 'foothold' | 'lateral-movement' | 'command-and-control' | 'objective';
export const PHASES: readonly Phase[] = [
  'initial-access',
  'foothold',
  'command-and-control',
  'lateral-movement',
  'objective',
];

const KIND_PHASE: Record<string, Phase> = {
  'office-child-process': 'initial-access',
  'ip-direct-http': 'initial-access',
  'brute-force-success': 'initial-access',
  'rdp-logon': 'initial-access',
  'trap-account': 'initial-access',
  'defender-detection': 'foothold',
  'defender-disabled': 'foothold',
  'defender-exclusion': 'foothold',
  'new-account': 'foothold',
  'privileged-group-add': 'foothold',
  'cron-persistence': 'foothold',
  'cron-change': 'foothold',
  'service-install': 'foothold',
  'scheduled-task': 'foothold',
  'wmi-persistence': 'foothold',
  'log-cleared': 'foothold',
  'system-time-changed': 'foothold',
  'eventlog-service-changed': 'foothold',
  'sudo-root': 'foothold',
  'service-shell': 'foothold',
  'port-scan': 'lateral-movement',
  'lateral-fanout': 'lateral-movement',
  'pass-the-hash': 'lateral-movement',
  psexec: 'lateral-movement',
  'explicit-credentials': 'lateral-movement',
  'rdp-lateral-movement': 'lateral-movement',
  'winrm-inbound': 'lateral-movement',
  'winrm-outbound': 'lateral-movement',
  'winrm-execution': 'lateral-movement',
  'wmi-execution': 'lateral-movement',
  'dcom-execution': 'lateral-movement',
  'impacket-execution': 'lateral-movement',
  'password-spray': 'lateral-movement',
  'policy-violation': 'lateral-movement',
  'domain-admin-on-terminal': 'lateral-movement',
  beacon: 'command-and-control',
  'ioc-match': 'command-and-control',
  // what a live-response collection shows
  'live-ioc-connection': 'command-and-control',
  'live-reverse-shell': 'command-and-control',
  'live-suspicious-listener': 'command-and-control',
  'live-deleted-executable': 'foothold',
  'live-writable-executable': 'foothold',
  'live-fileless-process': 'foothold',
  'live-masquerade': 'foothold',
  'live-unit-persistence': 'foothold',
  'live-startup-persistence': 'foothold',
  'live-ssh-key': 'foothold',
  'live-preload-hijack': 'foothold',
  'live-uid0-account': 'foothold',
  'live-suid-writable': 'foothold',
  'live-persistence-changed': 'foothold',
  'live-service-persistence': 'foothold',
  'live-task-persistence': 'foothold',
  'live-runkey-persistence': 'foothold',
  'live-wmi-persistence': 'foothold',
  'dns-cnc': 'command-and-control',
  'connect-nonstandard-port': 'command-and-control',
  'rare-user-agent': 'command-and-control',
  'ids-alert': 'command-and-control',
  'large-upload': 'objective',
  'off-hours': 'objective',
};

/** The phase of a finding kind; brute force and RDP count as initial access from outside and as spreading inside. */
export function phaseOf(kind: string, peerInternal?: boolean): Phase | undefined {
  if (kind === 'brute-force' || kind === 'brute-force-success' || kind === 'rdp-logon')
    return peerInternal ? 'lateral-movement' : 'initial-access';
  return KIND_PHASE[kind];
}
