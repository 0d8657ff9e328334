import { defineMessages } from '../i18n/index.ts';

defineMessages({ 'walk.unreadable': 'cannot read: {reason}' }, { 'walk.unreadable': '読み取れません: {reason}' });
