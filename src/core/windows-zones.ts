/**
 * Windows time zone names (as System event 6013 and the registry carry them) to IANA zones: the
 * usual zones of the Unicode CLDR windowsZones table (territory 001), and the Japanese display
 * names of the zones a Japanese Windows reports. Daylight names map like their standard names.
 */
const TABLE: Record<string, string> = {
  'Tokyo Standard Time': 'Asia/Tokyo',
  'Korea Standard Time': 'Asia/Seoul',
  'China Standard Time': 'Asia/Shanghai',
  'Taipei Standard Time': 'Asia/Taipei',
  'Singapore Standard Time': 'Asia/Singapore',
  'SE Asia Standard Time': 'Asia/Bangkok',
  'India Standard Time': 'Asia/Calcutta',
  'Arabian Standard Time': 'Asia/Dubai',
  'Russian Standard Time': 'Europe/Moscow',
  UTC: 'UTC',
  'Coordinated Universal Time': 'UTC',
  'GMT Standard Time': 'Europe/London',
  'Greenwich Standard Time': 'Atlantic/Reykjavik',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Romance Standard Time': 'Europe/Paris',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Central European Standard Time': 'Europe/Warsaw',
  'FLE Standard Time': 'Europe/Kiev',
  'GTB Standard Time': 'Europe/Bucharest',
  'E. Europe Standard Time': 'Europe/Chisinau',
  'Israel Standard Time': 'Asia/Jerusalem',
  'Turkey Standard Time': 'Europe/Istanbul',
  'South Africa Standard Time': 'Africa/Johannesburg',
  'Eastern Standard Time': 'America/New_York',
  'Central Standard Time': 'America/Chicago',
  'Mountain Standard Time': 'America/Denver',
  'US Mountain Standard Time': 'America/Phoenix',
  'Pacific Standard Time': 'America/Los_Angeles',
  'Alaskan Standard Time': 'America/Anchorage',
  'Hawaiian Standard Time': 'Pacific/Honolulu',
  'Atlantic Standard Time': 'America/Halifax',
  'Canada Central Standard Time': 'America/Regina',
  'Central Standard Time (Mexico)': 'America/Mexico_City',
  'E. South America Standard Time': 'America/Sao_Paulo',
  'Argentina Standard Time': 'America/Buenos_Aires',
  'SA Pacific Standard Time': 'America/Bogota',
  'AUS Eastern Standard Time': 'Australia/Sydney',
  'E. Australia Standard Time': 'Australia/Brisbane',
  'W. Australia Standard Time': 'Australia/Perth',
  'Cen. Australia Standard Time': 'Australia/Adelaide',
  'New Zealand Standard Time': 'Pacific/Auckland',
  'Pakistan Standard Time': 'Asia/Karachi',
  'Bangladesh Standard Time': 'Asia/Dhaka',
  'Myanmar Standard Time': 'Asia/Rangoon',
  'North Asia Standard Time': 'Asia/Krasnoyarsk',
  'Vladivostok Standard Time': 'Asia/Vladivostok',
  'Ulaanbaatar Standard Time': 'Asia/Ulaanbaatar',
  'Philippines Standard Time': 'Asia/Manila',
  'West Pacific Standard Time': 'Pacific/Port_Moresby',
  // Japanese Windows
  '東京 (標準時)': 'Asia/Tokyo',
  '東京 (夏時間)': 'Asia/Tokyo',
  '韓国 (標準時)': 'Asia/Seoul',
  '中国 (標準時)': 'Asia/Shanghai',
  協定世界時: 'UTC',
};

/** The IANA zone of a Windows time zone name, or undefined when it is not in the table. */
export function ianaOfWindowsZone(name: string): string | undefined {
  const n = name.trim();
  return (
    TABLE[n] ??
    TABLE[n.replace(/ Daylight Time$/, ' Standard Time')] ??
    TABLE[n.replace(/ Summer Time$/, ' Standard Time')]
  );
}

/** System 6013's time zone value, "-540 Tokyo Standard Time": the bias (UTC − local, minutes) and the name. */
export function parseWindowsZoneValue(v: string): { offsetMin: number; name: string } | undefined {
  const m = /^\s*(-?\d{1,4})\s+(\S.{0,80})$/s.exec(v);
  if (!m) return undefined;
  const bias = Number(m[1]);
  if (Math.abs(bias) > 14 * 60) return undefined;
  return { offsetMin: -bias, name: m[2]!.trim() };
}
