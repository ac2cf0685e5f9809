#!/usr/bin/env bash
# A CI job with the dev server as a service: started in the background, waited on with GET /api/status, the
# tests run against it through FUSIONAUTH_URL, stopped at the end whatever the tests did.
set -euo pipefail
cd "$(dirname "$0")"
port="${PORT:-9011}"

set -m # the server gets a process group of its own: npx does not pass a signal on, so the group gets it
npx fusionauth-dev-server --port "$port" --data memory --kickstart ../kickstart.json --password-factor 1000 &
server=$!
trap 'kill -- "-$server"' EXIT
for _ in $(seq 100); do
  curl -fsS "http://127.0.0.1:$port/api/status" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS "http://127.0.0.1:$port/api/status" >/dev/null # fails the job if it never came up

FUSIONAUTH_URL="http://127.0.0.1:$port" FUSIONAUTH_API_KEY=example-api-key-for-tests-only-0123456789 \
  node --test login.test.mjs
