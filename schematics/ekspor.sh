#!/usr/bin/env bash
# Membangun schematics/rumah-pintar.fzz dari sumber yang belum dizip
# (schematics/rumah-pintar/), mengekspor tampilan breadboard dan skematik
# dengan Fritzing tanpa layar, menormalkan SVG-nya, lalu membuat PNG.
#
# Tidak memasang apa pun. Butuh: fritzing + fritzing-parts (Debian), python3;
# chromium untuk PNG (tanpa chromium PNG dilewati).
#
# Variabel opsional: FRITZING (program Fritzing yang asli, bukan pembungkus
# /usr/bin/fritzing yang membuang argumen), FRITZING_PARTS (folder komponen),
# FRITZING_DB (parts.db bawaan), PNG_LEBAR (lebar PNG dalam piksel).
set -euo pipefail

SKEMATIK=$(cd "$(dirname "$0")" && pwd)
AKAR=$(dirname "$SKEMATIK")
SUMBER="$SKEMATIK/rumah-pintar"
FZZ="$SKEMATIK/rumah-pintar.fzz"
EKSPOR="$SKEMATIK/ekspor"
GAMBAR_BUKU="$AKAR/book/src/gambar"
ALAT="$SKEMATIK/alat_ekspor.py"
PNG_LEBAR=${PNG_LEBAR:-1800}

gagal() {
    echo "ekspor.sh: $*" >&2
    exit 1
}

command -v python3 >/dev/null || gagal "python3 tidak ditemukan"
[ -f "$SUMBER/rumah-pintar.fz" ] || gagal "$SUMBER/rumah-pintar.fz tidak ada (jalankan python3 schematics/buat_sketsa.py)"

# Program Fritzing yang asli. Di Debian /usr/bin/fritzing hanya skrip
# pembungkus yang membuang argumen; programnya /usr/bin/fritzing.real.
if [ -z "${FRITZING:-}" ]; then
    for calon in /usr/bin/fritzing.real /usr/lib/fritzing/Fritzing "$(command -v Fritzing || true)"; do
        if [ -n "$calon" ] && [ -x "$calon" ]; then
            FRITZING=$calon
            break
        fi
    done
fi
[ -n "${FRITZING:-}" ] && [ -x "$FRITZING" ] || gagal "Fritzing tidak ditemukan (apt-get install fritzing fritzing-parts, atau set FRITZING=...)"
FRITZING_PARTS=${FRITZING_PARTS:-/usr/share/fritzing/parts}
FRITZING_DB=${FRITZING_DB:-/usr/share/fritzing/parts.db.distrib}
[ -d "$FRITZING_PARTS/core" ] || gagal "folder komponen Fritzing $FRITZING_PARTS tidak ada (paket fritzing-parts)"

# 1. .fzz: zip dari .fz dan komponen buatan sendiri (part.*.fzp, svg.*.svg);
#    juga satu .fzpz per komponen untuk Parts > Import di Fritzing.
python3 "$ALAT" fzz "$SUMBER" "$FZZ"
python3 "$ALAT" fzpz "$SUMBER" "$SKEMATIK/parts"

# 2. Fritzing tanpa layar, dengan HOME dan folder aplikasi sementara
#    (-f FOLDER: Fritzing mencari FOLDER/fritzing-parts dan parts.db di sana).
KERJA=$(mktemp -d)
trap 'rm -rf "$KERJA"' EXIT
mkdir -p "$KERJA/home" "$KERJA/app/fritzing-parts/svg" "$KERJA/ekspor"
for d in "$FRITZING_PARTS"/*/; do
    d=${d%/}
    [ "$(basename "$d")" = svg ] || ln -s "$d" "$KERJA/app/fritzing-parts/$(basename "$d")"
done
for d in "$FRITZING_PARTS"/svg/*/; do
    d=${d%/}
    ln -s "$d" "$KERJA/app/fritzing-parts/svg/$(basename "$d")"
done
if [ -f "$FRITZING_DB" ]; then
    cp "$FRITZING_DB" "$KERJA/app/fritzing-parts/parts.db"
fi
for d in sketches translations help; do
    if [ -e "/usr/share/fritzing/$d" ]; then
        ln -s "/usr/share/fritzing/$d" "$KERJA/app/$d"
    fi
done
cp "$FZZ" "$KERJA/ekspor/"

status=0
(
    cd "$KERJA"
    HOME="$KERJA/home" XDG_RUNTIME_DIR="$KERJA/home" QT_QPA_PLATFORM=offscreen \
        timeout 600 "$FRITZING" -f "$KERJA/app" -svg "$KERJA/ekspor"
) >"$KERJA/fritzing.log" 2>&1 || status=$?
if [ "$status" -ne 0 ]; then
    tail -n 30 "$KERJA/fritzing.log" >&2
    gagal "Fritzing keluar dengan status $status"
fi
if grep -E "missing svg|unable to load|Unable to load|not found in database" "$KERJA/fritzing.log" | grep -i "rumahpintar"; then
    gagal "Fritzing tidak bisa memuat komponen buatan sendiri"
fi

# 3. Salin, periksa, normalkan. Instance: 9 komponen, 12 simbol catu, kabel.
mkdir -p "$EKSPOR"
rm -f "$EKSPOR"/*.svg "$EKSPOR"/*.png
for v in breadboard schematic; do
    f="$KERJA/ekspor/rumah-pintar_$v.svg"
    [ -s "$f" ] || gagal "ekspor $v tidak dibuat (lihat log Fritzing)"
    cp "$f" "$EKSPOR/rumah-pintar_$v.svg"
done
python3 "$ALAT" cek "$EKSPOR/rumah-pintar_breadboard.svg" 40
python3 "$ALAT" cek "$EKSPOR/rumah-pintar_schematic.svg" 40
python3 "$ALAT" normalisasi "$EKSPOR"/rumah-pintar_*.svg

# 4. PNG untuk buku (mdBook hanya menyajikan berkas di book/src)
png="tanpa PNG (chromium tidak ada)"
if command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null; then
    for v in breadboard schematic; do
        python3 "$ALAT" png "$EKSPOR/rumah-pintar_$v.svg" "$EKSPOR/rumah-pintar_$v.png" "$PNG_LEBAR"
    done
    mkdir -p "$GAMBAR_BUKU"
    cp "$EKSPOR/rumah-pintar_breadboard.png" "$GAMBAR_BUKU/breadboard.png"
    cp "$EKSPOR/rumah-pintar_schematic.png" "$GAMBAR_BUKU/skematik.png"
    png="PNG di schematics/ekspor/ dan book/src/gambar/"
else
    echo "Catatan: chromium tidak ditemukan, PNG dilewati." >&2
fi

echo "Skematik: rumah-pintar.fzz dan komponen .fzpz dibangun, tampilan breadboard dan skematik diekspor ke schematics/ekspor/; $png."
