#!/usr/bin/env bash
# Captures each console view into src-docs/images/: runs `rolegate-console.jar --demo` in a virtual X server
# (Xvfb), sends real traffic through the demo proxy with psql and pgbench, and clicks through the views with xdotool.
# Usage: app/screenshots.sh            (builds the jar first when it is missing)
#        SIZE=1024x700 OUT=/tmp/shots QUICK=1 app/screenshots.sh
#   SIZE   the window (and screen) size, default 1400x900; the full tour's clicks are laid out for 1400x900
#   OUT    where the PNGs go, default src-docs/images
#   QUICK  1: log in, start the demo traffic, capture each view by its Ctrl+1…6 shortcut, no clicks (any SIZE)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-${SCREENSHOT_DIR:-src-docs/images}}
size=${SIZE:-1400x900}
width=${size%x*}
height=${size#*x}

if [ -z "${ROLEGATE_IN_XVFB:-}" ]; then
  missing=()
  command -v xvfb-run >/dev/null || missing+=(xvfb xauth)
  dpkg -s libgtk-3-0 >/dev/null 2>&1 || missing+=(libgtk-3-0)
  command -v import >/dev/null || missing+=(imagemagick)
  command -v xdotool >/dev/null || missing+=(xdotool)
  command -v xclip >/dev/null || missing+=(xclip)
  command -v pgbench >/dev/null || missing+=(postgresql-client)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "screenshots: installing ${missing[*]}"
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
  fi
  [ -f app/target/rolegate-console.jar ] || mvn -B -q -pl app -am package -DskipTests
  ROLEGATE_IN_XVFB=1 exec xvfb-run -a -s "-screen 0 ${width}x${height}x24" "$0" "$@"
fi

mkdir -p "$out"
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# a private preferences directory: the screenshots must not depend on (or change) this user's window memory
java -Djava.util.prefs.userRoot="$work/prefs" -jar app/target/rolegate-console.jar --demo >"$work/console.log" 2>&1 &
console=$!
pids+=("$console")

window=""
for _ in $(seq 60); do
  window=$(xdotool search --name "Rolegate console" 2>/dev/null | head -1 || true)
  [ -n "$window" ] && break
  sleep 1
done
[ -n "$window" ] || { echo "screenshots: the console window never appeared"; cat "$work/console.log"; exit 1; }
# no window manager under Xvfb: place the window over the whole screen ourselves
xdotool windowmove "$window" 0 0 windowsize "$window" "$width" "$height"
xdotool mousemove $((width / 2)) $((height / 2))

# Engine > Copy psql command (Ctrl+Shift+C) puts the demo's command on the clipboard once the proxy runs
command=""
for _ in $(seq 120); do
  xdotool key ctrl+shift+c
  command=$(xclip -o -selection clipboard 2>/dev/null || true)
  [[ "$command" == PGPASSWORD=* ]] && break
  sleep 1
done
[[ "$command" == PGPASSWORD=* ]] || { echo "screenshots: the demo never showed its psql command"; exit 1; }
password=$(sed -E "s/^PGPASSWORD='([^']*)'.*/\1/" <<<"$command")
conninfo=$(sed -E 's/^[^"]*"([^"]*)".*/\1/' <<<"$command")
export PGPASSWORD="$password"
conn() { echo "${conninfo/application_name=psql-demo/application_name=$1}"; }

shot() { sleep "${2:-1}"; import -window root "$out/$1.png"; echo "screenshots: $out/$1.png"; }
click() { xdotool mousemove "$1" "$2" click 1; }

# the demo's console login: alice (the demo's DBA, in the console admin group) has the psql line's password;
# the user name field has the focus
xdotool mousemove $((width / 2)) $((height - 50))
shot login 1
xdotool type --delay 40 alice
xdotool key Tab
xdotool type --delay 40 "$password"
xdotool key Return
sleep 4

traffic() {
  # traffic a DBA would see: a long report, a forgotten open transaction, a dashboard polling, and pgbench
  # running point lookups on the demo's orders table (a custom script: no pgbench -i bulk load to dwarf the chart)
  # the dashboard connects first so it is session #1, the one the throughput view's picker charts below
  (echo "SELECT customer, sum(amount) FROM orders GROUP BY customer ORDER BY 2 DESC \\watch 0.5") \
    | psql "$(conn dashboard)" -q >/dev/null 2>&1 &
  pids+=($!)
  sleep 1
  psql "$(conn monthly-report)" -qc "SELECT pg_sleep(600)" >/dev/null 2>&1 &
  pids+=($!)
  (echo "BEGIN;"; echo "UPDATE orders SET amount = amount WHERE id = 1;"; sleep 600) \
    | psql "$(conn forgotten-transaction)" -q >/dev/null 2>&1 &
  pids+=($!)
  printf '%s\n' '\set id random(1, 500)' 'SELECT * FROM orders WHERE id = :id;' >"$work/lookup.sql"
  pgbench "$(conn pgbench)" -n -f "$work/lookup.sql" -c 3 -T 600 -R 150 >/dev/null 2>&1 &
  pids+=($!)
}

if [ "${QUICK:-}" = 1 ]; then
  traffic
  sleep 30
  n=1
  for view in sessions throughput directory mapping audit settings; do
    xdotool key "ctrl+$n"
    shot "$view-$size" 5
    n=$((n + 1))
  done
  xdotool key ctrl+q
  for _ in $(seq 30); do kill -0 "$console" 2>/dev/null || break; sleep 1; done
  exit 0
fi

# coordinates are of the 1400x900 window laid out by the console's stylesheets
xdotool key ctrl+3
sleep 3
click 260 276            # the dba group (By OU): its members and roles
click 820 568            # look up a user: groups with their nesting path, account state
xdotool type --delay 40 alice
xdotool key Return
shot directory 2

# before any traffic, so no per-user role cards move the group roles around: drag interns onto analyst_role
xdotool key ctrl+4
sleep 3
xdotool mousemove 290 314 mousedown 1
for x in 300 340 400 480 560 590; do xdotool mousemove "$x" 240; sleep 0.15; done
xdotool mouseup 1
shot mapping-dry-run 3
xdotool key Return       # Apply
shot mapping 3
xdotool key ctrl+z       # undo: its dry run ...
sleep 2
xdotool key Return       # ... applied, so the demo stays as it started
sleep 2

traffic

sleep 40
xdotool key ctrl+1
click 430 272            # a session row: its detail pane fills in
shot sessions 2

xdotool key ctrl+2
click 1120 532           # the per-session picker ...
xdotool key Down Return  # ... and its first live session
shot throughput 20

xdotool key ctrl+1
click 430 138            # filter down to the long report and select it
xdotool type --delay 40 "monthly"
click 430 212
click 1320 138           # Disconnect…
sleep 1
xdotool mousemove 700 450
xdotool type --delay 40 "blocks the nightly vacuum"
shot disconnect-dialog 1
xdotool key Return
shot session-ended 1.5

# Audit: the disconnect just made, under alice's directory name, heads the history (her console login is below it)
xdotool key ctrl+5
sleep 3
click 600 283            # the disconnect: its detail pane names who did it and why
shot audit 2

# Settings: a bad port and a malformed directory URL, refused under their fields by the engine's own loader,
# and the history pane comparing version 1 with the running configuration
xdotool key ctrl+6
sleep 2
click 700 252            # directory URLs
xdotool key ctrl+a
xdotool type --delay 30 "ldap//dc1.example.org"
click 700 668            # upstream port
xdotool key ctrl+a
xdotool type --delay 30 "54x2"
click 1050 252           # history: version 1
click 245 138            # Save…
shot settings 3

xdotool key ctrl+q
for _ in $(seq 30); do kill -0 "$console" 2>/dev/null || break; sleep 1; done

# without --demo the console first asks where the engine keeps its files and which server it fronts
java -Djava.util.prefs.userRoot="$work/prefs" -jar app/target/rolegate-console.jar >"$work/prompt.log" 2>&1 &
prompt=$!
pids+=("$prompt")
for _ in $(seq 60); do
  xdotool search --name '^Rolegate$' >/dev/null 2>&1 && break
  sleep 1
done
xdotool mousemove 700 450
shot startup-settings 2
xdotool key Escape
for _ in $(seq 30); do kill -0 "$prompt" 2>/dev/null || break; sleep 1; done
