#!/usr/bin/env bash
# Installs a release of whenwhere from its GitHub release: the archive for this machine,
# checked against the release's SHA256SUMS before anything is unpacked. Run by action.yml
# on Linux, macOS and Windows (Git Bash) runners, and by tests/it/install.rs on 127.0.0.1.
#
#   install.sh plan      prints version=, target=, archive=, url= and dir= lines (for $GITHUB_OUTPUT)
#   install.sh install   installs into dir unless the same version is there already (cached);
#                        adds dir to $GITHUB_PATH when that is set
#
# Environment, all optional:
#   WHENWHERE_VERSION        the release, `0.1.0` or `v0.1.0`; default: the version in the
#                            Cargo.toml beside this folder, that is the release the action is pinned to
#   WHENWHERE_REPOSITORY     default: Cargo.toml's `repository`
#   WHENWHERE_DOWNLOAD_BASE  default: $WHENWHERE_REPOSITORY/releases/download; the archive is
#                            fetched from $WHENWHERE_DOWNLOAD_BASE/v<version>/<archive>
#   WHENWHERE_TARGET         default: this machine's (see target below)
#   WHENWHERE_INSTALL_DIR    default: $RUNNER_TOOL_CACHE/whenwhere/<version>/<target>
set -euo pipefail

fail() {
  # On a runner, as an annotation on the run's summary page.
  if [ "${GITHUB_ACTIONS:-}" = true ]; then echo "::error title=whenwhere install::$*" >&2; else echo "error: $*" >&2; fi
  exit 1
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
manifest="$here/../Cargo.toml"

# The first `key = "value"` of Cargo.toml, which is the [package] table's.
cargo_field() {
  [ -f "$manifest" ] || fail "no version given and no Cargo.toml beside the action: set the input 'version'"
  sed -n "s/^$1 = \"\\(.*\\)\"\$/\\1/p" "$manifest" | head -n 1
}

# The release target for this machine; the same triples as .github/workflows/release.yml.
target() {
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) echo x86_64-unknown-linux-musl ;;
    Linux-aarch64 | Linux-arm64) echo aarch64-unknown-linux-musl ;;
    Darwin-x86_64) echo x86_64-apple-darwin ;;
    Darwin-arm64) echo aarch64-apple-darwin ;;
    MINGW*-x86_64 | MSYS*-x86_64 | CYGWIN*-x86_64) echo x86_64-pc-windows-msvc ;;
    *) fail "no release of whenwhere for $(uname -s) on $(uname -m); install it with cargo install (see the editors' guide)" ;;
  esac
}

sha256() {
  if command -v sha256sum >/dev/null; then sha256sum "$1" | cut -d ' ' -f 1; else shasum -a 256 "$1" | cut -d ' ' -f 1; fi
}

# A path as the runner's own tools want it (C:\… on Windows).
native() {
  if command -v cygpath >/dev/null; then cygpath -w "$1"; else echo "$1"; fi
}

version=${WHENWHERE_VERSION:-}
[ -n "$version" ] || version=$(cargo_field version)
version=${version#v}
[ -n "$version" ] || fail "no version found in $manifest"
tag="v$version"
target=${WHENWHERE_TARGET:-$(target)}
case "$target" in
  *-windows-*) ext=zip exe=whenwhere.exe ;;
  *) ext=tar.gz exe=whenwhere ;;
esac
archive="whenwhere-${tag}-${target}.${ext}"
repository=${WHENWHERE_REPOSITORY:-}
if [ -z "${WHENWHERE_DOWNLOAD_BASE:-}" ] && [ -z "$repository" ]; then repository=$(cargo_field repository); fi
base=${WHENWHERE_DOWNLOAD_BASE:-${repository%/}/releases/download}
dir=${WHENWHERE_INSTALL_DIR:-${RUNNER_TOOL_CACHE:-${XDG_DATA_HOME:-$HOME/.local/share}}/whenwhere/$version/$target}
if command -v cygpath >/dev/null; then dir=$(cygpath -u "$dir"); fi

case "${1:-}" in
  plan)
    printf 'version=%s\ntarget=%s\narchive=%s\nurl=%s\ndir=%s\n' "$version" "$target" "$archive" "$base/$tag/$archive" "$(native "$dir")"
    exit 0
    ;;
  install) ;;
  *) fail "usage: install.sh plan|install" ;;
esac

installed() {
  [ -x "$dir/$exe" ] && [ "$("$dir/$exe" --version 2>/dev/null)" = "whenwhere $version" ]
}

if installed; then
  echo "whenwhere $version ($target) is already in $dir"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  for file in "$archive" SHA256SUMS; do
    url="$base/$tag/$file"
    curl --fail --location --silent --show-error --retry 3 --output "$work/$file" "$url" ||
      fail "could not download $url: is there a release $tag with this file?"
  done
  # A line of SHA256SUMS is `<sha256>  <file>` (`*<file>` when written in binary mode).
  expected=$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1; exit }' "$work/SHA256SUMS")
  [ -n "$expected" ] || fail "SHA256SUMS of $tag does not list $archive"
  actual=$(sha256 "$work/$archive")
  [ "$actual" = "$expected" ] ||
    fail "$archive does not match SHA256SUMS of $tag (expected $expected, got $actual): not installed"
  mkdir -p "$work/unpacked"
  case "$ext" in
    tar.gz) tar -xzf "$work/$archive" -C "$work/unpacked" ;;
    zip)
      if command -v unzip >/dev/null; then
        unzip -q "$work/$archive" -d "$work/unpacked"
      else
        7z x -y -bd "-o$(native "$work/unpacked")" "$(native "$work/$archive")" >/dev/null
      fi
      ;;
  esac
  [ -f "$work/unpacked/$exe" ] || fail "$archive holds no $exe"
  mkdir -p "$dir"
  mv -f "$work/unpacked/$exe" "$dir/$exe"
  chmod +x "$dir/$exe"
  installed || fail "$dir/$exe does not run as whenwhere $version"
  echo "Installed whenwhere $version ($target) in $dir"
fi

if [ -n "${GITHUB_PATH:-}" ]; then native "$dir" >>"$GITHUB_PATH"; fi
