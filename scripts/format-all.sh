#!/usr/bin/env bash
# One-shot: format the whole tree with Prettier, then apply ESLint's automatic fixes.
# The lead runs it once after the branches of the day are merged (a tree-wide reformat on a branch
# would conflict with every other branch). Afterwards `pnpm run format:check` passes and `pnpm run lint`
# reports only what needs a human.
set -euo pipefail
cd "$(dirname "$0")/.."
PNPM=(npx --yes pnpm@10.34.9)
"${PNPM[@]}" exec prettier --write .
"${PNPM[@]}" exec eslint --fix . || true
"${PNPM[@]}" exec prettier --check .
"${PNPM[@]}" exec eslint .
