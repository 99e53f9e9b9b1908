#!/usr/bin/env bash
# Makes sure PostgreSQL, Redis and NATS (JetStream) answer on loopback: starts a stopped one with
# the machine's own start command, installs a missing one from Debian, and fails loudly if a
# service still does not answer. Also installs the offline checkers of deploy/ (promtool,
# kubectl, caddy, strip) and curl when missing. Tests never skip for a missing service or tool; this script is why.
set -euo pipefail

log() { printf '[services] %s\n' "$*"; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() {
  local name=$1 port=$2
  for _ in $(seq 1 60); do
    if port_open "$port"; then log "$name is up on :$port"; return 0; fi
    sleep 0.5
  done
  log "$name did not come up on :$port" >&2
  return 1
}

apt_install() {
  log "installing $* from Debian"
  if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_postgres() {
  local installed=""
  if ! port_open 5432; then
    if ! command -v pg_ctlcluster >/dev/null; then apt_install postgresql; installed=1; fi
    local version
    version=$(ls /etc/postgresql | sort -V | tail -1)
    if [ -n "$installed" ]; then
      # A fresh Debian cluster asks for passwords on loopback; CI connects as postgres without one.
      sed -i -E 's/^(host\s+all\s+all\s+(127\.0\.0\.1\/32|::1\/128)\s+)\S+/\1trust/' "/etc/postgresql/$version/main/pg_hba.conf"
    fi
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    wait_for PostgreSQL 5432
  else
    log "PostgreSQL is up on :5432"
  fi
  # TEST_DATABASE_URL points at the `test` database; each run creates its own database next to it.
  if ! su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname = 'test'\"" | grep -q 1; then
    su postgres -c "createdb test"
    log "created database test"
  fi
}

ensure_redis() {
  if port_open 6379; then log "Redis is up on :6379"; return; fi
  command -v redis-server >/dev/null || apt_install redis-server
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  wait_for Redis 6379
}

ensure_nats() {
  if port_open 4222; then log "NATS is up on :4222"; return; fi
  command -v nats-server >/dev/null || [ -x /usr/sbin/nats-server ] || apt_install nats-server
  mkdir -p /var/lib/nats-server
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- \
    -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log
  wait_for NATS 4222
}

# promtool checks deploy/prometheus (config, rules, rule unit tests) and every app's /metrics.
# Debian ships it in the Prometheus server's package; the server itself is not wanted here.
ensure_promtool() {
  if command -v promtool >/dev/null; then log "promtool is installed"; return; fi
  apt_install --no-install-recommends prometheus
  if command -v systemctl >/dev/null && systemctl is-active --quiet prometheus 2>/dev/null; then
    systemctl disable --now prometheus
  elif [ -x /etc/init.d/prometheus ]; then
    /etc/init.d/prometheus stop >/dev/null 2>&1 || true
  fi
  command -v promtool >/dev/null || { log "promtool is still missing" >&2; return 1; }
}

# kubectl renders deploy/k8s offline (`kubectl kustomize`); Debian's package is kubernetes-client.
ensure_kubectl() {
  if command -v kubectl >/dev/null; then log "kubectl is installed"; return; fi
  apt_install kubernetes-client
}

# curl runs the README's walkthrough as written (test/docs/first-five-minutes.e2e-spec.ts).
ensure_curl() {
  if command -v curl >/dev/null; then log "curl is installed"; return; fi
  apt_install curl
}

# caddy validates deploy/caddy/Caddyfile (test/compose/compose-schema.spec.ts); Debian's package
# also ships a service, which is not wanted here.
ensure_caddy() {
  if command -v caddy >/dev/null; then log "caddy is installed"; return; fi
  apt_install --no-install-recommends caddy
  if command -v systemctl >/dev/null && systemctl is-active --quiet caddy 2>/dev/null; then
    systemctl disable --now caddy
  elif [ -x /etc/init.d/caddy ]; then
    /etc/init.d/caddy stop >/dev/null 2>&1 || true
  fi
  command -v caddy >/dev/null || { log "caddy is still missing" >&2; return 1; }
}

# strip (binutils) makes the node binary the image holds, so test/deploy/image-size.int-spec.ts can measure it.
ensure_strip() {
  if command -v strip >/dev/null; then log "strip is installed"; return; fi
  apt_install --no-install-recommends binutils
}

ensure_postgres
ensure_redis
ensure_nats
ensure_promtool
ensure_kubectl
ensure_curl
ensure_caddy
ensure_strip
