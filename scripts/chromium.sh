#!/usr/bin/env bash
# Makes sure a headless browser for the explorer's tests is installed: Debian's chromium and
# chromium-driver (the tests drive /usr/bin/chromium through /usr/bin/chromedriver with Selenium,
# never a downloaded driver). Prints the browser's version.
set -euo pipefail
if ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ]; then
  echo "installing chromium and chromium-driver (Debian packages)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-dejavu-core >&2
fi
# (Debian's wrapper script complains on stderr about its memory check; the version is what matters.)
/usr/bin/chromium --version 2>/dev/null
