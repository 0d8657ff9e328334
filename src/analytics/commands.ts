/**
 * Command lines that responders look at twice, shared by the Linux log analyses (cron) and the live
 * response analyses (processes, units, start-up files): downloads piped into shells, reverse shells,
 * decoders, payloads in temporary directories. Linear regexes (no nested quantifiers).
 */
/** Commands that download, decode, open reverse shells or run from temporary directories. */
export const SUSPICIOUS_COMMAND =
  /\b(?:curl|wget|fetch|tftp)\b[^|;]*(?:\||;|&&)\s*(?:ba|z|da|k)?sh\b|\b(?:curl|wget)\b.*\s-[a-zA-Z]*[oO]\s|\/dev\/(?:tcp|udp)\/|\bnc(?:at)?\b.*\s-[a-z]*e\s|\bbase64\s+(?:-d|--decode)\b|\bpython[0-9.]*\s+-c\b|\bperl\s+-e\b|\bsocat\b|\bmkfifo\b|(?:^|[\s'"=;|&])\/(?:tmp|var\/tmp|dev\/shm)\/|\bchmod\s+[+0-7]*x?\s.*\/(?:tmp|dev\/shm)\/|\bbash\s+-i\b|\.onion\b|\bxmrig\b|\bminerd\b/i;

/** Reverse and bind shells: a shell wired to a socket, netcat with a program, interpreters opening sockets and ptys. */
export const REVERSE_SHELL =
  /\/dev\/(?:tcp|udp)\/|\b(?:nc|ncat|netcat|nc\.traditional|nc\.openbsd)\b[^|;&]*\s-[a-z]*[ec]\b|\bsocat\b[^|;&]*\b(?:exec|system):|\bsocat\b[^|;&]*\btcp[46]?(?:-listen)?:|\bpty\.spawn\b|\bpython[0-9.]*\b[^|;&]*\bsocket\b[^|;&]*\b(?:connect|subprocess|dup2)\b|\bperl\b[^|;&]*\b(?:IO::Socket|Socket)\b|\bphp\b[^|;&]*\bfsockopen\b|\bruby\b[^|;&]*\bTCPSocket\b|\bmkfifo\b.{0,200}?\b(?:nc|ncat|netcat|telnet|openssl)\b|\bNet\.Sockets\.TCPClient\b|\bSystem\.Net\.Sockets\b|\bopenssl\s+s_client\b[^|;&]*-quiet/i;

/** An interactive shell started explicitly (`bash -i`): how most reverse shells look once running. */
export const INTERACTIVE_SHELL = /(?:^|[\s/])(?:ba|da|z|k|tc|c|a)?sh\s+(?:-[a-z]*i[a-z]*)(?:\s|$)/;

/** Windows command lines that fetch, decode or hide payloads, or run script hosts from the network (LOLBins). */
export const WINDOWS_SUSPICIOUS =
  /\s-(?:e|en|enc|enco|encod|encode|encoded|encodedc|encodedcommand)\s+[A-Za-z0-9+/=]{16,}|\b(?:iex|invoke-expression)\b|downloadstring|downloadfile|frombase64string|net\.webclient|invoke-webrequest|\biwr\b|start-bitstransfer|\bbitsadmin\b[^|&]*\/transfer|\bcertutil\b[^|&]*-(?:urlcache|decode)|\bmshta\b[^|&]*(?:https?:|javascript:|vbscript:)|\bregsvr32\b[^|&]*\/i:https?:|\brundll32\b[^|&]*(?:javascript:|,\s*#?\d+\s*$|\\appdata\\|\\temp\\)|-w(?:indowstyle)?\s+h(?:idden)?\b|\\users\\public\\|\\appdata\\local\\temp\\|\\windows\\temp\\|\\programdata\\[^\\\s"]+\.(?:exe|dll|ps1|vbs|js|bat)\b/i;
