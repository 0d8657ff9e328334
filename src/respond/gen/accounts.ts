/**
 * Account actions (seed 001, ユーザ(アカウント): PWや権限の変更 / 無効化 / 削除): disable (reversible), reset
 * the password (not reversible), remove from a privileged group (reversible), delete (only once the
 * evidence is kept: the script refuses without -EvidenceKept / `evidence-kept`, and records the account
 * before deleting it). For Active Directory, local Windows and Linux accounts. New passwords are typed in
 * when the script runs, never written into a file. Names are validated before they get here and
 * single-quoted again here.
 */
import { caseToken } from '../plan.ts';
import { psQuote, shQuote } from '../quote.ts';
import type { Artifact, CanonAccount, CanonicalPlan, GeneratorOutput } from '../types.ts';

function header(plan: CanonicalPlan, what: string): string[] {
  return [`# konseki first response - case ${caseToken(plan.caseId)} - ${what} - generated ${plan.generatedAt}`];
}

function psScript(plan: CanonicalPlan, accounts: CanonAccount[], ad: boolean): Artifact {
  const file = ad ? 'accounts-ad.ps1' : 'accounts-windows-local.ps1';
  const lines = [
    ad ? '#Requires -Modules ActiveDirectory' : '#Requires -RunAsAdministrator',
    ...header(plan, ad ? 'Active Directory accounts' : 'local Windows accounts'),
  ];
  if (!ad) {
    const hosts = [
      ...new Set(accounts.map((a) => a.host).filter((h): h is string => !!h && /^[A-Za-z0-9._-]{1,63}$/.test(h))),
    ];
    lines.push(`# run on the host that holds the account${hosts.length ? `: ${hosts.join(', ')}` : ''}`);
  }
  const deletes = accounts.some((a) => a.action === 'delete');
  lines.push(
    `# usage: powershell -ExecutionPolicy Bypass -File ${file} [-Rollback]${deletes ? ' [-EvidenceKept]' : ''}   (a password reset cannot be rolled back)`,
    ...(deletes
      ? [
          '# accounts to delete are deleted only with -EvidenceKept (after their logons, profile and group memberships are preserved);',
          `# ${ad ? 'an AD deletion can be undone with Restore-ADObject only when the AD Recycle Bin is enabled' : 'a deleted local account cannot be restored: its SID and profile link are lost'}`,
        ]
      : []),
    'param([switch]$Rollback, [switch]$EvidenceKept)',
    "$ErrorActionPreference = 'Stop'",
    'if (-not $Rollback) {',
  );
  for (const a of accounts) {
    const id = psQuote(a.name);
    const label = a.domain ? `${a.domain}\\${a.name}` : a.name;
    if (a.action === 'disable')
      lines.push(`    ${ad ? 'Disable-ADAccount -Identity' : 'Disable-LocalUser -Name'} ${id}`);
    else if (a.action === 'remove-privileges') {
      const g = psQuote(a.group ?? (ad ? 'Domain Admins' : 'Administrators'));
      lines.push(
        ad
          ? `    Remove-ADGroupMember -Identity ${g} -Members ${id} -Confirm:$false`
          : `    Remove-LocalGroupMember -Group ${g} -Member ${id}`,
      );
    } else if (a.action === 'delete') {
      lines.push(
        '    if ($EvidenceKept) {',
        ad
          ? `        Get-ADUser -Identity ${id} -Properties * | Export-Clixml -Path ${psQuote(`deleted-${a.name}.xml`)}`
          : `        Get-LocalUser -Name ${id} | Select-Object * | Export-Clixml -Path ${psQuote(`deleted-${a.name}.xml`)}`,
        `        ${ad ? 'Remove-ADUser -Identity' : 'Remove-LocalUser -Name'} ${id}${ad ? ' -Confirm:$false' : ''}`,
        `    } else { Write-Warning ${psQuote(`not deleted: ${label} (run again with -EvidenceKept once the evidence is preserved); disabled instead`)}; ${ad ? 'Disable-ADAccount -Identity' : 'Disable-LocalUser -Name'} ${id} }`,
      );
    } else {
      lines.push(`    $password = Read-Host -AsSecureString -Prompt ${psQuote(`new password for ${label}`)}`);
      if (ad)
        lines.push(
          `    Set-ADAccountPassword -Identity ${id} -Reset -NewPassword $password`,
          `    Set-ADUser -Identity ${id} -ChangePasswordAtLogon $true`,
        );
      else lines.push(`    Set-LocalUser -Name ${id} -Password $password`);
    }
    lines.push(`    Write-Host ${psQuote(`${a.action}: ${label}`)}`);
  }
  lines.push('} else {');
  for (const a of accounts.filter((x) => x.action === 'disable'))
    lines.push(`    ${ad ? 'Enable-ADAccount -Identity' : 'Enable-LocalUser -Name'} ${psQuote(a.name)}`);
  for (const a of accounts.filter((x) => x.action === 'remove-privileges')) {
    const g = psQuote(a.group ?? (ad ? 'Domain Admins' : 'Administrators'));
    lines.push(
      ad
        ? `    Add-ADGroupMember -Identity ${g} -Members ${psQuote(a.name)}`
        : `    Add-LocalGroupMember -Group ${g} -Member ${psQuote(a.name)}`,
    );
  }
  for (const a of accounts.filter((x) => x.action === 'delete'))
    lines.push(
      ad
        ? `    Get-ADObject -Filter ${psQuote(`sAMAccountName -eq '${a.name.replace(/'/g, "''")}'`)} -IncludeDeletedObjects | Restore-ADObject   # needs the AD Recycle Bin`
        : `    Enable-LocalUser -Name ${psQuote(a.name)} -ErrorAction SilentlyContinue   # if it was only disabled (a deleted local account cannot come back)`,
    );
  lines.push(
    '    Write-Host "rolled back what can be: re-enabled, group memberships restored; password resets stay"',
    '}',
    '',
  );
  return {
    file,
    system: ad ? 'accounts-ad' : 'accounts-windows',
    content: lines.join('\r\n'),
    bom: true,
    apply: [`powershell -ExecutionPolicy Bypass -File ${file}`],
    rollback: [`powershell -ExecutionPolicy Bypass -File ${file} -Rollback`],
    measures: measuresOf(accounts),
  };
}

