#!/usr/bin/env python3
"""Alat bantu untuk ``ekspor.sh`` (tanpa dependensi di luar pustaka standar).

    python3 alat_ekspor.py fzz <folder-sumber> <berkas.fzz>
    python3 alat_ekspor.py fzpz <folder-sumber> <folder-tujuan>
    python3 alat_ekspor.py normalisasi <berkas.svg>...
    python3 alat_ekspor.py cek <berkas.svg> <jumlah-komponen-minimal>
    python3 alat_ekspor.py png <berkas.svg> <berkas.png> <lebar-px>

``fzz`` membuat zip yang sama byte demi byte setiap kali (urutan nama dan
cap waktu tetap). ``normalisasi`` menghilangkan apa yang berubah di setiap
ekspor Fritzing (lihat README.md).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

FIXED_TIME = (2025, 1, 1, 0, 0, 0)


def _zip(files: list[Path], dest: Path) -> None:
    tmp = dest.with_name(dest.name + ".tmp")
    with zipfile.ZipFile(tmp, "w") as z:
        for f in sorted(files):
            info = zipfile.ZipInfo(f.name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            z.writestr(info, f.read_bytes())
    tmp.replace(dest)


def fzz(src: Path, dest: Path) -> None:
    """Sketsa: .fz + semua komponen buatan sendiri."""
    _zip([p for p in src.iterdir() if p.is_file()], dest)


def fzpz(src: Path, dest_dir: Path) -> None:
    """Satu .fzpz per komponen buatan sendiri (untuk Parts > Import di Fritzing)."""
    for part in sorted(src.glob("part.*.fzp")):
        key = part.name[len("part."):-len(".fzp")]
        svgs = [p for p in src.glob(f"svg.*.{key}_*.svg")]
        _zip([part, *svgs], dest_dir / f"{key}.fzpz")


ATTR = re.compile(r"""([^\s=/>]+)\s*=\s*("[^"]*"|'[^']*')""", re.S)
TAG = re.compile(r"<([A-Za-z][\w:.-]*)((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>", re.S)
FONT_FALLBACK = "'Droid Sans', 'DejaVu Sans', Arial, sans-serif"
DROID = re.compile(r"^'?(Droid ?Sans)'?$")
LEG = re.compile(r'^<path d="[^"]*" fill="none" stroke="#8c8c8c" stroke-linecap="round"[^>]*/>$')


def _tag(m: re.Match) -> str:
    name, attrs, close = m.group(1), m.group(2), m.group(3)
    pairs = []
    for key, value in ATTR.findall(attrs):
        value = value[1:-1]
        if key == "xmlns" and name != "svg":
            continue  # deklarasi namespace berulang di tiap elemen
        if key == "font-family" and DROID.match(value.replace("&apos;", "'")):
            value = FONT_FALLBACK
        value = value.replace('"', "&quot;")
        pairs.append((key, value))
    pairs.sort()
    body = "".join(f' {k}="{v}"' for k, v in pairs)
    return f"<{name}{body}{' /' if close else ''}>"


def normalise(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    text = TAG.sub(_tag, text)
    # satu tag per baris supaya diff di git terbaca
    lines = re.sub(r">\s*<", ">\n<", text).strip().split("\n")
    # Kaki komponen (garis abu-abu yang digambar Fritzing sendiri untuk kaki
    # yang bisa dibengkokkan) keluar dalam urutan acak: urutkan tiap deretnya.
    out: list[str] = []
    run: list[str] = []
    for line in lines + [""]:
        if LEG.match(line):
            run.append(line)
            continue
        out.extend(sorted(run))
        run = []
        out.append(line)
    path.write_text("\n".join(out).strip() + "\n", encoding="utf-8")


def check(path: Path, minimum: int) -> None:
    text = path.read_text(encoding="utf-8")
    parts = len(re.findall(r"partID=", text))
    if parts < minimum:
        sys.exit(f"{path.name}: hanya {parts} komponen/kabel tergambar (diharapkan >= {minimum})")


def png(svg: Path, out: Path, width: int) -> None:
    head = svg.read_text(encoding="utf-8")[:4000]
    w = float(re.search(r"""<svg[^>]*\swidth=["']([\d.]+)in""", head).group(1))
    h = float(re.search(r"""<svg[^>]*\sheight=["']([\d.]+)in""", head).group(1))
    height = round(width * h / w)
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        sys.exit(2)
    with tempfile.TemporaryDirectory() as d:
        page = Path(d) / "gambar.html"
        page.write_text(
            '<!doctype html><html><body style="margin:0;background:#ffffff">'
            f'<img src="{svg.resolve().as_uri()}" style="display:block;width:{width}px;height:{height}px">'
            "</body></html>",
            encoding="utf-8",
        )
        cmd = [
            browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars", f"--user-data-dir={d}/profil", f"--window-size={width},{height}",
            f"--screenshot={out.resolve()}", page.as_uri(),
        ]
        subprocess.run(cmd, check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": d})
    if not out.is_file() or out.stat().st_size == 0:
        sys.exit(f"gagal membuat {out}")


def main(argv: list[str]) -> None:
    cmd, *args = argv
    if cmd == "fzz":
        fzz(Path(args[0]), Path(args[1]))
    elif cmd == "fzpz":
        fzpz(Path(args[0]), Path(args[1]))
    elif cmd == "normalisasi":
        for a in args:
            normalise(Path(a))
    elif cmd == "cek":
        check(Path(args[0]), int(args[1]))
    elif cmd == "png":
        png(Path(args[0]), Path(args[1]), int(args[2]))
    else:
        sys.exit(f"perintah tidak dikenal: {cmd}")


if __name__ == "__main__":
    main(sys.argv[1:])
