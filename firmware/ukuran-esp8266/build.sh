#!/usr/bin/env bash
# Builds the Lab 02 client (no_std) for the ESP8266 CPU (Xtensa lx106) and
# prints its code and RAM size. (The Lab 03 node is a whole firmware image:
# `cargo praktikum firmware bangun` builds it and prints its sizes.)
# Needs Debian's rustc-web (LLVM with the Xtensa backend), rust-web-src and
# binutils for the lx106:
#   apt-get install rustc-web cargo-web rust-web-src gcc-xtensa-lx106
# Usage: firmware/ukuran-esp8266/build.sh [solusi|lab]
#   solusi (default): the reference solution; lab: your own labs/lab02.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
which="${1:-solusi}"
# Debian's toolchain, never rustup's (which has no Xtensa backend).
export RUSTC=/usr/bin/rustc
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR="$here/../../target/esp8266"
/usr/bin/cargo build --release --quiet \
    -Zbuild-std=core -Zjson-target-spec \
    --target "$here/../xtensa-esp8266-none-elf.json" \
    --no-default-features --features "$which"
archive="$CARGO_TARGET_DIR/xtensa-esp8266-none-elf/release/libukuran_esp8266.a"
# The archive holds our code (one object, thanks to LTO) and compiler_builtins,
# most of which the linker's --gc-sections drops from a real image.
line="$(xtensa-lx106-elf-size "$archive" | awk '
    /ukuran_esp8266-[0-9a-f]+\.ukuran_esp8266/ { printf "Klien Lab 02 untuk ESP8266 (lx106): kode %d byte (text), data %d byte, bss %d byte\n", $1, $2, $3; found = 1 }
    END { if (!found) { print "objek tidak ditemukan"; exit 1 } }')"
echo "$line"
# PERBARUI_KELUARAN=1 also records the figure shown in the book.
if [ -n "${PERBARUI_KELUARAN:-}" ]; then
    printf '%s\n' "$line" > "$here/../../book/src/keluaran/ukuran-esp8266.txt"
fi
