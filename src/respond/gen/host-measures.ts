/**
 * Seed 001's measures on endpoints and services, and the notice to users:
 * - raise monitoring (検知感度向上): Windows audit policy, command lines in 4688, PowerShell script
 *   block logging and a larger Security log; Linux auditd rules for executions and account files.
 *   Each script saves what it changes and restores it on rollback.
 * - stop a public service (サービス一部停止 / 全停止) on the compromised hosts that expose it.
 * - the notice to users (注意喚起), in Japanese and English, with the all-clear to send afterwards.
 */
import { caseToken } from '../plan.ts';
import { psQuote, shQuote } from '../quote.ts';
import type { Artifact, CanonicalPlan, GeneratorOutput } from '../types.ts';

const AUDIT_SUBCATEGORIES = [
  'Logon',
  'Special Logon',
  'Other Logon/Logoff Events',
  'Credential Validation',
  'Kerberos Authentication Service',
  'Kerberos Service Ticket Operations',
  'Process Creation',
  'User Account Management',
  'Security Group Management',
  'Other Object Access Events',
  'Security System Extension',
];

function monitoringWindows(plan: CanonicalPlan, head: string): Artifact {
  const lines = [
    '#Requires -RunAsAdministrator',
    head,
    '# run on the compromised and neighbouring Windows hosts (or through a GPO): more evidence from now on',
    '# usage: powershell -ExecutionPolicy Bypass -File monitoring-windows.ps1 [-Rollback]',
    'param([switch]$Rollback)',
    "$ErrorActionPreference = 'Stop'",
    `$Saved = Join-Path $env:ProgramData ${psQuote(`konseki-${caseToken(plan.caseId)}-monitoring`)}`,
    '$Keys = @(',
    "    @('HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\Audit', 'ProcessCreationIncludeCmdLine_Enabled'),",
    "    @('HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows\\PowerShell\\ScriptBlockLogging', 'EnableScriptBlockLogging'),",
    "    @('HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows\\PowerShell\\ModuleLogging', 'EnableModuleLogging')",
    ')',
    'if ($Rollback) {',
    "    auditpol /restore /file:(Join-Path $Saved 'auditpol.csv') | Out-Null",
    "    $prev = Import-Clixml (Join-Path $Saved 'values.xml')",
    '    foreach ($k in $Keys) {',
    '        $v = $prev[$k[0] + "|" + $k[1]]',
    '        if ($null -eq $v) { Remove-ItemProperty -Path $k[0] -Name $k[1] -ErrorAction SilentlyContinue }',
    '        else { Set-ItemProperty -Path $k[0] -Name $k[1] -Value $v }',
    '    }',
    "    wevtutil sl Security /ms:$($prev['SecurityMaxSize'])",
    '    Write-Host "monitoring settings restored"',
    '    return',
    '}',
    'New-Item -ItemType Directory -Force -Path $Saved | Out-Null',
    "auditpol /backup /file:(Join-Path $Saved 'auditpol.csv') | Out-Null",
    '$prev = @{}',
    'foreach ($k in $Keys) { $prev[$k[0] + "|" + $k[1]] = (Get-ItemProperty -Path $k[0] -Name $k[1] -ErrorAction SilentlyContinue).($k[1]) }',
    "$prev['SecurityMaxSize'] = (Get-WinEvent -ListLog Security).MaximumSizeInBytes",
    "$prev | Export-Clixml (Join-Path $Saved 'values.xml')",
    ...AUDIT_SUBCATEGORIES.map(
      (c) => `auditpol /set /subcategory:${psQuote(c)} /success:enable /failure:enable | Out-Null`,
    ),
    'foreach ($k in $Keys) { New-Item -Path $k[0] -Force | Out-Null; Set-ItemProperty -Path $k[0] -Name $k[1] -Value 1 -Type DWord }',
    'wevtutil sl Security /ms:1073741824',
    'Write-Host "audit policy raised, command lines and PowerShell script blocks logged, Security log 1 GB (saved settings in $Saved)"',
    '',
  ];
  return {
    file: 'monitoring-windows.ps1',
    system: 'windows',
    content: lines.join('\r\n'),
    bom: true,
    apply: ['powershell -ExecutionPolicy Bypass -File monitoring-windows.ps1'],
    rollback: ['powershell -ExecutionPolicy Bypass -File monitoring-windows.ps1 -Rollback'],
    measures: ['raise-monitoring'],
  };
}

