#!/usr/bin/env bash
# Make a Chromium available for the browser tests, without any browser download
# of Playwright's own where the system can provide one:
#   1. a system Chromium already installed: use it;
#   2. apt-get present (Debian, Ubuntu): install the distribution's chromium;
#   3. otherwise: Playwright's own Chromium build.
set -euo pipefail
for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then
        echo "chromium: using $(command -v "$candidate")"
        exit 0
    fi
done
if command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    echo "chromium: installing the distribution's package with apt-get"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium
    exit 0
fi
echo "chromium: no system browser and no apt-get; using Playwright's own Chromium"
"${VENV:-.venv}/bin/python" -m playwright install chromium
