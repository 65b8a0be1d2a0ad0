#!/usr/bin/env bash
# Prints the JDK modules the console jar needs, as jlink-modules.txt lists them. Slow (about two minutes: jdeps
# reads every class of the 66 MB jar), so it is not part of each package build: run it after a dependency change
# and commit the new list if it differs. package.sh builds from the committed list; the smoke test proves the
# trimmed runtime runs the console, the demo and the headless proxy.
#   installer/package/find-modules.sh [app/target/rolegate-console.jar]
set -euo pipefail
jar=$(realpath "${1:-$(dirname "$0")/../../app/target/rolegate-console.jar}")
classes=$(mktemp -d)
trap 'rm -rf "$classes"' EXIT
# Unpacked, not the jar itself: the shaded jar keeps some dependencies' META-INF/versions/*/module-info.class, so
# jdeps would take it for a named module whose requirements (io.netty.common, ...) are missing. As plain classes
# it is analysed like the class path the console really runs on.
unzip -q "$jar" -x 'META-INF/*' -d "$classes"
found=$(jdeps --ignore-missing-deps --print-module-deps --recursive "$classes")
# Modules reached only through ServiceLoader or reflection, which jdeps cannot see:
#   jdk.crypto.ec   elliptic-curve key exchange and certificates for TLS (listener, upstream, LDAPS)
#   jdk.localedata  date and number formats in the console for locales other than English
#   jdk.security.auth  zonky's embedded PostgreSQL (the demo) reads the uid through UnixSystem by reflection;
#                   without it, run as root, it skips its `unshare -U` and initdb refuses to run as root
echo "$found,jdk.crypto.ec,jdk.localedata,jdk.security.auth" | tr ',' '\n' | sort -u | paste -sd, -
