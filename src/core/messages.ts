import { defineMessages, type KeysOf } from '../i18n/index.ts';

const CORE_MESSAGES = defineMessages(
  { 'walk.unreadable': 'cannot read: {reason}' },
  { 'walk.unreadable': '読み取れません: {reason}' },
);

declare module '../i18n/index.ts' {
  interface MessageKeys extends KeysOf<typeof CORE_MESSAGES> {}
}
