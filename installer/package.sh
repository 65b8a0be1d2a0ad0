#!/usr/bin/env bash
# Builds the Linux packages of Rolegate with jpackage: an app-image (a folder that runs in place) and a .deb.
# Both hold the console (bin/rolegate), the headless proxy (bin/rolegate-proxy, same jar) and a Java runtime
# trimmed by jlink to the modules in package/jlink-modules.txt; the .deb also sets up the service (see
# package/deb/postinst). Run through Maven, which passes the version from the POM:
#   mvn -B -ntp -Ppackage -pl installer -am package -DskipTests
# or directly, after `mvn -B -ntp -DskipTests package`:
#   installer/package.sh [--version 0.1.0-SNAPSHOT] [--dest installer/target/jpackage] [--types "app-image deb"]
set -euo pipefail
# dpkg-deb compresses with gzip unless told otherwise: measured here, xz made a 4 % smaller .deb (99 MB instead of
# 103 MB: the jar inside is compressed already) in 2 minutes instead of 14 s. DPKG_DEB_COMPRESSOR_TYPE=xz for xz.
export DPKG_DEB_COMPRESSOR_TYPE=${DPKG_DEB_COMPRESSOR_TYPE:-gzip}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
version=$(awk -F'[<>]' '/<version>/ { print $3; exit }' "$root/pom.xml")
dest=$here/target/jpackage
types="app-image deb"
while [ $# -gt 0 ]; do
  case "$1" in
    --version) version=$2; shift 2 ;;
    --dest) dest=$2; shift 2 ;;
    --types) types=$2; shift 2 ;;
    *) echo "package.sh: unknown argument $1 (see the comment at the top)" >&2; exit 2 ;;
  esac
done
jar=$root/app/target/rolegate-console.jar
[ -f "$jar" ] || { echo "package.sh: $jar is missing: build it with mvn -B -ntp -DskipTests package" >&2; exit 1; }
for tool in jlink jpackage; do
  command -v $tool >/dev/null || { echo "package.sh: $tool not found: it comes with a JDK 17 (not a JRE)" >&2; exit 1; }
done

# jpackage wants a numeric version (1 to 3 dot-separated numbers): 0.1.0-SNAPSHOT → 0.1.0. A snapshot's .deb
# says so in its Debian revision, 0.1.0-0.snapshot.<UTC time>: later snapshots upgrade earlier ones, and apt
# sorts them all before the release's 0.1.0-1.
app_version=${version%%-*}
release=1
[ "$app_version" = "$version" ] || release=0.snapshot.$(date -u +%Y%m%d%H%M)

work=$dest/work
rm -rf "$work" "$dest/rolegate" "$dest"/rolegate_*.deb
mkdir -p "$work/input" "$dest"
cp "$jar" "$work/input/"
timed() { local what=$1 t0=$SECONDS; shift; "$@"; echo "package.sh: $what took $((SECONDS - t0)) s"; }

# 1. The runtime. JavaFX is not linked in: the console jar carries JavaFX (with its Linux native libraries) from
#    Maven Central and runs it from the class path, like `java -jar`. Linking it as modules would need Gluon's
#    jmods, which are not on Maven Central, and jlink refuses the non-modular jars around it (netty-all, h2, ...).
#    bin/java stays in (no --strip-native-commands): the service and the smoke test run it.
timed "jlink (trimmed runtime)" jlink --add-modules "$(tr -d ' \n' < "$here/package/jlink-modules.txt")" \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$work/runtime"

# 2. The app-image: the console as the main launcher, the headless proxy as a second one on the same jar.
timed "jpackage app-image" jpackage --type app-image --dest "$dest" --name rolegate --app-version "$app_version" \
  --vendor "Rolegate" --description "PostgreSQL proxy with directory-driven roles, and its DBA console" \
  --input "$work/input" --main-jar rolegate-console.jar --main-class io.rolegate.console.Launcher \
  --runtime-image "$work/runtime" --icon "$here/package/rolegate.png" \
  --add-launcher rolegate-proxy="$here/package/proxy-launcher.properties"

# 3. What the service needs, inside the image; the .deb's postinst copies it into /etc and /lib/systemd.
share=$dest/rolegate/lib/service
mkdir -p "$share"
cp "$here/rolegate.yaml.sample" "$here/rolegate.env.sample" "$here/haproxy.cfg.sample" "$share/"
# The packaged unit runs the bundled launcher instead of a system Java with the stand-alone jar.
sed 's#^ExecStart=/usr/bin/java -jar /opt/rolegate/rolegate-proxy.jar #ExecStart=/opt/rolegate/bin/rolegate-proxy #' \
  "$here/systemd/rolegate.service" > "$share/rolegate.service"
grep -q '^ExecStart=/opt/rolegate/bin/rolegate-proxy ' "$share/rolegate.service" || {
  echo "package.sh: the unit's ExecStart line changed; update the sed above" >&2; exit 1; }

# 4. The .deb, from that image. libgtk-3-0: JavaFX's window toolkit on Linux; the rest jpackage finds with ldd.
if [[ " $types " == *" deb "* ]]; then
  timed "jpackage deb" jpackage --type deb --dest "$dest" --app-image "$dest/rolegate" --name rolegate \
    --app-version "$app_version" --linux-app-release "$release" \
    --vendor "Rolegate" --description "PostgreSQL proxy with directory-driven roles, and its DBA console" \
    --linux-deb-maintainer "rolegate@example.org" --linux-package-deps libgtk-3-0 \
    --linux-menu-group "Development;Database;" --linux-app-category database --linux-shortcut \
    --icon "$here/package/rolegate.png" --resource-dir "$here/package/deb" \
    --install-dir /opt
fi
[[ " $types " == *" app-image "* ]] || rm -rf "$dest/rolegate"
rm -rf "$work"
ls -l "$dest"