function monitoringLinux(plan: CanonicalPlan, head: string): Artifact {
  const tok = caseToken(plan.caseId).toLowerCase();
  const rules = `/etc/audit/rules.d/konseki-${tok}.rules`;
  const lines = [
    '#!/bin/sh',
    head,
    '# run as root on the compromised and neighbouring Linux hosts: executions and account changes are audited from now on',
    '# usage: sh monitoring-linux.sh apply | rollback   (needs auditd)',
    'set -eu',
    `RULES=${shQuote(rules)}`,
    'apply() {',
    '  cat > "$RULES" <<\'KONSEKI_END\'',
    `## konseki ${tok}: raised monitoring (remove this file and run augenrules --load to roll back)`,
    '-a always,exit -F arch=b64 -S execve -k konseki_exec',
    '-a always,exit -F arch=b32 -S execve -k konseki_exec',
    '-w /etc/passwd -p wa -k konseki_accounts',
    '-w /etc/shadow -p wa -k konseki_accounts',
    '-w /etc/group -p wa -k konseki_accounts',
    '-w /etc/sudoers -p wa -k konseki_accounts',
    '-w /etc/sudoers.d/ -p wa -k konseki_accounts',
    '-w /etc/ssh/sshd_config -p wa -k konseki_sshd',
    '-w /root/.ssh/ -p wa -k konseki_sshd',
    '-w /etc/crontab -p wa -k konseki_cron',
    '-w /etc/cron.d/ -p wa -k konseki_cron',
    '-w /var/spool/cron/ -p wa -k konseki_cron',
    '-w /etc/systemd/system/ -p wa -k konseki_persistence',
    'KONSEKI_END',
    '  augenrules --load',
    '}',
    'rollback() {',
    '  rm -f "$RULES"',
    '  augenrules --load',
    '}',
    'case "${1:-}" in',
    '  apply) apply ;;',
    '  rollback) rollback ;;',
    '  *) echo "usage: $0 apply|rollback" >&2; exit 2 ;;',
    'esac',
    '',
  ];
  return {
    file: 'monitoring-linux.sh',
    system: 'linux',
    content: lines.join('\n'),
    apply: ['sh monitoring-linux.sh apply', { say: 'respond.how.ausearch' }, 'ausearch -k konseki_exec -i'],
    rollback: ['sh monitoring-linux.sh rollback'],
    measures: ['raise-monitoring'],
  };
}

function services(plan: CanonicalPlan, head: string): Artifact[] {
  const out: Artifact[] = [];
  const linux = plan.services.filter((s) => s.os === 'linux');
  const windows = plan.services.filter((s) => s.os === 'windows');
  const hosts = (list: typeof linux): string =>
    [...new Set(list.map((s) => s.host).filter(Boolean))].join(', ') || 'each host named above';
  if (linux.length) {
    const lines = [
      '#!/bin/sh',
      head,
      `# run as root on: ${hosts(linux)}`,
      '# stops the public services the attacker reached (the host keeps running: memory and disk stay for the investigation)',
      '# usage: sh services-linux.sh apply | rollback',
      'set -eu',
      'apply() {',
      ...linux.map(
        (s) =>
          `  systemctl stop ${shQuote(s.service)} ${shQuote(`${s.service}.socket`)} 2>/dev/null || systemctl stop ${shQuote(s.service)}   # ${s.host || '?'}: ${s.why ?? ''}`,
      ),
      '}',
      'rollback() {',
      ...linux.map((s) => `  systemctl start ${shQuote(s.service)}`),
      '}',
      'case "${1:-}" in',
      '  apply) apply ;;',
      '  rollback) rollback ;;',
      '  *) echo "usage: $0 apply|rollback" >&2; exit 2 ;;',
      'esac',
      '',
    ];
    out.push({
      file: 'services-linux.sh',
      system: 'linux',
      content: lines.join('\n'),
      apply: ['sh services-linux.sh apply'],
      rollback: ['sh services-linux.sh rollback'],
      measures: ['stop-service'],
    });
  }
  if (windows.length) {
    const lines = [
      '#Requires -RunAsAdministrator',
      head,
      `# run on: ${hosts(windows)}`,
      '# usage: powershell -ExecutionPolicy Bypass -File services-windows.ps1 [-Rollback]',
      'param([switch]$Rollback)',
      "$ErrorActionPreference = 'Stop'",
      'if ($Rollback) {',
      ...windows.map((s) => `    Start-Service -Name ${psQuote(s.service)}`),
      '    return',
      '}',
      ...windows.map((s) => `Stop-Service -Name ${psQuote(s.service)} -Force`),
      '',
    ];
    out.push({
      file: 'services-windows.ps1',
      system: 'windows',
      content: lines.join('\r\n'),
      bom: true,
      apply: ['powershell -ExecutionPolicy Bypass -File services-windows.ps1'],
      rollback: ['powershell -ExecutionPolicy Bypass -File services-windows.ps1 -Rollback'],
      measures: ['stop-service'],
    });
  }
  return out;
}

