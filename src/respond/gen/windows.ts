/**
 * Windows Defender Firewall (PowerShell New-NetFirewallRule), run on the Windows hosts themselves. A
 * Block rule wins over every Allow rule there, so "block everything except X" is written as a block of
 * the address ranges that are not X (computed exactly, IPv4 and IPv6).
 */
import { complement, contains, rangeText, type AddrRange, type Net } from '../net.ts';
import { MAIL_PORTS, scopeOf } from '../policy.ts';
import { caseToken } from '../plan.ts';
import { psQuote } from '../quote.ts';
import type { Artifact, CanonicalPlan, GeneratorOutput } from '../types.ts';

/** Addresses per rule: New-NetFirewallRule accepts long lists, the firewall UI and GPO tooling do not. */
export const ADDRESSES_PER_RULE = 1000;

/** TCP ports 1-65535 except the mail ports, as Windows port ranges. */
export function nonMailPorts(): string[] {
  const out: string[] = [];
  let from = 1;
  for (const p of [...MAIL_PORTS].sort((a, b) => a - b)) {
    if (p > from) out.push(p - 1 === from ? String(from) : `${from}-${p - 1}`);
    from = p + 1;
  }
  if (from <= 65535) out.push(`${from}-65535`);
  return out;
}

function notIn(nets: Net[]): string[] {
  const ranges: AddrRange[] = [...complement(4, nets), ...complement(6, nets)];
  return ranges.map(rangeText);
}

export function generateWindows(plan: CanonicalPlan): GeneratorOutput {
  const tok = caseToken(plan.caseId);
  const group = `konseki-${tok}`;
  const scope = scopeOf(plan);
  const lines: string[] = [
    '#Requires -RunAsAdministrator',
    `# konseki first response - case ${tok} - level ${plan.level} - generated ${plan.generatedAt}`,
  ];
  if (scope === 'hosts')
    lines.push(
      `# run on each compromised Windows host: ${plan.hosts.map((h) => (h.name ? `${h.name} (${h.net.text})` : h.net.text)).join(', ')}`,
    );
  else if (scope === 'site')
    lines.push(
      '# run on every Windows host of the site except the management hosts (for example through a GPO startup script)',
    );
  else
    lines.push(
      '# run on any Windows host that must not reach the C2 addresses (domains are blocked by the DNS sinkhole, not here)',
    );
  lines.push(
    '# usage:    powershell -ExecutionPolicy Bypass -File windows-firewall.ps1',
    '# rollback: powershell -ExecutionPolicy Bypass -File windows-firewall.ps1 -Rollback',
    'param([switch]$Rollback)',
    "$ErrorActionPreference = 'Stop'",
    `$Group = ${psQuote(group)}`,
    '# re-running replaces the rules of this group',
    'Get-NetFirewallRule -Group $Group -ErrorAction SilentlyContinue | Remove-NetFirewallRule',
    'if ($Rollback) {',
    '    Write-Host "removed the firewall rules of group $Group"',
    '    return',
    '}',
  );
  let n = 0;
  const measures = new Set<string>();
  const rule = (label: string, dir: 'Outbound' | 'Inbound', addresses: string[], measure: string, extra = ''): void => {
    if (!addresses.length) return;
    measures.add(measure);
    for (let i = 0; i < addresses.length; i += ADDRESSES_PER_RULE) {
      const chunk = addresses.slice(i, i + ADDRESSES_PER_RULE);
      const name = `konseki ${tok} ${label} ${++n}`;
      lines.push(`$addresses = @(`, ...chunk.map((a, j) => `    ${psQuote(a)}${j < chunk.length - 1 ? ',' : ''}`), ')');
      lines.push(
        `New-NetFirewallRule -Group $Group -DisplayName ${psQuote(name)} -Direction ${dir} -Action Block -Profile Any -RemoteAddress $addresses${extra} | Out-Null`,
      );
    }
  };
  const c2 = plan.level === 'watch' ? [] : plan.nets.map((x) => x.text);
  rule('c2-out', 'Outbound', c2, 'block-c2-net');
  rule('c2-in', 'Inbound', c2, 'block-c2-net');
  if (plan.level !== 'watch')
    for (const port of [...new Set(plan.ports.filter((p) => p.net).map((p) => p.port))].sort((a, b) => a - b)) {
      const addrs = plan.ports.filter((p) => p.net && p.port === port).map((p) => p.net!.text);
      rule(`c2-port-${port}-out`, 'Outbound', addrs, 'block-c2-net', ` -Protocol TCP -RemotePort ${port}`);
    }
  if (scope !== 'none') {
    if (plan.level === 'isolate-hosts') {
      const others = notIn(plan.managementHosts);
      rule('isolate-out', 'Outbound', others, 'isolate-hosts');
      rule('isolate-in', 'Inbound', others, 'isolate-hosts');
    } else {
      const measure = plan.level === 'all-but-mail' ? 'block-external-but-mail' : 'block-external';
      const externalMail =
        plan.level === 'all-but-mail'
          ? plan.mailServers.filter((m) => !plan.internalNets.some((i) => contains(i, m)))
          : [];
      const external = notIn([...plan.internalNets, ...externalMail]);
      rule('ext-out', 'Outbound', external, measure);
      rule('ext-in', 'Inbound', external, measure);
      if (externalMail.length) {
        const mail = externalMail.map((m) => m.text);
        rule(
          'mail-other-tcp',
          'Outbound',
          mail,
          measure,
          ` -Protocol TCP -RemotePort @(${nonMailPorts().map(psQuote).join(', ')})`,
        );
        rule('mail-udp', 'Outbound', mail, measure, ' -Protocol UDP');
      }
    }
  }
  lines.push(`Write-Host "added ${n} firewall rules in group $Group"`, '');
  const artifact: Artifact = {
    file: 'windows-firewall.ps1',
    system: 'windows',
    content: lines.join('\r\n'),
    bom: true,
    apply: ['powershell -ExecutionPolicy Bypass -File windows-firewall.ps1'],
    rollback: ['powershell -ExecutionPolicy Bypass -File windows-firewall.ps1 -Rollback'],
    measures: [...measures],
  };
  return { artifacts: [artifact], issues: [] };
}