function shScript(plan: CanonicalPlan, accounts: CanonAccount[]): Artifact {
  const hosts = [
    ...new Set(accounts.map((a) => a.host).filter((h): h is string => !!h && /^[A-Za-z0-9._-]{1,63}$/.test(h))),
  ];
  const lines = ['#!/bin/sh', ...header(plan, 'Linux accounts')];
  lines.push(`# run as root on the host that holds the account${hosts.length ? `: ${hosts.join(', ')}` : ''}`);
  lines.push(
    '# usage: sh accounts-linux.sh apply | rollback   (a password reset cannot be rolled back)',
    '#        sh accounts-linux.sh apply evidence-kept   also deletes the accounts to delete (their passwd/shadow/group lines and home are kept first)',
    '# an expired account also refuses SSH key logins; running sessions stay until you end them (pkill -KILL -u NAME ends them and loses their state)',
    'set -eu',
    'KEEP="konseki-deleted-accounts-$(date +%Y%m%d%H%M%S)"',
    'apply() {',
  );
  for (const a of accounts) {
    const q = shQuote(a.name);
    if (a.action === 'disable') lines.push(`  usermod --lock --expiredate 1 -- ${q}`);
    else if (a.action === 'remove-privileges')
      // running apply twice must not fail on an account already removed
      lines.push(
        `  gpasswd --delete ${q} ${shQuote(a.group ?? 'sudo')} >/dev/null 2>&1 || echo ${shQuote(`${a.name} is not in ${a.group ?? 'sudo'}`)} >&2`,
      );
    else if (a.action === 'delete')
      lines.push(
        '  if [ "${1:-}" = evidence-kept ]; then',
        '    mkdir -p "$KEEP"',
        `    { getent passwd ${q}; getent shadow ${q}; id ${q}; } > "$KEEP/${a.name}.txt" 2>&1 || true`,
        `    home=$(getent passwd ${q} | cut -d: -f6); [ -n "$home" ] && [ -d "$home" ] && tar -C / -czf "$KEEP/${a.name}-home.tar.gz" "\${home#/}" || true`,
        `    userdel -- ${q}`,
        '  else',
        `    echo "not deleted: ${a.name} (run with evidence-kept once the evidence is preserved); locked instead" >&2`,
        `    usermod --lock --expiredate 1 -- ${q}`,
        '  fi',
      );
    else lines.push(`  passwd -- ${q}`, `  passwd --expire -- ${q}`);
  }
  lines.push('}', 'rollback() {');
  for (const a of accounts.filter((x) => x.action === 'disable' || x.action === 'delete'))
    lines.push(
      `  usermod --unlock --expiredate '' -- ${shQuote(a.name)} 2>/dev/null || echo "cannot unlock ${a.name} (deleted? recreate it from the kept passwd/shadow lines)" >&2`,
    );
  for (const a of accounts.filter((x) => x.action === 'remove-privileges'))
    lines.push(`  gpasswd --add ${shQuote(a.name)} ${shQuote(a.group ?? 'sudo')} >/dev/null`);
  lines.push(
    '  :',
    '}',
    'case "${1:-}" in',
    '  apply) apply "${2:-}" ;;',
    '  rollback) rollback ;;',
    '  *) echo "usage: $0 apply|rollback" >&2; exit 2 ;;',
    'esac',
    '',
  );
  return {
    file: 'accounts-linux.sh',
    system: 'accounts-linux',
    content: lines.join('\n'),
    apply: ['sh accounts-linux.sh apply'],
    rollback: ['sh accounts-linux.sh rollback'],
    measures: measuresOf(accounts),
  };
}

function measuresOf(accounts: CanonAccount[]): string[] {
  const m: string[] = [];
  if (accounts.some((a) => a.action === 'disable')) m.push('account-disable');
  if (accounts.some((a) => a.action === 'reset-password')) m.push('account-reset');
  if (accounts.some((a) => a.action === 'remove-privileges')) m.push('account-remove-privileges');
  if (accounts.some((a) => a.action === 'delete')) m.push('account-delete');
  return m;
}

export function generateAccounts(plan: CanonicalPlan): GeneratorOutput {
  const artifacts: Artifact[] = [];
  // watch: nothing the attacker could notice
  if (plan.level === 'watch') return { artifacts, issues: [] };
  const ad = plan.accounts.filter((a) => a.kind === 'ad');
  const local = plan.accounts.filter((a) => a.kind === 'windows-local');
  const linux = plan.accounts.filter((a) => a.kind === 'linux');
  if (ad.length) artifacts.push(psScript(plan, ad, true));
  if (local.length) artifacts.push(psScript(plan, local, false));
  if (linux.length) artifacts.push(shScript(plan, linux));
  return { artifacts, issues: [] };
}
