#!/usr/bin/env bash
# The README's test command: installs what a fresh machine lacks, then builds and runs every test project.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests use as real components: poppler (pdfinfo/pdftotext for the PDF tests),
# aiosmtpd (a real SMTP server for the email tests), chromium (browser tests; Playwright never downloads one),
# postgresql (server binaries for the throwaway cluster the PostgreSQL store tests start; its own service stays unused).
packages=(poppler-utils python3-aiosmtpd chromium postgresql)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The AWS tests run against moto_server (Python moto 5). When it is not on the PATH, install the pinned version into a
# virtual environment of its own under the cache folder, where the tests also look (MotoServer.FindExecutable).
moto_version=5.2.1
moto_venv="${XDG_CACHE_HOME:-$HOME/.cache}/opsreport/moto-$moto_version"
if ! command -v moto_server >/dev/null 2>&1 && [ ! -x "$moto_venv/bin/moto_server" ]; then
  echo "installing: moto[server]==$moto_version into $moto_venv"
  mkdir -p "$(dirname "$moto_venv")"
  if ! { python3 -m venv "$moto_venv" && "$moto_venv/bin/pip" install -q --retries 1 --timeout 20 "moto[server]==$moto_version"; } >"$moto_venv.log" 2>&1; then
    rm -rf "$moto_venv"
    echo "warning: could not install moto[server]==$moto_version (PyPI unreachable or python3-venv missing, see $moto_venv.log); the AWS emulator tests will fail"
  fi
fi
[ -x "$moto_venv/bin/moto_server" ] && export PATH="$moto_venv/bin:$PATH"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build OpsReport.sln -c Release -nologo -v quiet

log=$(mktemp)
status=0
dotnet test OpsReport.sln -c Release --no-build -nologo 2>&1 | tee "$log" || status=$?

# One closing line in the plain 'N passed, N failed' form, summed over the test projects.
awk '/(Passed|Failed)! +- +Failed: +[0-9]+, Passed: +[0-9]+/ {
       gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit $status
