# Shared by scripts/setup, scripts/test and .ci/run (sourced, not run).
# Finds Swift, installs Debian/Ubuntu packages (with sudo when not root) and builds with a
# check that our own code compiles without a warning.

say() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }
die() { say "error: $*"; exit 1; }

# Swift on PATH, or in the usual install places; otherwise say how to get it.
find_swift() {
    if ! command -v swift >/dev/null 2>&1; then
        local dir
        for dir in /opt/swift/usr/bin "$HOME/.local/share/swiftly/bin" /usr/share/swift/usr/bin; do
            if [ -x "$dir/swift" ]; then PATH="$dir:$PATH"; export PATH; break; fi
        done
    fi
    command -v swift >/dev/null 2>&1 || die "Swift 6.2 or newer is needed and was not found.
  On Debian/Ubuntu: install it with swiftly (see swift.org/install/linux), or unpack a
  toolchain and put its usr/bin on PATH, then run this again."
}

# Runs a command as root: directly when root, else through sudo.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else die "'$*' needs root and sudo is not installed; run it as root"; fi
}

# ensure_debs PACKAGE:CHECK ... — installs each PACKAGE whose CHECK (a file path, a shared
# library's soname such as libxml2.so.2, or a command name) is missing, with one apt-get update first.
ensure_debs() {
    local missing=() item pkg check
    for item in "$@"; do
        pkg=${item%%:*}; check=${item#*:}
        case "$check" in
            /*) [ -e "$check" ] && continue ;;
            *.so.*) ldconfig -p 2>/dev/null | grep -qF "$check (" && continue ;;
            *) command -v "$check" >/dev/null 2>&1 && continue ;;
        esac
        missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null 2>&1 || die "please install: ${missing[*]} (no apt-get on this machine)"
    say "installing ${missing[*]} (apt-get)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# build ARGS... — swift build, failing on any warning in this repository's Sources/ or Tests/
# (the project's own code; a dependency's warnings are its maintainers' to fix). A build prints the
# warnings of the files it compiles: a fresh clone compiles them all.
build() {
    local log status
    log=$(mktemp)
    set +e
    swift build "$@" 2>&1 | tee "$log" | grep -E --line-buffered '(error|warning):|Compiling|Build complete' >&2
    status=${PIPESTATUS[0]}
    set -e
    if [ "$status" -ne 0 ]; then rm -f "$log"; die "swift build $* failed"; fi
    if grep -E "^$PWD/(Sources|Tests)/[^:]+:[0-9]+:[0-9]+: warning:" "$log" | sort -u | grep . >&2; then
        rm -f "$log"; die "the build printed warnings (above); the project keeps zero warnings"
    fi
    rm -f "$log"
}
