#!/usr/bin/env bash
# Container HEALTHCHECK without curl: GET the actuator liveness group over bash's /dev/tcp and look for "UP".
set -euo pipefail
port="${SERVER_PORT:-8080}"
exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET /actuator/health/liveness HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
grep -q '"status":"UP"' <&3
