#!/usr/bin/env bash
# Installs the .deb on this machine and uses it as a new admin would, then removes it:
#   1. build the .deb (package.sh) and install it with apt-get; check the user, /etc/rolegate, the unit, the links;
#      install it again over itself, as an upgrade does, and check an edited configuration survives
#   2. the installed console under Xvfb in demo mode: a psql login through its proxy
#   3. the installed headless proxy, started the way the unit starts it (its binary, the rolegate user, the
#      environment file) with the sample configuration pointed at an embedded PostgreSQL and directory: logins
#      for a DBA, an analyst under the sample's read-only policy, and a refused user
#   4. apt-get purge; check nothing is left
# Needs root, a JDK 17, the console jar (mvn -B -ntp -DskipTests package), xvfb-run, psql and openssl; .ci/run
# installs what is missing and runs this after the tests. Prints how long each step took.
#   installer/smoke-test.sh [path/to/rolegate_*.deb]    (without an argument it builds one)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")

[ "$(id -u)" = 0 ] || { echo "smoke: run as root (it installs and purges a package)" >&2; exit 2; }
if dpkg -s rolegate >/dev/null 2>&1; then
  echo "smoke: rolegate is installed here and this test would purge it with its /etc/rolegate;" \
    "remove it first (apt-get purge rolegate)" >&2
  exit 2
fi

