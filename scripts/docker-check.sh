#!/usr/bin/env bash
# Build the Docker image and smoke-test it, printing each check (`make docker-check`).
# Slow (a first run takes several minutes) and needs root or a working Docker: not part of `make test`.
#
# Engine: Docker when its daemon answers, else Podman (Debian's package, installed when missing).
# Base image: TODOKE_BASE_IMAGE (default python:3.11-slim-bookworm). When it cannot be pulled (no
# Docker Hub, as on the project's machines), an equivalent is made once with debootstrap from the
# Debian mirror — Debian bookworm with python3.11, venv and ca-certificates — and kept as
# localhost/todoke-base:bookworm. Images stay in the engine's store as a build cache; remove them with
# `podman rmi localhost/todoke:check localhost/todoke-base:bookworm && podman image prune -f`.
# shellcheck disable=SC2015  # `test && test || fail` is meant: fail when either test fails
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE=${TODOKE_IMAGE:-localhost/todoke:check}
BASE_IMAGE=${TODOKE_BASE_IMAGE:-python:3.11-slim-bookworm}
LOCAL_BASE=localhost/todoke-base:bookworm
MIRROR=${TODOKE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
PORT=${TODOKE_CHECK_PORT:-18080}
NAME=todoke-check-$$
WORK=$(mktemp -d /tmp/todoke-docker-check.XXXXXX)

say() { echo "docker-check: $*"; }
ok() { echo "docker-check: ok    $*"; }
fail() { echo "docker-check: FAIL  $*" >&2; exit 1; }

cleanup() {
    [ -n "${ENGINE:-}" ] && $ENGINE rm -f "$NAME" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

as_root_install() {  # Debian packages, as ensure-browser.sh does
    [ "$(id -u)" -eq 0 ] || fail "$1 is missing and installing it needs root: run 'sudo apt-get install $1'"
    say "installing Debian's $1 package"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

pick_engine() {
    if command -v docker >/dev/null && docker info >/dev/null 2>&1; then
        ENGINE=docker
    else
        command -v podman >/dev/null || as_root_install podman
        ENGINE=podman
    fi
    say "engine: $($ENGINE --version)"
}

make_local_base() {  # a python:3.11-slim-bookworm equivalent from the Debian mirror
    command -v debootstrap >/dev/null || as_root_install debootstrap
    say "building $LOCAL_BASE with debootstrap from $MIRROR (once; a few minutes)"
    local root=$WORK/rootfs
    debootstrap --variant=minbase --include=python3,python3-venv,python-is-python3,ca-certificates \
        bookworm "$root" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 \
        || { tail -20 "$WORK/debootstrap.log" >&2; fail "debootstrap failed"; }
    cat >"$root/etc/apt/sources.list" <<EOF
deb $MIRROR bookworm main
deb $MIRROR bookworm-updates main
deb ${MIRROR%/debian}/debian-security bookworm-security main
EOF
    chroot "$root" sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get upgrade -y -qq' \
        >>"$WORK/debootstrap.log" 2>&1 || { tail -20 "$WORK/debootstrap.log" >&2; fail "apt-get upgrade failed"; }
    rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/var/log/* "$root"/tmp/*
    : >"$root/etc/resolv.conf"  # the engine provides its own; do not keep the host's
    tar --numeric-owner -C "$root" -cf "$WORK/rootfs.tar" .
    rm -rf "$root"
    $ENGINE import -q --change 'ENV LANG=C.UTF-8' --change 'CMD ["python3"]' "$WORK/rootfs.tar" "$LOCAL_BASE" >/dev/null
    rm -f "$WORK/rootfs.tar"
}

pick_base() {
    if $ENGINE image inspect "$BASE_IMAGE" >/dev/null 2>&1 \
        || timeout 60 $ENGINE pull -q "$BASE_IMAGE" >/dev/null 2>&1; then
        say "base image: $BASE_IMAGE"
        return
    fi
    say "cannot pull $BASE_IMAGE: using $LOCAL_BASE instead"
    $ENGINE image inspect "$LOCAL_BASE" >/dev/null 2>&1 || make_local_base
    BASE_IMAGE=$LOCAL_BASE
}

probe_runtime() {  # Podman's defaults fail on some hosts: find options that run a container here
    RUN_OPTS=()
    [ "$ENGINE" = podman ] || return 0
    $ENGINE run --rm "$BASE_IMAGE" true 2>"$WORK/probe.err" && return 0
    say "podman's default runtime fails here: $(tail -1 "$WORK/probe.err")"
    # crun refuses hybrid cgroup v1/v2 hosts, runc does not; and where even root cannot raise its
    # rlimits (sandboxed VMs), the container must ask for no more than this shell has.
    command -v runc >/dev/null || as_root_install runc
    local nproc
    nproc=$(ulimit -Hu); [ "$nproc" = unlimited ] || [ "$nproc" -gt 32768 ] && nproc=32768
    RUN_OPTS=(--runtime runc --ulimit "nofile=$(ulimit -Hn):$(ulimit -Hn)" --ulimit "nproc=$nproc:$nproc")
    $ENGINE run --rm "${RUN_OPTS[@]}" "$BASE_IMAGE" true 2>"$WORK/probe.err" \
        || fail "no container runs here: $ENGINE run ${RUN_OPTS[*]} $BASE_IMAGE true: $(tail -1 "$WORK/probe.err")"
    say "using $ENGINE ${RUN_OPTS[*]}"
}

build() {
    local args=("${RUN_OPTS[@]}" --build-arg "BASE_IMAGE=$BASE_IMAGE" -t "$IMAGE")
    if [ "$ENGINE" = podman ]; then
        # docker format keeps HEALTHCHECK (OCI has no field for it). The host's CA bundle and a pip.conf
        # naming it are mounted into the RUN steps only (never into the image), so that pip reaches
        # PyPI wherever the host does, including behind a TLS-inspecting proxy.
        printf '[global]\ncert = /etc/ssl/certs/ca-certificates.crt\n' >"$WORK/pip.conf"
        args+=(--format docker -v "$WORK/pip.conf:/etc/pip.conf:ro")
        [ -f /etc/ssl/certs/ca-certificates.crt ] \
            && args+=(-v /etc/ssl/certs/ca-certificates.crt:/etc/ssl/certs/ca-certificates.crt:ro)
    fi
    say "building $IMAGE (log: $WORK/build.log while it runs)"
    local start=$SECONDS
    $ENGINE build "${args[@]}" . >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log" >&2; fail "build failed"; }
    ok "image built in $((SECONDS - start)) s"
}

inspect() { $ENGINE image inspect --format "$1" "$IMAGE"; }

check_image() {
    local user health size
    user=$(inspect '{{.Config.User}}')
    [ "$user" = todoke ] || fail "image user is '$user', not todoke"
    ok "image runs as user todoke"
    health=$(inspect '{{json .Config.Healthcheck}}')
    [[ "$health" == *readyz* ]] || fail "image has no HEALTHCHECK on /readyz: $health"
    ok "image has a HEALTHCHECK on /readyz"
    size=$(inspect '{{.Size}}')
    ok "image size $((size / 1000000)) MB"
}

check_render() {  # templates, compiled catalogues, unidic-lite (furigana) and pyopenjtalk-plus (audio)
    cat >"$WORK/notice.json" <<'EOF'
{"type": "evacuation", "topics": ["disaster"], "areas": ["11103"],
 "params": {"level": 4, "issued_at": "2026-11-24T15:30:00+09:00", "hazard": "flood",
            "target": "見沼区の川沿いの住宅", "shelters": [{"name": "大宮小学校"}]}}
EOF
    $ENGINE run --rm -i "${RUN_OPTS[@]}" "$IMAGE" sh -c 'todoke render --variant ja-easy --variant ko - >out.json \
        && python -c "
import json, os, sys
items = {(r[\"variant\"], r[\"format\"]): r for r in json.load(open(\"out.json\"))}
sms, voice, ko = items[\"ja-easy\", \"sms\"], items[\"ja-easy\", \"voice\"], items[\"ko\", \"sms\"]
assert \"避難指示（ひなんしじ）\" in sms[\"text\"], sms[\"text\"]
assert \"피난 지시\" in ko[\"subject\"], ko[\"subject\"]
wav = voice[\"audio\"]
assert wav and os.path.getsize(wav) > 100000, wav
print(sms[\"subject\"], \"|\", ko[\"subject\"], \"|\", os.path.getsize(wav), \"bytes of WAV\")
"' <"$WORK/notice.json" >"$WORK/render.out" 2>"$WORK/render.err" \
        || { cat "$WORK/render.err" >&2; fail "todoke render in the container"; }
    ok "todoke render (easy Japanese with furigana, Korean catalogue, voice WAV): $(cat "$WORK/render.out")"
}

get() {  # status of http://127.0.0.1:PORT$1 from the host; the body in $WORK/body
    python3 -c "
import sys, urllib.request, urllib.error
try:
    r = urllib.request.urlopen('http://127.0.0.1:$PORT$1', timeout=3); code, body = r.status, r.read()
except urllib.error.HTTPError as e:
    code, body = e.code, e.read()
except OSError:
    code, body = 0, b''
open('$WORK/body', 'wb').write(body); print(code)"
}

check_serve() {
    # Podman schedules periodic health checks with systemd timers and says so on stderr where there is
    # no systemd; the check itself is run by hand below.
    $ENGINE run -d "${RUN_OPTS[@]}" --name "$NAME" -p "127.0.0.1:$PORT:8080" "$IMAGE" >/dev/null 2>"$WORK/run.err" \
        || { cat "$WORK/run.err" >&2; fail "$ENGINE run"; }
    local start=$SECONDS
    until [ "$(get /healthz)" = 200 ]; do
        [ "$($ENGINE inspect --format '{{.State.Running}}' "$NAME")" = true ] \
            || { $ENGINE logs "$NAME" >&2; fail "the container stopped"; }
        [ $((SECONDS - start)) -lt 60 ] || { $ENGINE logs "$NAME" >&2; fail "no /healthz answer in 60 s"; }
        sleep 1
    done
    ok "GET /healthz from the host: 200 $(cat "$WORK/body") after $((SECONDS - start)) s"
    [ "$(get /readyz)" = 200 ] || fail "GET /readyz: $(cat "$WORK/body")"
    ok "GET /readyz from the host: 200 $(cat "$WORK/body")"
    [ "$(get /subscribe)" = 200 ] && grep -q '<html lang="ja"' "$WORK/body" && grep -q '<title>登録する' "$WORK/body" \
        || fail "GET /subscribe is not the Japanese sign-up page: $(head -c 300 "$WORK/body")"
    ok "GET /subscribe from the host: 200, $(grep -o '<title>[^<]*' "$WORK/body" | cut -c8-)"
    [ "$(get /static/todoke.css)" = 200 ] || fail "GET /static/todoke.css"
    ok "GET /static/todoke.css from the host: 200, $(wc -c <"$WORK/body") bytes"

    local status uid cmd
    status=$($ENGINE exec "$NAME" cat /proc/1/status)
    uid=$(awk '/^Uid:/ {print $2}' <<<"$status")
    cmd=$($ENGINE exec "$NAME" sh -c "tr '\\0' ' ' </proc/1/cmdline")
    [ "$uid" = 10001 ] && [[ "$cmd" == *"todoke serve"* ]] || fail "PID 1 is '$cmd' as uid $uid"
    ok "PID 1 is '${cmd% }' as uid $uid (todoke), not root"
    $ENGINE exec "$NAME" sh -c 'touch /opt/todoke/x 2>/dev/null' && fail "the app user can write /opt/todoke"
    ok "the code in /opt/todoke is read-only for the app user"

    local logs revision
    logs=$($ENGINE logs "$NAME" 2>&1)
    revision=$(grep -o 'database at revision .*' <<<"$logs") || fail "no 'todoke db upgrade' in the log"
    [ "$($ENGINE exec "$NAME" stat -c %U /var/lib/todoke/todoke.db)" = todoke ] || fail "todoke.db owner"
    ok "todoke db upgrade ran at start ($(grep -c 'Running upgrade' <<<"$logs") migrations, $revision);" \
       "/var/lib/todoke/todoke.db is owned by todoke"

    local test
    test=$($ENGINE inspect --format '{{index .Config.Healthcheck.Test 1}}' "$NAME")
    $ENGINE exec "$NAME" sh -c "$test" || fail "the HEALTHCHECK command failed"
    ok "the HEALTHCHECK command succeeds inside the container"
    if [ "$ENGINE" = podman ]; then
        $ENGINE healthcheck run "$NAME" >/dev/null || fail "podman healthcheck run: unhealthy"
        ok "podman healthcheck run: $($ENGINE inspect --format '{{.State.Health.Status}}' "$NAME")"
    fi

    start=$SECONDS
    $ENGINE stop -t 20 "$NAME" >/dev/null 2>&1
    local code
    code=$($ENGINE inspect --format '{{.State.ExitCode}}' "$NAME")
    [ "$code" = 0 ] || fail "$ENGINE stop: exit code $code (SIGTERM should end todoke serve cleanly)"
    ok "$ENGINE stop: exit code 0 after $((SECONDS - start)) s (SIGTERM reaches todoke serve)"
}

pick_engine
pick_base
probe_runtime
build
check_image
check_render
check_serve
say "all checks passed ($ENGINE, base $BASE_IMAGE, image $IMAGE)"
