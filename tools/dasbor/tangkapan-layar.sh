#!/usr/bin/env bash
# Regenerates the dashboard's screenshots for the book with headless
# Chromium: book/src/gambar/dasbor.png (the whole page, 1200 px wide) and
# book/src/gambar/dasbor-ponsel.png (the first screen of a 390x844 phone).
#
# It only runs the browser test with PERBARUI_KELUARAN=1: the real Lab 03
# server and two virtual nodes play their scenarios while the page is
# open (see tools/dasbor/tests/browser/main.rs). The same run also updates
# the book's API examples, book/src/keluaran/dasbor-*.txt.
#
#   tools/dasbor/tangkapan-layar.sh
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
PERBARUI_KELUARAN=1 PRAKTIKUM_WAJIB_PERAMBAN=1 \
    cargo test -p dasbor --test browser -- --nocapture a_scenario_on_the_real_server
ls -l book/src/gambar/dasbor.png book/src/gambar/dasbor-ponsel.png
