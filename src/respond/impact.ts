/**
 * The temporary measures (暫定対処) konseki generates, each tied to its row of the temporary-measures
 * table of the defence model (seed 001: target ユーザ(アカウント) / EP / セグメント / サービス and the
 * measure), with its effect on confidentiality, integrity and availability, what it means for evidence,
 * and how to roll it back.
 */
import { t, type Lang, dynamicKey } from '../i18n/index.ts';
import './messages.ts';

export const MEASURES = [
  'block-c2-net',
  'block-c2-dns',
  'block-c2-proxy',
  'block-external-but-mail',
  'block-external',
  'isolate-hosts',
  'account-disable',
  'account-reset',
  'watch-c2',
  'cut-sessions',
  'account-remove-privileges',
  'account-delete',
  'raise-monitoring',
  'stop-service',
  'notify-users',
] as const;
export type MeasureId = (typeof MEASURES)[number];

export interface Impact {
  id: MeasureId;
  title: string;
  seed: string;
  c: string;
  i: string;
  a: string;
  evidence: string;
  rollback: string;
}

export function impactOf(id: MeasureId, lang: Lang): Impact {
  const f = (k: string): string => t(dynamicKey(`impact.${id}.${k}`), {}, lang);
  return {
    id,
    title: f('title'),
    seed: f('seed'),
    c: f('c'),
    i: f('i'),
    a: f('a'),
    evidence: f('evidence'),
    rollback: f('rollback'),
  };
}
