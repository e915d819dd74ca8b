#!/usr/bin/env bash
# Copy the GraphiQL playground's browser files from node_modules (devDependencies in package.json,
# installed by `npm ci`) into api/static/vendor/, so the playground loads nothing from a CDN.
# Usage: scripts/vendor_graphiql.sh           copy (after changing a version in package.json and `npm install`)
#        scripts/vendor_graphiql.sh --check   exit 1 when api/static/vendor/ differs from node_modules
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
modules="$root/node_modules"
dest="$root/api/static/vendor"

# package  file in the package  name in api/static/vendor/
files=(
  "react      umd/react.production.min.js         react.production.min.js"
  "react-dom  umd/react-dom.production.min.js     react-dom.production.min.js"
  "graphiql   graphiql.min.js                     graphiql.min.js"
  "graphiql   graphiql.min.css                    graphiql.min.css"
)

check=0
if [[ "${1:-}" == "--check" ]]; then check=1; elif [[ $# -gt 0 ]]; then echo "usage: $0 [--check]" >&2; exit 2; fi

status=0
[[ $check == 1 ]] || mkdir -p "$dest"
for line in "${files[@]}"; do
  read -r package path name <<<"$line"
  src="$modules/$package/$path"
  if [[ ! -f "$src" ]]; then
    echo "missing $src: run 'make install' (npm ci) first" >&2
    exit 1
  fi
  version="$(node -p "require('$modules/$package/package.json').version")"
  if [[ $check == 1 ]]; then
    if ! cmp -s "$src" "$dest/$name"; then
      echo "api/static/vendor/$name differs from $package@$version; run scripts/vendor_graphiql.sh" >&2
      status=1
    fi
  else
    cp "$src" "$dest/$name"
    echo "api/static/vendor/$name <- $package@$version/$path"
  fi
done
exit $status
