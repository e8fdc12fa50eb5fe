#!/usr/bin/env bash
# The release archives, as .github/workflows/release.yml makes them and action/install.sh
# downloads them (tests/it/install.rs makes its own with this script too).
#
#   package.sh archive TARGET TAG BINARY OUTDIR   writes OUTDIR/whenwhere-TAG-TARGET.tar.gz
#                                                 (.zip for Windows) holding the binary and
#                                                 README.md, and prints its path
#   package.sh sums OUTDIR                        writes OUTDIR/SHA256SUMS over its archives
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

case "${1:-}" in
  archive)
    [ $# = 5 ] || { echo "usage: package.sh archive TARGET TAG BINARY OUTDIR" >&2; exit 2; }
    target=$2 tag=$3 binary=$4 out=$5
    case "$target" in
      *-windows-*) ext=zip exe=whenwhere.exe ;;
      *) ext=tar.gz exe=whenwhere ;;
    esac
    archive="whenwhere-${tag}-${target}.${ext}"
    stage=$(mktemp -d)
    trap 'rm -rf "$stage"' EXIT
    cp "$binary" "$stage/$exe"
    cp "$root/README.md" "$stage/README.md"
    mkdir -p "$out"
    out=$(cd "$out" && pwd)
    rm -f "$out/$archive"
    case "$ext" in
      tar.gz) tar -czf "$out/$archive" -C "$stage" "$exe" README.md ;;
      zip)
        if command -v 7z >/dev/null; then
          (cd "$stage" && 7z a -tzip -bd "$archive" "$exe" README.md >/dev/null && mv "$archive" "$out/")
        else
          (cd "$stage" && zip -q "$out/$archive" "$exe" README.md)
        fi
        ;;
    esac
    echo "$out/$archive"
    ;;
  sums)
    [ $# = 2 ] || { echo "usage: package.sh sums OUTDIR" >&2; exit 2; }
    cd "$2"
    if command -v sha256sum >/dev/null; then sum=(sha256sum); else sum=(shasum -a 256); fi
    "${sum[@]}" whenwhere-v* >SHA256SUMS
    cat SHA256SUMS
    ;;
  *) echo "usage: package.sh archive|sums …" >&2; exit 2 ;;
esac
