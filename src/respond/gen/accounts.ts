/**
 * Account actions: disable (reversible) or reset the password (not reversible), for Active Directory,
 * local Windows and Linux accounts. New passwords are typed in when the script runs, never written into
 * a file. Names are validated before they get here and single-quoted again here.
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
  lines.push(
    `# usage: powershell -ExecutionPolicy Bypass -File ${file} [-Rollback]   (a password reset cannot be rolled back)`,
    'param([switch]$Rollback)',
    "$ErrorActionPreference = 'Stop'",
    'if (-not $Rollback) {',
  );
  for (const a of accounts) {
    const id = psQuote(a.name);
    const label = a.domain ? `${a.domain}\\${a.name}` : a.name;
    if (a.action === 'disable')
      lines.push(`    ${ad ? 'Disable-ADAccount -Identity' : 'Disable-LocalUser -Name'} ${id}`);
    else {
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
  lines.push('    Write-Host "re-enabled the disabled accounts; password resets stay"', '}', '');
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
    '# an expired account also refuses SSH key logins; running sessions stay until you end them (pkill -KILL -u NAME ends them and loses their state)',
    'set -eu',
    'apply() {',
  );
  for (const a of accounts) {
    const q = shQuote(a.name);
    if (a.action === 'disable') lines.push(`  usermod --lock --expiredate 1 -- ${q}`);
    else lines.push(`  passwd -- ${q}`, `  passwd --expire -- ${q}`);
  }
  lines.push('}', 'rollback() {');
  for (const a of accounts.filter((x) => x.action === 'disable'))
    lines.push(`  usermod --unlock --expiredate '' -- ${shQuote(a.name)}`);
  lines.push(
    '  :',
    '}',
    'case "${1:-}" in',
    '  apply) apply ;;',
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
  return m;
}

export function generateAccounts(plan: CanonicalPlan): GeneratorOutput {
  const artifacts: Artifact[] = [];
  const ad = plan.accounts.filter((a) => a.kind === 'ad');
  const local = plan.accounts.filter((a) => a.kind === 'windows-local');
  const linux = plan.accounts.filter((a) => a.kind === 'linux');
  if (ad.length) artifacts.push(psScript(plan, ad, true));
  if (local.length) artifacts.push(psScript(plan, local, false));
  if (linux.length) artifacts.push(shScript(plan, linux));
  return { artifacts, issues: [] };
}