function notice(plan: CanonicalPlan): Artifact {
  const hosts = plan.hosts.map((h) => h.name ?? h.net.text);
  const names = hosts.length ? hosts.slice(0, 30).join(', ') : '—';
  const lines = [
    `# 【注意喚起】不正アクセスへの対応について / Security notice (case ${caseToken(plan.caseId)})`,
    '',
    '情報セキュリティ責任者から全利用者へ送る文面の下書きです。送る前に内容と宛先を確認してください。',
    '',
    '## 日本語',
    '',
    '現在、学内/社内のネットワークで不正アクセスの疑いがあり、調査と対応を行っています。',
    plan.level === 'isolate-hosts' || plan.level === 'all-external' || plan.level === 'all-but-mail'
      ? '対応のため、一部の端末や外部との通信を一時的に制限しています。ご不便をおかけします。'
      : '',
    '',
    '- 対象の端末 (' +
      names +
      ') は、電源を切らず、ネットワークから抜かず、そのままにしてください (調査に必要な記録が失われます)。',
    '- 不審なメールの添付ファイルやリンクを開かないでください。',
    '- パスワードの変更を求められた場合は、案内に従って変更してください。',
    '- 心当たりのある操作や不審な事象があれば、CSIRT (窓口: ＿＿＿＿) まで連絡してください。',
    '',
    '## English',
    '',
    'We are investigating a suspected intrusion in our network and taking measures against it.',
    plan.level === 'isolate-hosts' || plan.level === 'all-external' || plan.level === 'all-but-mail'
      ? 'Some computers and some external connections are restricted for the time being.'
      : '',
    '',
    `- Leave the affected computers (${names}) as they are: do not shut them down or unplug them (evidence would be lost).`,
    '- Do not open attachments or links in unexpected mail.',
    '- If you are asked to change your password, please do so as instructed.',
    '- Report anything suspicious, or anything you did that may be related, to the CSIRT (contact: ____).',
    '',
    '## 解除の連絡 / All clear (send when the measures are lifted)',
    '',
    '対応が完了し、通信の制限を解除しました。ご協力ありがとうございました。 / The measures have been lifted. Thank you for your cooperation.',
    '',
  ];
  return {
    file: 'notice-users.md',
    system: 'notice',
    content: lines.filter((l, i, a) => !(l === '' && a[i - 1] === '')).join('\n'),
    apply: [{ say: 'respond.how.notice_send' }],
    rollback: [{ say: 'respond.how.notice_clear' }],
    measures: ['notify-users'],
  };
}

export function generateHostMeasures(plan: CanonicalPlan): GeneratorOutput {
  const head = `# konseki first response - case ${caseToken(plan.caseId)} - level ${plan.level} - generated ${plan.generatedAt}`;
  const artifacts: Artifact[] = [monitoringWindows(plan, head), monitoringLinux(plan, head)];
  if (plan.level === 'all-external' || plan.level === 'isolate-hosts') artifacts.push(...services(plan, head));
  if (plan.level !== 'watch' && plan.level !== 'cnc-only') artifacts.push(notice(plan));
  return { artifacts, issues: [] };
}
