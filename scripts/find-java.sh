# shellcheck shell=bash
# Finds a JDK >= SYMBIA_MIN_JAVA (21) and exports JAVA_HOME; sourced by start.sh and .ci/run so both
# pick the same JDK the same way. Order: JAVA_HOME if it is recent enough, then the usual install
# folders (newest wins), then the `java` on PATH. Plain bash 3.2 (macOS) compatible on purpose.
#
#   source scripts/find-java.sh && symbia_find_java || exit 1

SYMBIA_MIN_JAVA="${SYMBIA_MIN_JAVA:-21}"

# Major version of the JDK at $1 ("" when it is not a usable JDK). Reads the `release` file first
# because starting a JVM only to ask its version costs ~100 ms per candidate.
symbia_java_major() {
  local home="$1" version=""
  [[ -x "$home/bin/java" && -x "$home/bin/javac" ]] || return 0
  if [[ -r "$home/release" ]]; then
    version="$(sed -n 's/^JAVA_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$home/release" | head -n 1)"
  fi
  if [[ -z "$version" ]]; then
    # e.g. openjdk version "21.0.2" 2024-01-16 / java version "1.8.0_392"
    version="$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)"
  fi
  [[ -n "$version" ]] || return 0
  case "$version" in
    1.*) version="${version#1.}" ;;
  esac
  version="${version%%[!0-9]*}"
  [[ -n "$version" ]] && printf '%s\n' "$version"
  return 0
}

# Sets and exports JAVA_HOME to a JDK >= $SYMBIA_MIN_JAVA; prints how to get one and returns 1 otherwise.
symbia_find_java() {
  local candidate major best="" best_major=0

  if [[ -n "${JAVA_HOME:-}" ]]; then
    major="$(symbia_java_major "$JAVA_HOME")"
    if [[ -n "$major" && "$major" -ge "$SYMBIA_MIN_JAVA" ]]; then
      export JAVA_HOME
      return 0
    fi
    echo "note: JAVA_HOME=$JAVA_HOME is not a JDK >= $SYMBIA_MIN_JAVA${major:+ (it is $major)}; looking for another one." >&2
  fi

  for candidate in /usr/lib/jvm/* \
                   /Library/Java/JavaVirtualMachines/*/Contents/Home \
                   "$HOME"/.sdkman/candidates/java/* \
                   /opt/java/* \
                   /usr/java/*; do
    [[ -d "$candidate" && ! -L "$candidate" ]] || continue   # symlinks alias folders already listed
    major="$(symbia_java_major "$candidate")"
    if [[ -n "$major" && "$major" -gt "$best_major" ]]; then
      best="$candidate"
      best_major="$major"
    fi
  done

  if [[ "$best_major" -lt "$SYMBIA_MIN_JAVA" ]] && command -v javac >/dev/null 2>&1; then
    # A JDK on PATH that lives somewhere unusual (Homebrew, a tarball in ~/bin...).
    candidate="$(command -v javac)"
    if command -v readlink >/dev/null 2>&1 && readlink -f / >/dev/null 2>&1; then
      candidate="$(readlink -f "$candidate")"
    fi
    candidate="$(cd "$(dirname "$candidate")/.." && pwd)"
    major="$(symbia_java_major "$candidate")"
    if [[ -n "$major" && "$major" -gt "$best_major" ]]; then
      best="$candidate"
      best_major="$major"
    fi
  fi

  if [[ "$best_major" -ge "$SYMBIA_MIN_JAVA" ]]; then
    export JAVA_HOME="$best"
    return 0
  fi

  cat >&2 <<EOF
error: Symbia needs a JDK $SYMBIA_MIN_JAVA or newer, and none was found
       (looked at JAVA_HOME, /usr/lib/jvm, /Library/Java/JavaVirtualMachines, ~/.sdkman, /opt/java, PATH).
Install one, then run again (or point JAVA_HOME at it):
  Debian/Ubuntu:  sudo apt-get install openjdk-21-jdk    (or Temurin 21/25 from adoptium.net)
  macOS:          brew install --cask temurin@21
  SDKMAN:         sdk install java 21-tem
EOF
  return 1
}
