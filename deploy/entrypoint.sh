#!/bin/sh
# Container entrypoint for every mediastack role.
#
#   <role>      (tv, movies, music, torrent, usenet): runs `mediastack serve <role>`
#   anything else: runs as a command, e.g. `mediastack credentials` or `sh`
#
# Started as root (plain `docker run`): the `mediastack` user's uid/gid are changed to
# PUID/PGID, the top of each empty volume is handed to it, and privileges are dropped with
# setpriv, so files land on the host owned by PUID:PGID. Started as any other user (a
# Kubernetes pod with runAsUser, `docker run --user`): nothing to adjust, just exec.
set -eu

case "${1:-}" in
    tv | movies | music | torrent | usenet) set -- mediastack serve "$@" ;;
esac

if [ "$(id -u)" != 0 ]; then
    exec "$@"
fi

PUID="${PUID:-1000}"
PGID="${PGID:-1000}"
case "$PUID$PGID" in
    *[!0-9]*) echo "mediastack-entrypoint: PUID and PGID must be numbers" >&2; exit 64 ;;
esac
if [ "$PUID" = 0 ] || [ "$PGID" = 0 ]; then
    echo "mediastack-entrypoint: refusing to run as root (PUID/PGID 0)" >&2
    exit 64
fi

if [ "$(id -g mediastack)" != "$PGID" ]; then
    groupmod --non-unique --gid "$PGID" mediastack
fi
if [ "$(id -u mediastack)" != "$PUID" ]; then
    usermod --non-unique --uid "$PUID" mediastack
fi

# Only the mount points themselves, never recursively: a fresh named volume is owned by
# root, while on SMB/NFS the owner comes from the mount options and chown is useless.
for dir in /config /downloads /media; do
    if [ -d "$dir" ] && [ "$(stat -c %u "$dir")" = 0 ]; then
        chown "$PUID:$PGID" "$dir" 2>/dev/null || true
    fi
done

exec setpriv --reuid="$PUID" --regid="$PGID" --init-groups --inh-caps=-all \
    --no-new-privs -- "$@"
