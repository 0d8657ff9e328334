import { defineMessages, type KeysOf } from '../i18n/index.ts';

const SCALE_OUT_MESSAGES = defineMessages(
  {
    'ingest.already': 'already in the case (SHA-256 {sha256}): skipped',
    'analyze.incomplete': 'ingest did not complete (on {machine}: {status}): left out of the analysis; ingest it again',
  },
  {
    'ingest.already': 'すでにケースに取り込まれています (SHA-256 {sha256})。読み飛ばします',
    'analyze.incomplete':
      '取り込みが完了していません ({machine} で {status})。分析から除外しました。もう一度 ingest してください',
  },
);

declare module '../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof SCALE_OUT_MESSAGES> {}
}
