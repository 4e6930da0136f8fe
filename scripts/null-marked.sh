#!/usr/bin/env bash
# Marks every main package of every module @NullMarked (JSpecify): writes a package-info.java where a
# package has none, and adds the annotation to one that lacks it (its Javadoc is kept). Idempotent: run
# it again after creating packages; `--check` only lists what is missing and exits 1 if anything is
# (ServiceArchitecture's EVERY_PACKAGE_NULL_MARKED rule fails the build on the same thing for services).
#
#   scripts/null-marked.sh            # from anywhere in the repo
#   scripts/null-marked.sh --check
#
# Plain bash 3.2 + POSIX tools on purpose (macOS).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
check=false
[[ "${1:-}" == "--check" ]] && check=true

annotation="org.jspecify.annotations.NullMarked"
missing=0

while IFS= read -r dir; do
  # A package is a folder with at least one Java type besides package-info.java.
  if ! find "$dir" -maxdepth 1 -type f -name '*.java' ! -name 'package-info.java' | grep -q .; then
    continue
  fi
  src="${dir%%/src/main/java/*}/src/main/java"
  package="$(printf '%s' "${dir#"$src"/}" | tr '/' '.')"
  info="$dir/package-info.java"
  if [[ -f "$info" ]] && grep -q '@NullMarked\|@org\.jspecify\.annotations\.NullMarked' "$info"; then
    continue
  fi
  missing=$((missing + 1))
  if $check; then
    echo "not @NullMarked: ${info#"$root"/}"
    continue
  fi
  if [[ -f "$info" ]]; then
    # Keep what is there (Javadoc first); annotate the package line and import the annotation after it.
    tmp="$(mktemp)"
    awk -v ann="$annotation" '
      /^package[ \t]/ && !done { print "@NullMarked"; print; print ""; print "import " ann ";"; done = 1; next }
      { print }
    ' "$info" >"$tmp"
    mv "$tmp" "$info"
  else
    printf '@NullMarked\npackage %s;\n\nimport %s;\n' "$package" "$annotation" >"$info"
  fi
  echo "marked ${info#"$root"/}"
done < <(find "$root" -type d -path '*/src/main/java/*' ! -path '*/node_modules/*' ! -path '*/target/*' ! -path '*/.git/*' | sort)

if $check && [[ $missing -gt 0 ]]; then
  echo "$missing package(s) not @NullMarked: run scripts/null-marked.sh" >&2
  exit 1
fi
