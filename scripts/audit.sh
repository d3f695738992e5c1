#!/bin/sh
# make audit: known vulnerabilities in every pinned package (constraints.txt), from the PyPI JSON
# API / OSV. Needs the network; a package that cannot be looked up fails the audit (--strict),
# because "no known vulnerabilities" over skipped packages would be a false all-clear.
set -u
BIN=${BIN:-.venv/bin}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$BIN/pip-audit" --requirement constraints.txt --no-deps --disable-pip --strict --progress-spinner off \
    --vulnerability-service "${AUDIT_SERVICE:-pypi}" >"$out" 2>&1
status=$?
cat "$out"
if grep -Eq "could not be audited|not found on PyPI|ConnectionError|Failed to resolve|Max retries" "$out"; then
    echo "make audit: the vulnerability database (${AUDIT_SERVICE:-pypi}) is not reachable from here;" \
         "nothing was audited. Run it where PyPI's JSON API or api.osv.dev can be reached." >&2
    exit 2
fi
exit $status