tmp=$(mktemp -d /tmp/rolegate-smoke.XXXXXX)
chmod 755 "$tmp"
pids=()
installed=0
cleanup() {
  local rc=$?
  for p in "${pids[@]}"; do kill -TERM -- "-$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for _ in $(seq 20); do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done
  done
  if [ $installed = 1 ] && dpkg -s rolegate >/dev/null 2>&1; then apt-get purge -y -q rolegate >/dev/null || true; fi
  if [ $rc != 0 ]; then
    echo "smoke: FAILED (exit $rc); logs:" >&2
    for f in "$tmp"/*.log; do [ -f "$f" ] && { echo "--- $f" >&2; tail -n 40 "$f" >&2; }; done
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

t0=$SECONDS
step_start=$SECONDS
step() { echo "smoke: $1 ($((SECONDS - step_start)) s)"; step_start=$SECONDS; }
fail() { echo "smoke: $*" >&2; exit 1; }
wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...: poll until the command succeeds
  local limit=$1 what=$2; shift 2
  for _ in $(seq $((limit * 2))); do "$@" && return 0; sleep 0.5; done
  fail "gave up after ${limit}s waiting for $what"
}
file_exists() { [ -s "$1" ]; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local p
  for _ in $(seq 50); do p=$((20000 + RANDOM % 20000)); port_open $p || { echo $p; return; }; done
  fail "no free port found"
}
expect_eq() { [ "$2" = "$3" ] || fail "$1: expected '$3', got '$2'"; }

# 1. Build and install -------------------------------------------------------------------------------------------
deb=${1:-}
if [ -z "$deb" ]; then
  "$here/package.sh" --types deb --dest "$tmp/package" > "$tmp/package.log" 2>&1 || fail "package.sh failed"
  grep 'took' "$tmp/package.log" | sed 's/^/  /'
  deb=$(ls "$tmp"/package/rolegate_*.deb)
  step "built $(basename "$deb"), $(du -m "$deb" | cut -f1) MB"
fi
[ -f "$deb" ] || fail "no package file $deb"
# apt fetches the libraries the package declares (GTK, ALSA, X11, ...); a machine that never ran apt-get update
# has no lists to find them in, so update once and retry
install_deb() { DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$(realpath "$deb")" >> "$tmp/apt-install.log" 2>&1; }
install_deb || { apt-get update -q >> "$tmp/apt-install.log" 2>&1 && install_deb; } || fail "apt-get install failed"
installed=1
getent passwd rolegate >/dev/null || fail "no rolegate user after install"
expect_eq "/etc/rolegate owner and mode" "$(stat -c '%U:%G %a' /etc/rolegate)" "root:rolegate 750"
for f in rolegate.yaml rolegate.env; do
  expect_eq "/etc/rolegate/$f owner and mode" "$(stat -c '%U:%G %a' /etc/rolegate/$f)" "root:rolegate 640"
done
unit=/lib/systemd/system/rolegate.service
exec_start=$(sed -n 's/^ExecStart=\([^ ]*\) .*/\1/p' "$unit")
[ -x "$exec_start" ] || fail "the unit's ExecStart program $exec_start is not there"
usage=$("$exec_start" --help 2>&1 || true)
[[ "${usage%%$'\n'*}" == "Usage: rolegate-proxy "* ]] || fail "the packaged launcher's --help names another command: ${usage%%$'\n'*}"
if command -v systemd-analyze >/dev/null; then systemd-analyze verify "$unit" || fail "systemd-analyze rejects $unit"; fi
[ -x /usr/bin/rolegate-console ] && [ -x /usr/bin/rolegate-proxy ] || fail "rolegate-console/rolegate-proxy not on PATH"
grep -q '^Categories=Development;Database;' /usr/share/applications/rolegate-console.desktop \
  || fail "no desktop entry for the console"
icon=$(sed -n 's/^Icon=//p' /usr/share/applications/rolegate-console.desktop)
[ -s "$icon" ] || fail "the desktop entry's icon $icon is missing"
expect_eq "rolegate-proxy --version" "$(rolegate-proxy --version)" "rolegate $(awk -F'[<>]' '/<version>/ { print $3; exit }' "$root/pom.xml")"
step "installed: user, /etc/rolegate, unit, links, desktop entry"

# An upgrade runs the old prerm and the new postinst with the old version: the admin's edits must survive
echo "# edited by the admin" >> /etc/rolegate/rolegate.yaml
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --reinstall "$(realpath "$deb")" > "$tmp/apt-upgrade.log" 2>&1 \
  || fail "reinstalling over the installed package failed"
tail -n 1 /etc/rolegate/rolegate.yaml | grep -q '^# edited by the admin$' || fail "the upgrade replaced the edited rolegate.yaml"
sed -i '$d' /etc/rolegate/rolegate.yaml
[ -f "$unit" ] && [ -x /usr/bin/rolegate-proxy ] && [ -f /usr/share/applications/rolegate-console.desktop ] \
  || fail "the unit, the links or the desktop entry are gone after an upgrade"
step "upgraded in place: the edited configuration kept, the unit and links still there"

# 2. The console's demo under Xvfb -------------------------------------------------------------------------------
mkdir -p "$tmp/console-tmp"
# its own temporary folder: the demo's PostgreSQL and files live there and go with $tmp whatever happens
JAVA_TOOL_OPTIONS="-Djava.io.tmpdir=$tmp/console-tmp" setsid xvfb-run -a -s "-screen 0 1400x900x24" \
  rolegate-console --demo "--demo-env=$tmp/demo.env" > "$tmp/console.log" 2>&1 &
console=$!
pids+=("$console")
demo_ready() { # the connection file, or stop waiting at once when the console says the demo failed
  ! grep -q 'ERROR ConsoleApp' "$tmp/console.log" || fail "the console could not start its demo (log below)"
  kill -0 "$console" 2>/dev/null || fail "the console exited before its demo was up (log below)"
  file_exists "$tmp/demo.env"
}
wait_for 120 "the console's demo to write its connection file" demo_ready
login=$(set -a; . "$tmp/demo.env"; psql -X -tA -c "SELECT current_user || ' ' || count(*) FROM orders")
expect_eq "psql through the console's proxy" "$login" "alice 500"
# SIGTERM to the console alone (not to Xvfb, whose end would take GTK and the JVM down without shutdown hooks);
# xvfb-run stops Xvfb once the console has exited
jvm=$(pgrep -P "$console" -f rolegate-console) || fail "no console process under xvfb-run"
kill -TERM "$jvm"
wait "$console" || true
pids=()
# the embedded PostgreSQL is stopped by a shutdown hook in the JVM, and takes a moment to finish
no_process_under() { ! pgrep -f "$1" >/dev/null; }
wait_for 20 "the demo's PostgreSQL to stop with the console" no_process_under "$tmp/console-tmp"
step "console demo: window up under Xvfb, alice logged in through its proxy, stopped"

# 3. The headless proxy with the sample configuration ------------------------------------------------------------
svc=$tmp/service
install -d -o rolegate -g rolegate -m 700 "$svc" "$svc/data"
mkdir "$tmp/backends" # root's: zonky runs initdb in a user namespace as root, which may not enter rolegate's folders
setsid java -cp /opt/rolegate/lib/app/rolegate-console.jar "$here/smoke/SmokeBackends.java" "$tmp/backends" \
  > "$tmp/backends.log" 2>&1 &
backends=$!
pids+=("$backends")
wait_for 120 "the embedded PostgreSQL and directory" file_exists "$tmp/backends/backends.env"
# shellcheck disable=SC1091
. "$tmp/backends/backends.env"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=localhost \
  -keyout "$svc/server.key" -out "$svc/server.crt" 2>/dev/null
chown rolegate:rolegate "$svc/server.key" "$svc/server.crt"
chmod 600 "$svc/server.key"
port=$(free_port)
# The installed sample, pointed at this machine: same keys and structure, other hosts, ports and files. The demo
# directory has the sample's layout (ou=people, ou=groups, cn=dba, cn=analysts, the service account) under
# dc=demo,dc=rolegate.
sed -e 's/dc=example,dc=org/dc=demo,dc=rolegate/g' \
    -e 's#^  host: 0\.0\.0\.0 .*#  host: 127.0.0.1#' -e "s#^  port: 6432 .*#  port: $port#" \
    -e "s#/etc/rolegate/server\.\(crt\|key\)#$svc/server.\1#" \
    -e 's#^  host: db\.example\.org .*#  host: 127.0.0.1#' -e "s#^  port: 5432 .*#  port: $UPSTREAM_PORT#" \
    -e 's#^  tls: verify-full .*#  tls: disable#' -e '/^  rootCert: /d' \
    -e "s#^  urls: \[ldaps://.*#  urls: [$LDAP_URL]#" -e '/^  trustCa: /d' \
    /etc/rolegate/rolegate.yaml > "$svc/rolegate.yaml"
! sed 's/#.*//' "$svc/rolegate.yaml" | grep -n 'example\.org\|/etc/rolegate/\|ldaps:' \
  || fail "the sample changed: the lines above were not pointed at the smoke test's servers"
sed -e "s#^ROLEGATE_LDAP_PASSWORD=.*#ROLEGATE_LDAP_PASSWORD=$ROLEGATE_LDAP_PASSWORD#" \
    -e "s#^ROLEGATE_ADMIN_PASSWORD=.*#ROLEGATE_ADMIN_PASSWORD=$ROLEGATE_ADMIN_PASSWORD#" \
    /etc/rolegate/rolegate.env > "$svc/rolegate.env"
chown root:rolegate "$svc/rolegate.yaml" "$svc/rolegate.env"
chmod 640 "$svc/rolegate.yaml" "$svc/rolegate.env"
# like the unit: its user, its environment file, its program (exec all the way, so $! is the proxy itself)
as_service=(bash -c 'set -a; . "$0"; set +a; exec setpriv --reuid rolegate --regid rolegate --init-groups "$@"'
  "$svc/rolegate.env" "$exec_start")
"${as_service[@]}" config check --config "$svc/rolegate.yaml" > "$tmp/config-check.log" 2>&1 \
  || fail "config check refuses the adapted sample"
"${as_service[@]}" --config "$svc/rolegate.yaml" --data-dir "$svc/data" > "$tmp/proxy.log" 2>&1 &
proxy=$!
pids+=("$proxy")
wait_for 60 "the headless proxy on port $port" port_open "$port"
connect="host=127.0.0.1 port=$port dbname=reporting sslmode=require"
alice=$(PGPASSWORD=$ALICE_PASSWORD psql -X -tA "$connect user=alice" \
  -c "SELECT current_user || ' ' || pg_has_role('dba_role', 'member')")
expect_eq "alice (cn=dba → dba_role)" "$alice" "alice true"
bob=$(PGPASSWORD=$BOB_PASSWORD psql -X -tA "$connect user=bob" -c "SHOW default_transaction_read_only")
expect_eq "bob (cn=analysts → analyst_role, the sample's read-only policy)" "$bob" "on"
if dave=$(PGPASSWORD=$DAVE_PASSWORD psql -X -tA "$connect user=dave" -c "SELECT 1" 2>&1); then
  fail "dave (in no mapped group) logged in"
fi
[[ "$dave" == *'rolegate: user "dave"'* ]] || fail "dave's refusal does not say why: $dave"
[ -f "$svc/data/master.key" ] || fail "no master key created in the data directory"
# the bundled BoringSSL must load from the packaged runtime (else client TLS falls back to the slower JDK engine)
grep -q 'Listener TLS certificate .*(native)' "$tmp/proxy.log" \
  || fail "the packaged proxy terminates TLS without BoringSSL: $(grep 'Listener TLS' "$tmp/proxy.log")"
kill -TERM "$proxy"
code=0; wait "$proxy" || code=$?
[ $code = 0 ] || [ $code = 143 ] || fail "the proxy exited with $code on SIGTERM (the unit expects 0 or 143)"
kill -TERM -- "-$backends"
wait "$backends" || true
pids=()
step "headless proxy as the unit runs it, sample config, TLS on BoringSSL: alice and bob in, dave refused, stopped ($code)"

# 4. Purge --------------------------------------------------------------------------------------------------------
apt-get purge -y -q rolegate > "$tmp/apt-purge.log" 2>&1 || fail "apt-get purge failed"
installed=0
for f in /opt/rolegate /etc/rolegate "$unit" /usr/bin/rolegate-console /usr/bin/rolegate-proxy \
         /usr/share/applications/rolegate-console.desktop; do
  [ ! -e "$f" ] && [ ! -L "$f" ] || fail "$f is still there after purge"
done
! getent passwd rolegate >/dev/null || fail "the rolegate user is still there after purge"
step "purged: no files, no user"
echo "smoke: all passed in $((SECONDS - t0)) s"
