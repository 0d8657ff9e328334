#!/bin/sh
# konseki live-response collector for Linux (version @KONSEKI_VERSION@).
# POSIX sh: runs under dash, bash and busybox sh; needs root to see every process; installs nothing
# and writes only below --out. Volatile data first (RFC 3227), then persistence, then logs.
# Usage: sh konseki-collect.sh --out DIR [--max-file-mb N] [--skip-logs] [--suid-scan full|writable|none]
#        [--time-server HOST] [--keep-dir]
# Output: DIR/konseki-collect-<host>-<UTC time>.tar.gz and .tar.gz.sha256; inside, manifest.sha256
# (sha256sum format) covers every collected file and collect.log records every action and error.
# Layout and formats: src/sources/live/FIELDS.md in the konseki repository.

LC_ALL=C
export LC_ALL
umask 077
set -u

OUT=''
MAX_MB=256
SKIP_LOGS=0
SUID_SCAN=full
TIME_SERVER=''
KEEP_DIR=0

usage() {
  echo "usage: $0 --out DIR [--max-file-mb N] [--skip-logs] [--suid-scan full|writable|none] [--time-server HOST] [--keep-dir]" >&2
  exit 2
}

while [ $# -gt 0 ]; do
  case "$1" in
    --out|-o) [ $# -ge 2 ] || usage; OUT=$2; shift 2 ;;
    --max-file-mb) [ $# -ge 2 ] || usage; MAX_MB=$2; shift 2 ;;
    --skip-logs) SKIP_LOGS=1; shift ;;
    --suid-scan) [ $# -ge 2 ] || usage; SUID_SCAN=$2; shift 2 ;;
    --time-server) [ $# -ge 2 ] || usage; TIME_SERVER=$2; shift 2 ;;
    --keep-dir) KEEP_DIR=1; shift ;;
    -h|--help) usage ;;
    *) echo "unknown option: $1" >&2; usage ;;
  esac
done
[ -n "$OUT" ] || usage
case "$MAX_MB" in ''|*[!0-9]*) echo "--max-file-mb needs a number" >&2; exit 2 ;; esac
case "$SUID_SCAN" in full|writable|none) ;; *) usage ;; esac

TAB=$(printf '\t')
NL='
'
HOST=$(cat /proc/sys/kernel/hostname 2>/dev/null || hostname 2>/dev/null || echo unknown)
HOST=$(printf '%s' "$HOST" | tr -c 'A-Za-z0-9._-' '_')
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
NAME="konseki-collect-$HOST-$STAMP"
mkdir -p "$OUT" || { echo "cannot create $OUT" >&2; exit 1; }
OUT=$(cd "$OUT" && pwd -P) || exit 1
C="$OUT/$NAME"
mkdir "$C" || { echo "cannot create $C" >&2; exit 1; }
mkdir -p "$C/volatile" "$C/volatile/exe" "$C/fs" "$C/lists"
LOG="$C/collect.log"
: > "$LOG"

log() { printf '%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$1" "$2" >> "$LOG"; }
have() { command -v "$1" >/dev/null 2>&1; }
if have timeout; then TO='timeout 60'; else TO=''; fi

# run NAME COMMAND...: stdout into volatile/NAME, stderr and exit status into the log
run() {
  name=$1
  shift
  if ! have "$1"; then log skip "$name: $1 not found"; return 0; fi
  # shellcheck disable=SC2086
  $TO "$@" > "$C/volatile/$name" 2> "$C/volatile/.err"
  rc=$?
  if [ -s "$C/volatile/.err" ]; then log stderr "$name: $(head -c 2000 "$C/volatile/.err" | tr '\n' ' ')"; fi
  rm -f "$C/volatile/.err"
  log run "$name: $* (exit $rc)"
}

# keep SRC: copy a file or directory tree below fs/ keeping its path, times and modes (links kept as links)
keep() {
  src=$1
  [ -e "$src" ] || [ -L "$src" ] || return 0
  case "$src" in "$OUT"|"$OUT"/*) return 0 ;; esac
  dir=$(dirname "$src")
  mkdir -p "$C/fs$dir"
  if cp -pPR "$src" "$C/fs$dir/" 2> "$C/.cperr"; then
    log copy "$src"
  else
    log error "copy $src: $(head -c 500 "$C/.cperr" | tr '\n' ' ')"
  fi
  rm -f "$C/.cperr"
}

# list PATHS...: type, mode, owner, size, mtime and ctime of files (ctime survives cp -p, this keeps it)
STATFMT="%F$TAB%a$TAB%u$TAB%g$TAB%s$TAB%Y$TAB%Z$TAB%n"
list() {
  printf '#konseki-files v1 host=%s collected=%s list=%s\n' "$HOST" "$(date +%s)" "$1"
  shift
  find "$@" -xdev -path "$OUT" -prune -o \( -type f -o -type l -o -type d \) -exec stat -c "$STATFMT" {} + 2>/dev/null
}

log start "konseki collector @KONSEKI_VERSION@ on $HOST as uid $(id -u), pid $$, out $C"
[ "$(id -u)" = 0 ] || log warning "not root: other users' processes, sockets and files will be missing"
{
  echo "collector=konseki-linux"
  echo "version=@KONSEKI_VERSION@"
  echo "host=$HOST"
  echo "started_utc=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "started_epoch=$(date +%s)"
  echo "collector_pid=$$"
  echo "uid=$(id -u)"
  echo "kernel=$(uname -srvm 2>/dev/null)"
  echo "max_file_mb=$MAX_MB"
  echo "skip_logs=$SKIP_LOGS"
  echo "suid_scan=$SUID_SCAN"
  [ -r /etc/os-release ] && sed -n 's/^PRETTY_NAME=/os=/p' /etc/os-release | tr -d '"'
} > "$C/meta.txt"

# ---- 1. volatile: processes -------------------------------------------------------------------
BTIME=$(awk '/^btime /{print $2}' /proc/stat 2>/dev/null)
CLK=$(getconf CLK_TCK 2>/dev/null || echo 100)
P="$C/volatile/processes.tsv"
printf '#konseki-processes v1 host=%s collected=%s btime=%s clk_tck=%s collector_pid=%s\n' "$HOST" "$(date +%s)" "$BTIME" "$CLK" "$$" > "$P"
printf 'pid\tppid\tuid\tuser\tstate\tstart_ticks\texe\tcwd\texe_sha256\tcomm\tcmdline\n' >> "$P"
EXE_MAX=$((MAX_MB * 1024 * 1024))
# few forks per process (a loaded host has thousands): builtins read stat, status and comm; one awk pass
# afterwards adds user names and caps the command lines
for d in /proc/[0-9]*; do
  pid=${d#/proc/}
  stat=''
  read -r stat 2>/dev/null < "$d/stat" || continue
  [ -n "$stat" ] || continue
  comm=${stat#*(}
  comm=${comm%)*}
  rest=${stat##*) }
  set -f
  # shellcheck disable=SC2086
  set -- $rest
  set +f
  state=${1:-?}
  ppid=${2:-0}
  if [ $# -ge 20 ]; then shift 19; start=$1; else start=''; fi
  uid=''
  while read -r k v _; do
    if [ "$k" = "Uid:" ]; then uid=$v; break; fi
  done 2>/dev/null < "$d/status"
  exe=$(readlink "$d/exe" 2>/dev/null)
  cwd=$(readlink "$d/cwd" 2>/dev/null)
  case "$exe$cwd$comm" in *"$TAB"*|*"$NL"*)
    exe=$(printf '%s' "$exe" | tr '\t\n' '??'); cwd=$(printf '%s' "$cwd" | tr '\t\n' '??'); comm=$(printf '%s' "$comm" | tr '\t\n' '??') ;;
  esac
  cmd=$(tr '\000\t\n\r' '    ' < "$d/cmdline" 2>/dev/null)
  sum=-
  # an executable that was deleted, or that lives in a world-writable place, is kept for analysis
  case "$exe" in
    *' (deleted)'|/tmp/*|/var/tmp/*|/dev/shm/*|/run/user/*|/home/*|/var/www/*)
      if head -c "$EXE_MAX" "$d/exe" > "$C/volatile/exe/$pid.bin" 2>/dev/null; then
        sum=$(sha256sum "$C/volatile/exe/$pid.bin" | cut -d' ' -f1)
        log copy "executable of pid $pid ($exe) to volatile/exe/$pid.bin"
      else
        rm -f "$C/volatile/exe/$pid.bin"
        log error "cannot copy the executable of pid $pid ($exe)"
      fi
      ;;
  esac
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$pid" "$ppid" "${uid:--}" "$state" "$start" \
    "${exe:--}" "${cwd:--}" "$sum" "$comm" "$cmd" >> "$P.raw"
done
awk -v OFS="$TAB" '
  FILENAME == passwd { split($0, f, ":"); if (!(f[3] in name)) name[f[3]] = f[1]; next }
  { u = ($3 in name) ? name[$3] : "-"; cmd = $10; for (i = 11; i <= NF; i++) cmd = cmd " " $i
    print $1, $2, $3, u, $4, $5, $6, $7, $8, $9, substr(cmd, 1, 8192) }
' passwd=/etc/passwd FS=: /etc/passwd FS="$TAB" "$P.raw" >> "$P" 2>>"$LOG" || log error "process table: awk failed"
rm -f "$P.raw"
log run "process table: $(($(wc -l < "$P") - 2)) processes"
run ps.txt ps -eo pid,ppid,user,lstart,etime,stat,tty,args -ww
[ -s "$C/volatile/ps.txt" ] || run ps.txt ps w

# ---- sockets with their processes (from /proc/net and each process's fd links) ----------------
# shellcheck disable=SC2012 # one ls for every process beats one readlink per descriptor; only socket:[inode] is read
ls -l /proc/[0-9]*/fd/ 2>/dev/null | awk '
  /^\/proc\/[0-9]+\/fd\/?:$/ { split($0, p, "/"); pid = p[3]; next }
  /socket:\[/ { s = $0; sub(/.*socket:\[/, "", s); sub(/\].*/, "", s); print s "\t" pid }
' > "$C/volatile/.inodes"
S="$C/volatile/sockets.tsv"
printf '#konseki-sockets v1 host=%s collected=%s\n' "$HOST" "$(date +%s)" > "$S"
printf 'proto\tlocal_addr\tlocal_port\tremote_addr\tremote_port\tstate\tuid\tinode\tpid\tcomm\texe\n' >> "$S"
for f in tcp tcp6 udp udp6; do
  [ -r "/proc/net/$f" ] || continue
  cp "/proc/net/$f" "$C/volatile/proc_net_$f.txt" 2>/dev/null
  awk -v proto="$f" -v OFS="$TAB" '
    function hex(h,   i, v) { v = 0; h = toupper(h); for (i = 1; i <= length(h); i++) v = v * 16 + index("0123456789ABCDEF", substr(h, i, 1)) - 1; return v }
    function le4(h) { return hex(substr(h, 7, 2)) "." hex(substr(h, 5, 2)) "." hex(substr(h, 3, 2)) "." hex(substr(h, 1, 2)) }
    function word6(w,   b) { b = substr(w, 7, 2) substr(w, 5, 2) substr(w, 3, 2) substr(w, 1, 2); return tolower(substr(b, 1, 4)) ":" tolower(substr(b, 5, 4)) }
    function addr(a,   h, i, s) { h = substr(a, 1, index(a, ":") - 1); if (length(h) == 8) return le4(h); s = ""; for (i = 0; i < 4; i++) s = s (i ? ":" : "") word6(substr(h, i * 8 + 1, 8)); return s }
    function port(a) { return hex(substr(a, index(a, ":") + 1)) }
    BEGIN { split("ESTABLISHED SYN_SENT SYN_RECV FIN_WAIT1 FIN_WAIT2 TIME_WAIT CLOSE CLOSE_WAIT LAST_ACK LISTEN CLOSING NEW_SYN_RECV", st, " ") }
    FILENAME == inodes { owner[$1] = (owner[$1] == "" ? $2 : owner[$1]); next }
    FILENAME == procs { if (FNR > 2) { comm[$1] = $10; exe[$1] = $7 } next }
    FNR == 1 { next }
    {
      state = st[hex($4)]; if (proto ~ /^udp/) state = (hex($4) == 7 ? "UNCONN" : "ESTABLISHED")
      pid = owner[$10]
      print proto, addr($2), port($2), addr($3), port($3), state, $8, $10, (pid == "" ? "-" : pid), (pid == "" ? "-" : comm[pid]), (pid == "" ? "-" : exe[pid])
    }
  ' inodes="$C/volatile/.inodes" procs="$P" FS="$TAB" "$C/volatile/.inodes" "$P" FS=' ' "/proc/net/$f" >> "$S" 2>>"$LOG"
done
rm -f "$C/volatile/.inodes"
log run "socket table: $(($(wc -l < "$S") - 2)) sockets"
run ss.txt ss -tunap
run netstat.txt netstat -tunap

# ---- logged-in users, network configuration, kernel, mounts, clock -----------------------------
run who.txt who -a
run w.txt w
keep /run/utmp
keep /var/run/utmp
run ip-addr.txt ip addr
run ip-route.txt ip route show table all
run ip-neigh.txt ip neigh
cp /proc/net/route "$C/volatile/proc_net_route.txt" 2>/dev/null
cp /proc/net/arp "$C/volatile/proc_net_arp.txt" 2>/dev/null
run iptables.txt iptables-save
run nft.txt nft list ruleset
cp /proc/modules "$C/volatile/proc_modules.txt" 2>/dev/null
run lsmod.txt lsmod
cat /proc/sys/kernel/tainted > "$C/volatile/kernel_tainted.txt" 2>/dev/null
cp /proc/mounts "$C/volatile/proc_mounts.txt" 2>/dev/null
run df.txt df -P
run uptime.txt uptime
{
  echo "utc=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "epoch=$(date +%s)"
  echo "local=$(date '+%Y-%m-%d %H:%M:%S %z')"
  [ -r /etc/timezone ] && echo "timezone=$(cat /etc/timezone)"
  [ -L /etc/localtime ] && echo "localtime=$(readlink /etc/localtime)"
} > "$C/volatile/clock.txt"
run hwclock.txt hwclock -r
run timedatectl.txt timedatectl status
run chrony-tracking.txt chronyc -n tracking
run ntpq.txt ntpq -pn
if [ -n "$TIME_SERVER" ]; then
  # query only: none of these set the clock
  if have ntpdate; then run time-reference.txt ntpdate -q "$TIME_SERVER"
  elif have sntp; then run time-reference.txt sntp "$TIME_SERVER"
  elif have busybox; then run time-reference.txt busybox ntpd -n -q -w -p "$TIME_SERVER"
  else log skip "time reference: no ntpdate, sntp or busybox ntpd"; fi
fi

# ---- 2. persistence ------------------------------------------------------------------------------
PERSIST='/etc/crontab /etc/cron.d /etc/cron.hourly /etc/cron.daily /etc/cron.weekly /etc/cron.monthly /etc/anacrontab
/var/spool/cron /var/spool/anacron /var/spool/at /etc/systemd/system /etc/systemd/user /run/systemd/system
/lib/systemd/system /usr/lib/systemd/system /etc/init.d /etc/rc.local /etc/rc.d /etc/inittab /etc/xdg/autostart
/etc/passwd /etc/group /etc/sudoers /etc/sudoers.d /etc/profile /etc/profile.d /etc/bash.bashrc /etc/bashrc
/etc/environment /etc/ld.so.preload /etc/ld.so.conf /etc/ld.so.conf.d /etc/ssh/sshd_config /etc/ssh/sshd_config.d
/etc/pam.d /etc/hosts /etc/resolv.conf /etc/modules /etc/modules-load.d /etc/modprobe.d /etc/udev/rules.d
/etc/update-motd.d /etc/os-release /etc/hostname /etc/timezone /etc/localtime'
set -f
for p in $PERSIST; do set +f; keep "$p"; done
set +f
for r in /etc/rc0.d /etc/rc1.d /etc/rc2.d /etc/rc3.d /etc/rc4.d /etc/rc5.d /etc/rc6.d /etc/rcS.d; do keep "$r"; done
# every home directory in passwd: ssh keys, shell start-up files and histories, user units
cut -d: -f6 /etc/passwd 2>/dev/null | sort -u > "$C/lists/.homes"
HOME_FILES=''
while IFS= read -r h; do
  case "$h" in /|''|/proc*|/sys*|/dev*|/nonexistent|/bin|/usr/sbin|/usr/bin|/sbin) continue ;; esac
  [ -d "$h" ] || continue
  for f in .ssh/authorized_keys .ssh/authorized_keys2 .ssh/known_hosts .ssh/config .ssh/rc .bashrc .bash_profile \
    .bash_login .bash_logout .profile .zshrc .zprofile .zlogin .cshrc .tcshrc .bash_history .zsh_history \
    .sh_history .ash_history .python_history .mysql_history .viminfo .config/systemd/user .config/autostart \
    .local/share/systemd/user .pam_environment .xinitrc .xsession; do
    if [ -e "$h/$f" ]; then keep "$h/$f"; HOME_FILES="$HOME_FILES $h/$f"; fi
  done
done < "$C/lists/.homes"
rm -f "$C/lists/.homes"
set -f
# shellcheck disable=SC2086
list persistence $PERSIST $HOME_FILES /etc/rc0.d /etc/rc1.d /etc/rc2.d /etc/rc3.d /etc/rc4.d /etc/rc5.d /etc/rc6.d /etc/rcS.d > "$C/lists/persistence.tsv"
set +f
log run "persistence listing: $(wc -l < "$C/lists/persistence.tsv") entries"
# world-writable places: what lives there now (executables in /dev/shm are rarely innocent)
list writable /tmp /var/tmp /dev/shm /run/user /run/lock > "$C/lists/writable.tsv"
log run "writable places listing: $(wc -l < "$C/lists/writable.tsv") entries"
WRITABLE='/tmp /var/tmp /dev/shm /run/user /run/lock /home /srv /var/www'
if [ "$SUID_SCAN" != none ]; then
  if [ "$SUID_SCAN" = full ]; then ROOTS="/ $WRITABLE"; else ROOTS=$WRITABLE; fi
  # shellcheck disable=SC2086
  {
    printf '#konseki-files v1 host=%s collected=%s list=suid\n' "$HOST" "$(date +%s)"
    find $ROOTS -xdev -path "$OUT" -prune -o -type f \( -perm -4000 -o -perm -2000 \) -exec stat -c "$STATFMT" {} + 2>/dev/null
  } > "$C/lists/suid.tsv"
  log run "setuid/setgid files: $(($(wc -l < "$C/lists/suid.tsv") - 1))"
fi
run systemctl-units.txt systemctl list-units --all --no-pager --plain
run systemctl-unit-files.txt systemctl list-unit-files --no-pager --plain
run systemctl-timers.txt systemctl list-timers --all --no-pager --plain
run lastlog.txt lastlog

# ---- 3. logs and login records --------------------------------------------------------------------
MAX_KB=$((MAX_MB * 1024))
copy_tree() {
  # copy_tree DIR: every regular file below DIR up to the size limit, bigger ones logged as skipped
  [ -d "$1" ] || return 0
  find "$1" -xdev -path "$OUT" -prune -o -type f -size +"$MAX_KB"k -print 2>/dev/null | while IFS= read -r f; do
    log skip "$f: larger than $MAX_MB MiB"
  done
  find "$1" -xdev -path "$OUT" -prune -o -type f ! -size +"$MAX_KB"k -print 2>/dev/null | while IFS= read -r f; do
    d=$(dirname "$f")
    mkdir -p "$C/fs$d"
    cp -p "$f" "$C/fs$d/" 2>/dev/null || log error "copy $f failed"
  done
  log copy "$1 (files up to $MAX_MB MiB)"
}
if [ "$SKIP_LOGS" = 1 ]; then
  log skip "log trees (--skip-logs): only login records copied"
  for f in /var/log/wtmp /var/log/btmp /var/log/lastlog /var/log/faillog /var/log/tallylog; do keep "$f"; done
else
  copy_tree /var/log
  copy_tree /run/log/journal
fi
list logs /var/log /run/log/journal > "$C/lists/logs.tsv"

# ---- manifest, archive, archive hash ---------------------------------------------------------------
log finish "collection finished; hashing every file into manifest.sha256 (this log is final from here)"
# shellcheck disable=SC2094 # manifest.sha256 is excluded from what find lists
(cd "$C" && find . -type f ! -name manifest.sha256 -exec sha256sum {} + > manifest.sha256) || echo "manifest failed" >&2
TGZ="$OUT/$NAME.tar.gz"
if (cd "$OUT" && tar -cf - "$NAME" | gzip -c > "$TGZ"); then
  (cd "$OUT" && sha256sum "$NAME.tar.gz" > "$NAME.tar.gz.sha256")
  [ "$KEEP_DIR" = 1 ] || rm -rf "${C:?}"
  echo "$TGZ"
else
  echo "archive failed; the collection is in $C" >&2
  exit 1
fi
