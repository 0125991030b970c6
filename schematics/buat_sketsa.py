#!/usr/bin/env python3
"""Membuat sketsa Fritzing rumah pintar dari satu sumber: skrip ini.

Keluaran (semuanya teks, di-commit):

* ``parts/``: komponen buatan sendiri (NodeMCU v2, modul DHT11, modul RC522,
  DS18B20 TO-92), masing-masing ``.fzp`` + SVG breadboard/skematik/PCB dengan
  tata letak folder komponen Fritzing (``svg/<tampilan>/<berkas>.svg``).
* ``rumah-pintar/``: sumber sketsa yang belum dizip: ``rumah-pintar.fz`` dan
  salinan komponen buatan sendiri dengan nama yang dipakai Fritzing di dalam
  ``.fzz`` (``part.<berkas>.fzp``, ``svg.<tampilan>.<berkas>.svg``).

Pengkabelan mengikuti ``shared/pinmap`` (uji ``shared/pinmap/tests/
skematik.rs`` memeriksanya). Satuan: mil (1/1000 inci). Fritzing menyimpan
posisi dalam piksel 90 dpi, jadi 1 mil = 0,09 px.

Jalankan: ``python3 schematics/buat_sketsa.py`` (tanpa dependensi), lalu
``schematics/ekspor.sh`` untuk .fzz dan ekspor SVG/PNG.
"""

from __future__ import annotations

import math
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent
PARTS_DIR = ROOT / "parts"
SKETCH_DIR = ROOT / "rumah-pintar"
SKETCH_NAME = "rumah-pintar"

FONT = "Droid Sans"  # fon yang dibawa Fritzing
PX_PER_MIL = 0.09  # Fritzing: 90 px per inci
AUTHOR = "Tim Praktikum Socket TCP/IP"
DATE = "2025-01-01"


def num(v: float) -> str:
    """Angka ringkas dan stabil untuk XML."""
    v = round(v, 4)
    if v == int(v):
        return str(int(v))
    return f"{v:.4f}".rstrip("0").rstrip(".")


def attr(value: str) -> str:
    return escape(value, {'"': "&quot;"})


# ---------------------------------------------------------------------------
# Komponen buatan sendiri
# ---------------------------------------------------------------------------


@dataclass
class Pin:
    cid: str  # connectorN
    name: str
    desc: str


@dataclass
class CustomPart:
    key: str  # nama berkas tanpa ekstensi
    module_id: str
    title: str
    label: str
    family: str
    description: str
    tags: list[str]
    properties: dict[str, str]
    pins: list[Pin]
    breadboard: str  # isi SVG
    schematic: str
    pcb: str
    # titik sambung lokal (mil) per konektor
    bb_points: dict[str, tuple[float, float]]
    sch_points: dict[str, tuple[float, float]]
    bb_size: tuple[float, float]
    sch_size: tuple[float, float]
    buses: list[list[str]] = field(default_factory=list)
    sch_hybrid: set[str] = field(default_factory=set)
    # komponen berkaki bengkok (bendable legs) tidak dipakai
    fritzing_path: str = ""

    @property
    def fzp_name(self) -> str:
        return f"{self.key}.fzp"

    def svg_name(self, view: str) -> str:
        return f"{self.key}_{view}.svg"

    def fzp(self) -> str:
        props = "\n".join(
            f'  <property name="{attr(k)}">{escape(v)}</property>'
            for k, v in self.properties.items()
        )
        tags = "\n".join(f"  <tag>{escape(t)}</tag>" for t in self.tags)
        conns = []
        for p in self.pins:
            hybrid = ' hybrid="yes"' if p.cid in self.sch_hybrid else ""
            term = "" if p.cid in self.sch_hybrid else f' terminalId="{p.cid}terminal"'
            conns.append(
                f"""  <connector id="{p.cid}" name="{attr(p.name)}" type="male">
   <description>{escape(p.desc)}</description>
   <views>
    <breadboardView>
     <p layer="breadboard" svgId="{p.cid}pin"/>
    </breadboardView>
    <schematicView>
     <p layer="schematic" svgId="{p.cid}pin"{term}{hybrid}/>
    </schematicView>
    <pcbView>
     <p layer="copper0" svgId="{p.cid}pad"/>
     <p layer="copper1" svgId="{p.cid}pad"/>
    </pcbView>
   </views>
  </connector>"""
            )
        buses = ""
        if self.buses:
            items = []
            for i, members in enumerate(self.buses):
                nodes = "".join(f'<nodeMember connectorId="{m}"/>' for m in members)
                items.append(f'  <bus id="bus{i}">{nodes}</bus>')
            buses = " <buses>\n" + "\n".join(items) + "\n </buses>\n"
        return f"""<?xml version="1.0" encoding="UTF-8"?>
<module fritzingVersion="0.9.6" moduleId="{self.module_id}">
 <version>1</version>
 <author>{escape(AUTHOR)}</author>
 <title>{escape(self.title)}</title>
 <label>{escape(self.label)}</label>
 <date>{DATE}</date>
 <tags>
{tags}
 </tags>
 <properties>
  <property name="family">{escape(self.family)}</property>
{props}
 </properties>
 <description>{escape(self.description)}</description>
 <views>
  <iconView>
   <layers image="icon/{self.svg_name('icon')}">
    <layer layerId="icon"/>
   </layers>
  </iconView>
  <breadboardView>
   <layers image="breadboard/{self.svg_name('breadboard')}">
    <layer layerId="breadboard"/>
   </layers>
  </breadboardView>
  <schematicView>
   <layers image="schematic/{self.svg_name('schematic')}">
    <layer layerId="schematic"/>
   </layers>
  </schematicView>
  <pcbView>
   <layers image="pcb/{self.svg_name('pcb')}">
    <layer layerId="copper0"/>
    <layer layerId="silkscreen"/>
    <layer layerId="copper1"/>
   </layers>
  </pcbView>
 </views>
 <connectors>
{chr(10).join(conns)}
 </connectors>
{buses}</module>
"""


def svg_doc(w: float, h: float, layer: str, body: list[str]) -> str:
    """Dokumen SVG ala Fritzing: ukuran dalam inci, viewBox dalam mil."""
    inner = "\n".join("  " + line for line in body)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny" '
        f'width="{num(w / 1000)}in" height="{num(h / 1000)}in" viewBox="0 0 {num(w)} {num(h)}">\n'
        f' <g id="{layer}">\n{inner}\n </g>\n</svg>\n'
    )


def text(x, y, s, size, fill="#000000", anchor="start", rotate=None, weight=None) -> str:
    tr = f' transform="rotate({rotate} {num(x)} {num(y)})"' if rotate is not None else ""
    fw = f' font-weight="{weight}"' if weight else ""
    return (
        f'<text x="{num(x)}" y="{num(y)}" font-family="{FONT}" font-size="{num(size)}" '
        f'fill="{fill}" text-anchor="{anchor}"{fw}{tr}>{escape(s)}</text>'
    )


# --- skematik: gaya Fritzing 0.8.6+ (grid 0,1 inci, kaki 0,1 inci) ----------

SCH_PIN = 'stroke="#787878" stroke-width="9.7222" stroke-linecap="round"'
SCH_LABEL = 49  # ukuran teks label pin (mil), seperti komponen inti Fritzing


class Symbol:
    """Simbol skematik kotak dengan kaki 100 mil di keempat sisi."""

    def __init__(self, w, h, box):
        self.w, self.h = w, h
        self.box = box  # (x0, y0, x1, y1)
        self.body: list[str] = []
        self.points: dict[str, tuple[float, float]] = {}

    def pin(self, cid, side, pos, label):
        x0, y0, x1, y1 = self.box
        if side == "left":
            tx, ty, ix, iy = x0 - 100, pos, x0, pos
            lab = text(x0 + 25, pos + 17, label, SCH_LABEL, "#444444")
        elif side == "right":
            tx, ty, ix, iy = x1 + 100, pos, x1, pos
            lab = text(x1 - 25, pos + 17, label, SCH_LABEL, "#444444", "end")
        elif side == "top":
            tx, ty, ix, iy = pos, y0 - 100, pos, y0
            lab = text(pos, y0 + 70, label, SCH_LABEL, "#444444", "middle")
        else:
            tx, ty, ix, iy = pos, y1 + 100, pos, y1
            lab = text(pos, y1 - 30, label, SCH_LABEL, "#444444", "middle")
        self.body.append(
            f'<line id="{cid}pin" x1="{num(tx)}" y1="{num(ty)}" x2="{num(ix)}" y2="{num(iy)}" {SCH_PIN}/>'
        )
        self.body.append(
            f'<rect id="{cid}terminal" x="{num(tx - 2)}" y="{num(ty - 2)}" width="4" height="4" '
            'fill="none" stroke="none"/>'
        )
        self.body.append(lab)
        self.points[cid] = (tx, ty)

    def svg(self, titles: list[tuple[str, float]]) -> str:
        x0, y0, x1, y1 = self.box
        cx = (x0 + x1) / 2
        head = [
            f'<rect x="{num(x0)}" y="{num(y0)}" width="{num(x1 - x0)}" height="{num(y1 - y0)}" '
            'fill="#FFFFFF" stroke="#000000" stroke-width="12.5"/>'
        ]
        for i, (t, y) in enumerate(titles):
            head.append(text(cx, y, t, 70 if i == 0 else 55, "#000000", "middle",
                             weight="bold" if i == 0 else None))
        return svg_doc(self.w, self.h, "schematic", head + self.body)


def pcb_svg(w, h, pads: list[tuple[str, float, float]], outline: list[str]) -> str:
    """Jejak PCB THT: lubang 40 mil, cincin 20 mil; pad pertama persegi."""
    copper = []
    for i, (cid, x, y) in enumerate(pads):
        if i == 0:
            copper.append(
                f'<rect id="{cid}pad" x="{num(x - 37)}" y="{num(y - 37)}" width="74" height="74" '
                'fill="none" stroke="#F7BD13" stroke-width="20"/>'
            )
        else:
            copper.append(
                f'<circle id="{cid}pad" cx="{num(x)}" cy="{num(y)}" r="37" fill="none" '
                'stroke="#F7BD13" stroke-width="20"/>'
            )
    body = (
        ['<g id="silkscreen">']
        + ["  " + o for o in outline]
        + ["</g>", '<g id="copper1">', ' <g id="copper0">']
        + ["  " + c for c in copper]
        + [" </g>", "</g>"]
    )
    inner = "\n".join("  " + line for line in body)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny" '
        f'width="{num(w / 1000)}in" height="{num(h / 1000)}in" viewBox="0 0 {num(w)} {num(h)}">\n'
        f"{inner}\n</svg>\n"
    )


def silk_rect(x, y, w, h) -> str:
    return (
        f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}" fill="none" '
        'stroke="#FFFFFF" stroke-width="10"/>'
    )


# --- NodeMCU v2 (Amica), ESP-12E ------------------------------------------

NODEMCU_LEFT = [
    ("A0", "Masukan analog: satu-satunya ADC (10 bit); pembagi 220k/100k di papan memetakan 0-3,3 V ke 0-1,0 V milik chip"),
    ("RSV", "Tidak dipakai (reserved)"),
    ("RSV", "Tidak dipakai (reserved)"),
    ("SD3", "GPIO10: jalur flash SPI (SDD3); jangan dipakai"),
    ("SD2", "GPIO9: jalur flash SPI (SDD2); jangan dipakai"),
    ("SD1", "GPIO8: jalur flash SPI (SDD1 / MOSI flash); jangan dipakai"),
    ("CMD", "GPIO11: jalur flash SPI (SDCMD / CS flash); jangan dipakai"),
    ("SD0", "GPIO7: jalur flash SPI (SDD0 / MISO flash); jangan dipakai"),
    ("CLK", "GPIO6: jalur flash SPI (SDCLK); jangan dipakai"),
    ("GND", "Ground"),
    ("3V3", "Keluaran regulator 3,3 V"),
    ("EN", "Enable chip (CH_PD), aktif tinggi"),
    ("RST", "Reset chip, aktif rendah"),
    ("GND", "Ground"),
    ("VIN", "Masukan 5 V (dari USB atau luar) ke regulator 3,3 V"),
]
NODEMCU_RIGHT = [
    ("D0", "GPIO16: tanpa PWM/I2C/interupsi; juga WAKE dari deep sleep"),
    ("D1", "GPIO5"),
    ("D2", "GPIO4"),
    ("D3", "GPIO0: pin boot (harus tinggi saat boot; rendah = mode flash); tombol FLASH"),
    ("D4", "GPIO2: pin boot (harus tinggi saat boot); LED biru di modul ESP-12E, aktif rendah; TXD1"),
    ("3V3", "Keluaran regulator 3,3 V"),
    ("GND", "Ground"),
    ("D5", "GPIO14: HSPI SCLK"),
    ("D6", "GPIO12: HSPI MISO"),
    ("D7", "GPIO13: HSPI MOSI"),
    ("D8", "GPIO15: HSPI CS; pin boot (harus rendah saat boot, pull-down 10k di papan)"),
    ("RX", "GPIO3: RXD0, UART0 ke USB (CP2102)"),
    ("TX", "GPIO1: TXD0, UART0 ke USB (CP2102)"),
    ("GND", "Ground"),
    ("3V3", "Keluaran regulator 3,3 V"),
]


def nodemcu() -> CustomPart:
    w, h = 1000, 1950
    pins: list[Pin] = []
    bb_points: dict[str, tuple[float, float]] = {}
    body = [
        # papan
        '<rect x="0" y="0" width="1000" height="1900" rx="40" fill="#1c1c1c" stroke="#000000" stroke-width="8"/>',
        '<circle cx="160" cy="110" r="55" fill="#ffffff" stroke="#b8b8b8" stroke-width="14"/>',
        '<circle cx="840" cy="110" r="55" fill="#ffffff" stroke="#b8b8b8" stroke-width="14"/>',
        '<circle cx="160" cy="1845" r="38" fill="#ffffff" stroke="#b8b8b8" stroke-width="12"/>',
        '<circle cx="840" cy="1845" r="38" fill="#ffffff" stroke="#b8b8b8" stroke-width="12"/>',
        # modul ESP-12E: PCB, antena, pelindung logam
        '<rect x="215" y="40" width="570" height="900" fill="#1a3a66" stroke="#0d2440" stroke-width="6"/>',
        '<path d="M260,230 L260,80 L330,80 L330,200 L400,200 L400,80 L470,80 L470,200 L540,200 L540,80 L610,80 '
        'L610,200 L680,200 L680,80 L740,80" fill="none" stroke="#c9a227" stroke-width="22"/>',
        '<rect x="245" y="290" width="510" height="610" rx="12" fill="#c8ccd2" stroke="#8a9099" stroke-width="8"/>',
        text(500, 470, "ESP8266MOD", 62, "#3a3f45", "middle", weight="bold"),
        text(500, 560, "ESP-12E", 56, "#3a3f45", "middle"),
        text(500, 650, "Wi-Fi 802.11 b/g/n", 40, "#3a3f45", "middle"),
        '<circle cx="735" cy="265" r="16" fill="#3b82f6" stroke="#1d4ed8" stroke-width="4"/>',
        # regulator AMS1117 dan CP2102
        '<rect x="360" y="1010" width="280" height="130" fill="#111111" stroke="#555555" stroke-width="4"/>',
        '<rect x="400" y="985" width="200" height="30" fill="#9aa0a6"/>',
        text(500, 1090, "AMS1117 3V3", 34, "#d0d0d0", "middle"),
        text(500, 1250, "NodeMCU v2", 64, "#ffffff", "middle", weight="bold"),
        '<rect x="410" y="1320" width="180" height="180" fill="#111111" stroke="#555555" stroke-width="4"/>',
        text(500, 1420, "CP2102", 34, "#d0d0d0", "middle"),
        # tombol RST dan FLASH, USB mikro
        '<rect x="215" y="1620" width="150" height="120" fill="#c8ccd2" stroke="#8a9099" stroke-width="6"/>',
        '<circle cx="290" cy="1680" r="38" fill="#222222"/>',
        text(290, 1595, "RST", 38, "#ffffff", "middle"),
        '<rect x="635" y="1620" width="150" height="120" fill="#c8ccd2" stroke="#8a9099" stroke-width="6"/>',
        '<circle cx="710" cy="1680" r="38" fill="#222222"/>',
        text(710, 1595, "FLASH", 38, "#ffffff", "middle"),
        '<rect x="380" y="1760" width="240" height="190" rx="16" fill="#b5b9be" stroke="#7d8288" stroke-width="6"/>',
        '<rect x="420" y="1860" width="160" height="50" rx="10" fill="#4a4f55"/>',
        # header
        '<rect x="10" y="305" width="80" height="1490" fill="#0a0a0a"/>',
        '<rect x="910" y="305" width="80" height="1490" fill="#0a0a0a"/>',
    ]
    for side, lst, x in (("L", NODEMCU_LEFT, 50), ("R", NODEMCU_RIGHT, 950)):
        for i, (name, desc) in enumerate(lst):
            n = i if side == "L" else 15 + i
            cid = f"connector{n}"
            y = 350 + 100 * i
            pins.append(Pin(cid, name, desc))
            bb_points[cid] = (x, y)
            body.append(
                f'<rect id="{cid}pin" x="{x - 22}" y="{y - 22}" width="44" height="44" '
                'fill="#d4b24c" stroke="#8c6d1f" stroke-width="6"/>'
            )
            if side == "L":
                body.append(text(108, y + 16, name, 46, "#ffffff"))
            else:
                body.append(text(892, y + 16, name, 46, "#ffffff", "end"))
    breadboard = svg_doc(w, h, "breadboard", body)

    # skematik
    sym = Symbol(1600, 1600, (100, 100, 1500, 1500))
    gpio = {"D0": 16, "D1": 5, "D2": 4, "D3": 0, "D4": 2, "D5": 14, "D6": 12, "D7": 13, "D8": 15,
            "RX": 3, "TX": 1, "SD3": 10, "SD2": 9, "SD1": 8, "CMD": 11, "SD0": 7, "CLK": 6}
    right_order = ["D0", "D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8", "RX", "TX"]
    for i, name in enumerate(right_order):
        n = 15 + [p[0] for p in NODEMCU_RIGHT].index(name)
        sym.pin(f"connector{n}", "right", 300 + 100 * i, f"{name} (GPIO{gpio[name]})")
    left = [(0, 300, "A0 (ADC)"), (11, 400, "EN"), (12, 500, "RST"), (1, 700, "RSV"), (2, 800, "RSV"),
            (3, 900, "SD3 (GPIO10)"), (4, 1000, "SD2 (GPIO9)"), (5, 1100, "SD1 (GPIO8)"),
            (6, 1200, "CMD (GPIO11)"), (7, 1300, "SD0 (GPIO7)"), (8, 1400, "CLK (GPIO6)")]
    for n, y, lab in left:
        sym.pin(f"connector{n}", "left", y, lab)
    sym.pin("connector14", "top", 600, "VIN")
    sym.pin("connector10", "top", 1000, "3V3")
    sym.pin("connector9", "bottom", 800, "GND")
    # konektor kembar (3V3, GND) tampil sekali di skematik; bus menyatukannya
    # A fixed order, not a set's: string hashes change with every Python run
    # (PYTHONHASHSEED), and the output must equal the committed files exactly.
    hybrid_order = ["connector29", "connector21", "connector13", "connector28", "connector20"]
    hybrid = set(hybrid_order)
    for cid in hybrid_order:
        sym.body.append(f'<rect id="{cid}pin" x="0" y="0" width="0" height="0" fill="none" stroke="none"/>')
    schematic = sym.svg([("NodeMCU v2", 760), ("ESP-12E (ESP8266)", 840)])

    pads = [(f"connector{i}", 50, 350 + 100 * i) for i in range(15)]
    pads += [(f"connector{15 + i}", 950, 350 + 100 * i) for i in range(15)]
    outline = [silk_rect(5, 5, 990, 1890), silk_rect(215, 40, 570, 900)]
    outline += [text(500, 1250, "NodeMCU v2", 64, "#FFFFFF", "middle")]
    pcb = pcb_svg(1000, 1900, pads, outline)

    return CustomPart(
        key="rumahpintar_nodemcu_v2",
        module_id="RumahPintar_NodeMCU_v2_ESP12E",
        title="NodeMCU v2 (ESP-12E, ESP8266)",
        label="NodeMCU",
        family="microcontroller board (ESP8266)",
        description=(
            "Papan NodeMCU DevKit v1.0 (\"v2\", Amica): modul ESP-12E (ESP8266, flash 4 MB), "
            "regulator 3,3 V, USB-UART CP2102, tombol RST dan FLASH. Dua baris 15 pin, "
            "jarak antarbaris 0,9 inci. Logika 3,3 V: pin GPIO tidak tahan 5 V."
        ),
        tags=["ESP8266", "ESP-12E", "NodeMCU", "rumah pintar"],
        properties={"variant": "v2 (Amica)", "chip": "ESP8266EX", "logic": "3.3V"},
        pins=sorted(pins, key=lambda p: int(p.cid[9:])),
        breadboard=breadboard,
        schematic=schematic,
        pcb=pcb,
        bb_points=bb_points,
        sch_points=sym.points,
        bb_size=(w, h),
        sch_size=(sym.w, sym.h),
        buses=[["connector10", "connector20", "connector29"],
               ["connector9", "connector13", "connector21", "connector28"]],
        sch_hybrid=hybrid,
    )


# --- Modul DHT11 (3 pin) ------------------------------------------------------


def dht11() -> CustomPart:
    w, h = 560, 1120
    names = [("VCC", "Catu 3,3 V (modul bekerja 3,3-5,5 V)"),
             ("DATA", "Data satu kabel (open drain; modul punya pull-up 10k sendiri)"),
             ("GND", "Ground")]
    body = [
        '<rect x="0" y="0" width="560" height="900" rx="20" fill="#1f5fae" stroke="#123e75" stroke-width="8"/>',
        '<circle cx="80" cy="820" r="34" fill="#ffffff" stroke="#9fb7d6" stroke-width="10"/>',
        '<rect x="60" y="40" width="440" height="600" rx="24" fill="#3aa0e8" stroke="#1d6fb0" stroke-width="8"/>',
    ]
    for r in range(6):
        for c in range(4):
            body.append(
                f'<rect x="{105 + c * 95}" y="{80 + r * 90}" width="65" height="50" rx="8" fill="#1d6fb0"/>'
            )
    body += [
        text(280, 700, "DHT11", 64, "#ffffff", "middle", weight="bold"),
        # resistor pull-up dan LED daya di modul
        '<rect x="370" y="760" width="110" height="50" fill="#222222"/>',
        text(425, 745, "10k", 30, "#ffffff", "middle"),
        '<rect x="170" y="765" width="70" height="40" fill="#e34b4b"/>',
    ]
    pins, points = [], {}
    for i, (name, desc) in enumerate(names):
        cid = f"connector{i}"
        x = 180 + 100 * i
        pins.append(Pin(cid, name, desc))
        points[cid] = (x, 1080)
        body += [
            f'<rect x="{x - 40}" y="850" width="80" height="90" fill="#0a0a0a"/>',
            f'<rect x="{x - 10}" y="940" width="20" height="160" fill="#c9a227"/>',
            f'<rect id="{cid}pin" x="{x - 20}" y="1060" width="40" height="40" fill="#d4b24c" '
            'stroke="#8c6d1f" stroke-width="4"/>',
        ]
    body += [text(180 + 100 * i, 835, s, 32, "#ffffff", "middle") for i, s in enumerate(["VCC", "DATA", "GND"])]
    breadboard = svg_doc(w, h, "breadboard", body)

    sym = Symbol(900, 600, (100, 100, 800, 500))
    sym.pin("connector1", "left", 300, "DATA")
    sym.pin("connector0", "top", 400, "VCC")
    sym.pin("connector2", "bottom", 400, "GND")
    schematic = sym.svg([("DHT11", 300), ("modul", 370)])

    pads = [(f"connector{i}", 180 + 100 * i, 850) for i in range(3)]
    pcb = pcb_svg(560, 900, pads, [silk_rect(5, 5, 550, 890), silk_rect(60, 40, 440, 600)])
    return CustomPart(
        key="rumahpintar_dht11_modul",
        module_id="RumahPintar_DHT11_Modul_3pin",
        title="Modul DHT11 (3 pin)",
        label="DHT",
        family="humidity and temperature sensor",
        description=(
            "Sensor suhu dan kelembapan DHT11 pada modul kecil 3 pin (VCC, DATA, GND) "
            "dengan resistor pull-up 10k dan LED daya. Protokol satu kabel milik Aosong, "
            "paling sering sekali per detik."
        ),
        tags=["DHT11", "sensor", "kelembapan", "suhu", "rumah pintar"],
        properties={"part number": "DHT11", "package": "modul 3 pin"},
        pins=pins,
        breadboard=breadboard,
        schematic=schematic,
        pcb=pcb,
        bb_points=points,
        sch_points=sym.points,
        bb_size=(w, h),
        sch_size=(sym.w, sym.h),
    )


# --- DS18B20 dalam kemasan TO-92 ------------------------------------------------


def ds18b20() -> CustomPart:
    w, h = 300, 720
    names = [("GND", "Ground"),
             ("DQ", "Data 1-Wire (open drain): butuh pull-up 4,7 kΩ ke VDD"),
             ("VDD", "Catu 3,0-5,5 V")]
    body = [
        # TO-92 dilihat dari depan (sisi datar menghadap pembaca)
        '<path d="M10,250 L10,120 Q10,10 150,10 Q290,10 290,120 L290,250 Z" fill="#1e1e1e" '
        'stroke="#000000" stroke-width="6"/>',
        '<rect x="30" y="40" width="240" height="190" fill="#2b2b2b"/>',
        text(150, 120, "DS18B20", 40, "#e6e6e6", "middle", weight="bold"),
        text(150, 180, "1-Wire", 32, "#bdbdbd", "middle"),
    ]
    pins, points = [], {}
    for i, (name, desc) in enumerate(names):
        cid = f"connector{i}"
        x = 50 + 100 * i
        pins.append(Pin(cid, name, desc))
        points[cid] = (x, 680)
        body += [
            f'<line x1="{x}" y1="250" x2="{x}" y2="690" stroke="#9a9a9a" stroke-width="22" stroke-linecap="round"/>',
            f'<rect id="{cid}pin" x="{x - 20}" y="660" width="40" height="40" fill="#b0b0b0" '
            'stroke="#7a7a7a" stroke-width="4"/>',
        ]
    breadboard = svg_doc(w, h, "breadboard", body)

    sym = Symbol(900, 600, (100, 100, 800, 500))
    sym.pin("connector1", "left", 300, "DQ")
    sym.pin("connector2", "top", 400, "VDD")
    sym.pin("connector0", "bottom", 400, "GND")
    schematic = sym.svg([("DS18B20", 300), ("1-Wire", 370)])

    pads = [(f"connector{i}", 50 + 100 * i, 150) for i in range(3)]
    pcb = pcb_svg(300, 300, pads, ['<path d="M20,230 L280,230 Q280,20 150,20 Q20,20 20,230 Z" fill="none" '
                                   'stroke="#FFFFFF" stroke-width="10"/>'])
    return CustomPart(
        key="rumahpintar_ds18b20_to92",
        module_id="RumahPintar_DS18B20_TO92",
        title="DS18B20 (TO-92)",
        label="U",
        family="temperature sensor (1-Wire)",
        description=(
            "Sensor suhu digital DS18B20 (Maxim) dalam kemasan TO-92. Dilihat dari sisi "
            "datar, kaki kiri ke kanan: GND, DQ, VDD. Bus 1-Wire butuh pull-up 4,7 kΩ."
        ),
        tags=["DS18B20", "1-Wire", "sensor", "suhu", "rumah pintar"],
        properties={"part number": "DS18B20", "package": "TO92 [THT]"},
        pins=pins,
        breadboard=breadboard,
        schematic=schematic,
        pcb=pcb,
        bb_points=points,
        sch_points=sym.points,
        bb_size=(w, h),
        sch_size=(sym.w, sym.h),
    )


# --- Modul RFID-RC522 (MFRC522) ---------------------------------------------------

RC522_PINS = [
    ("SDA", "SPI: pilih chip (SS/CS, NSS), aktif rendah"),
    ("SCK", "SPI: clock"),
    ("MOSI", "SPI: data dari mikrokontroler"),
    ("MISO", "SPI: data ke mikrokontroler"),
    ("IRQ", "Keluaran interupsi (tidak dipakai)"),
    ("GND", "Ground"),
    ("RST", "Reset / power-down (NRSTPD), aktif rendah"),
    ("3.3V", "Catu 3,3 V SAJA: 5 V merusak MFRC522"),
]


def rc522() -> CustomPart:
    # dilihat dari sisi komponen dengan header 8 pin di atas (40 x 60 mm)
    w, h = 1575, 2362
    body = [
        f'<rect x="0" y="0" width="{w}" height="{h}" rx="30" fill="#1f5fae" stroke="#123e75" stroke-width="8"/>',
        '<circle cx="130" cy="862" r="70" fill="#ffffff" stroke="#9fb7d6" stroke-width="12"/>',
        '<circle cx="1445" cy="862" r="70" fill="#ffffff" stroke="#9fb7d6" stroke-width="12"/>',
        '<circle cx="130" cy="2232" r="70" fill="#ffffff" stroke="#9fb7d6" stroke-width="12"/>',
        '<circle cx="1445" cy="2232" r="70" fill="#ffffff" stroke="#9fb7d6" stroke-width="12"/>',
    ]
    # antena: tiga lilitan persegi di bagian bawah
    for k in range(3):
        m = 260 + 45 * k
        body.append(
            f'<rect x="{m}" y="{962 + m - 260}" width="{w - 2 * m}" height="{1400 - 2 * (m - 260) - 120}" rx="60" '
            'fill="none" stroke="#c9a227" stroke-width="18"/>'
        )
    body += [
        text(w / 2, 1620, "RFID-RC522", 90, "#ffffff", "middle", weight="bold"),
        text(w / 2, 1730, "13,56 MHz", 60, "#dbe7f5", "middle"),
        # chip MFRC522 (QFN32), kristal 27,12 MHz, kapasitor
        f'<rect x="{w / 2 - 130}" y="520" width="260" height="260" fill="#111111" stroke="#555555" '
        f'stroke-width="6" transform="rotate(45 {w / 2} 650)"/>',
        text(w / 2, 665, "MFRC522", 44, "#d0d0d0", "middle"),
        '<rect x="1120" y="560" width="300" height="130" rx="60" fill="#c8ccd2" stroke="#8a9099" stroke-width="6"/>',
        text(1270, 640, "27.12", 40, "#3a3f45", "middle"),
        '<rect x="200" y="560" width="90" height="50" fill="#b08b5a"/>',
        '<rect x="200" y="660" width="90" height="50" fill="#b08b5a"/>',
        '<rect x="400" y="90" width="800" height="100" fill="#0a0a0a"/>',
    ]
    pins, points = [], {}
    for i, (name, desc) in enumerate(RC522_PINS):
        cid = f"connector{i}"
        x = 450 + 100 * i
        y = 140
        pins.append(Pin(cid, name, desc))
        points[cid] = (x, y)
        body += [
            f'<circle id="{cid}pin" cx="{x}" cy="{y}" r="28" fill="#d4b24c" stroke="#8c6d1f" stroke-width="8"/>',
            text(x - 16, 230, name, 46, "#ffffff", rotate=90),
        ]
    breadboard = svg_doc(w, h, "breadboard", body)

    sym = Symbol(1000, 1000, (100, 100, 900, 900))
    sym.pin("connector1", "left", 300, "SCK")
    sym.pin("connector3", "left", 400, "MISO")
    sym.pin("connector2", "left", 500, "MOSI")
    sym.pin("connector0", "left", 600, "SDA (SS)")
    sym.pin("connector4", "right", 500, "IRQ")
    sym.pin("connector6", "top", 400, "RST")
    sym.pin("connector7", "top", 600, "3.3V")
    sym.pin("connector5", "bottom", 500, "GND")
    schematic = sym.svg([("RFID-RC522", 690), ("MFRC522, SPI", 770)])

    pads = [(f"connector{i}", 450 + 100 * i, 140) for i in range(8)]
    pcb = pcb_svg(w, h, pads, [silk_rect(5, 5, w - 10, h - 10), silk_rect(260, 962, w - 520, 1280)])
    return CustomPart(
        key="rumahpintar_rc522_modul",
        module_id="RumahPintar_RFID_RC522_Modul",
        title="Modul RFID-RC522 (MFRC522)",
        label="RFID",
        family="RFID reader (13.56 MHz)",
        description=(
            "Modul pembaca RFID RC522 dengan chip NXP MFRC522 (ISO 14443A, 13,56 MHz), "
            "antena di papan, header 8 pin: SDA, SCK, MOSI, MISO, IRQ, GND, RST, 3.3V. "
            "Dipakai lewat SPI. Catu dan logika 3,3 V: jangan sambungkan ke 5 V."
        ),
        tags=["RC522", "MFRC522", "RFID", "SPI", "rumah pintar"],
        properties={"part number": "MFRC522", "interface": "SPI"},
        pins=pins,
        breadboard=breadboard,
        schematic=schematic,
        pcb=pcb,
        bb_points=points,
        sch_points=sym.points,
        bb_size=(w, h),
        sch_size=(sym.w, sym.h),
    )


# ---------------------------------------------------------------------------
# Komponen pustaka Fritzing 0.9.6 (fritzing-parts). Titik sambung diukur dari
# ekspor SVG Fritzing sendiri (mil, relatif ke pojok kiri atas komponen).
# ---------------------------------------------------------------------------


@dataclass
class LibraryPart:
    module_id: str
    path: str
    bb_points: dict[str, tuple[float, float]]
    sch_points: dict[str, tuple[float, float]]
    sch_size: tuple[float, float]
    names: dict[str, str]


RESISTOR = LibraryPart(
    "ResistorModuleID",
    "/usr/share/fritzing/parts/core/resistor.fzp",
    {"connector0": (14.55, 50.45), "connector1": (414.62, 50.45)},
    {"connector0": (4.861, 43), "connector1": (404.864, 43)},
    (409.722, 86),
    {"connector0": "Pin 0", "connector1": "Pin 1"},
)
LED_RED = LibraryPart(
    "5mmColorLEDModuleID",
    "/usr/share/fritzing/parts/core/LED-generic-5mm.fzp",
    {"connector0": (62.87, 747.54), "connector1": (162.9, 747.54)},
    {"connector0": (137.5, 303), "connector1": (137.5, 3)},
    (190, 305.986),
    {"connector0": "cathode", "connector1": "anode"},
)
LDR = LibraryPart(
    "2010BBCD20113",
    "/usr/share/fritzing/parts/core/LDR_photocell_300mil.fzp",
    {"connector0": (14.58, 137.25), "connector1": (323.3, 137.25)},
    {"connector0": (4.861, 105), "connector1": (604.875, 105)},
    (609.722, 210.014),
    {"connector0": "pin 0", "connector1": "pin 1"},
)
POWER = LibraryPart(
    "PowerLabelModuleID", ":/resources/parts/core/power_label.fzp",
    {}, {"connector0": (100, 194)}, (200, 200), {"connector0": "V+"},
)
GROUND = LibraryPart(
    "GroundModuleID", ":/resources/parts/core/ground.fzp",
    {}, {"connector0": (100, 6.6)}, (200, 200), {"connector0": "GND"},
)


# ---------------------------------------------------------------------------
# Sketsa
# ---------------------------------------------------------------------------

VIEWS = {
    # nama elemen, lapisan komponen, lapisan kabel, bendera kabel, tebal (mil), z kabel
    "bb": ("breadboardView", "breadboard", "breadboardWire", 64, 22.2222, 3.5),
    "sch": ("schematicView", "schematic", "schematicTrace", 128, 9.7222, 5.5),
}


def rot_matrix(deg: int, size: tuple[float, float]):
    """Putaran searah jarum jam (layar) di sekitar pusat komponen."""
    c, s = round(math.cos(math.radians(deg))), round(math.sin(math.radians(deg)))
    cx, cy = size[0] / 2, size[1] / 2
    m31 = cx - (c * cx - s * cy)
    m32 = cy - (s * cx + c * cy)
    return c, s, -s, c, m31, m32


@dataclass
class Placement:
    pos: tuple[float, float]  # mil
    rot: int = 0
    size: tuple[float, float] = (0, 0)

    def apply(self, p: tuple[float, float]) -> tuple[float, float]:
        m11, m12, m21, m22, m31, m32 = rot_matrix(self.rot, self.size)
        x, y = p
        return (self.pos[0] + m11 * x + m21 * y + m31, self.pos[1] + m12 * x + m22 * y + m32)


@dataclass
class Instance:
    index: int
    title: str
    part: CustomPart | LibraryPart
    properties: dict[str, str]
    place: dict[str, Placement]  # "bb", "sch", "pcb"
    connects: dict[tuple[str, str], list[tuple[str, int, str]]] = field(default_factory=dict)
    # label komponen per tampilan: (x, y) dalam mil dan properti yang ditampilkan
    labels: dict[str, tuple[tuple[float, float], list[str]]] = field(default_factory=dict)

    @property
    def module_id(self):
        return self.part.module_id

    def point(self, view: str, cid: str) -> tuple[float, float]:
        pts = self.part.bb_points if view == "bb" else self.part.sch_points
        return self.place[view].apply(pts[cid])


@dataclass
class Wire:
    index: int
    view: str
    a: tuple[float, float]
    b: tuple[float, float]
    color: str
    connects: dict[str, list[tuple[str, int, str]]] = field(default_factory=lambda: {"connector0": [], "connector1": []})


class Sketch:
    def __init__(self):
        self.instances: list[Instance] = []
        self.wires: list[Wire] = []
        self.next_index = 1000
        # titik pertemuan kabel: (view, nama) -> daftar (kabel, ujung)
        self.junctions: dict[tuple[str, str], list[tuple[Wire, str]]] = {}
        self.junction_pos: dict[tuple[str, str], tuple[float, float]] = {}

    def _idx(self) -> int:
        self.next_index += 1
        return self.next_index

    def add(self, title, part, props=None, **place) -> Instance:
        inst = Instance(self._idx(), title, part, props or {}, {})
        for view, pos in place.items():
            size = part.bb_size if view == "bb" and isinstance(part, CustomPart) else (
                part.sch_size if view == "sch" else (0, 0))
            inst.place[view] = Placement(pos, 0, size)
        self.instances.append(inst)
        return inst

    def anchor(self, inst: Instance, view: str, cid: str, target: tuple[float, float], rot: int = 0):
        """Letakkan komponen sehingga konektor ``cid`` jatuh tepat di ``target``."""
        part = inst.part
        if view == "bb":
            size = part.bb_size if isinstance(part, CustomPart) else (0, 0)
            local = part.bb_points[cid]
        else:
            size = part.sch_size
            local = part.sch_points[cid]
        p = Placement((0, 0), rot, size)
        x, y = p.apply(local)
        inst.place[view] = Placement((target[0] - x, target[1] - y), rot, size)

    def _end(self, view, end):
        """Ujung rute: (instance, connectorId) atau nama titik pertemuan (str)."""
        if isinstance(end, str):
            return self.junction_pos[(view, end)]
        inst, cid = end
        return inst.point(view, cid)

    def junction(self, view: str, name: str, pos: tuple[float, float]):
        self.junction_pos[(view, name)] = pos
        self.junctions.setdefault((view, name), [])

    def route(self, view: str, start, via: list[tuple[float, float]], end, color: str):
        """Rantai kabel lurus dari ``start`` lewat titik ``via`` ke ``end``."""
        pts = [self._end(view, start)] + list(via) + [self._end(view, end)]
        for p, q in zip(pts, pts[1:]):
            assert abs(p[0] - q[0]) < 0.01 or abs(p[1] - q[1]) < 0.01 or view == "bb", (view, p, q)
        wires = []
        for p, q in zip(pts, pts[1:]):
            w = Wire(self._idx(), view, p, q, color)
            self.wires.append(w)
            wires.append(w)
        _, comp_layer, wire_layer, *_ = VIEWS[view]
        # sambungan antarsegmen
        for w1, w2 in zip(wires, wires[1:]):
            w1.connects["connector1"].append(("connector0", w2.index, wire_layer))
            w2.connects["connector0"].append(("connector1", w1.index, wire_layer))
        for end, w, wend in ((start, wires[0], "connector0"), (end, wires[-1], "connector1")):
            if isinstance(end, str):
                self.junctions[(view, end)].append((w, wend))
            else:
                inst, cid = end
                w.connects[wend].append((cid, inst.index, comp_layer))
                inst.connects.setdefault((view, cid), []).append((wend, w.index, wire_layer))
        return wires

    def finish_junctions(self):
        for (view, _), ends in self.junctions.items():
            wire_layer = VIEWS[view][2]
            for w, e in ends:
                for w2, e2 in ends:
                    if w2 is not w:
                        w.connects[e].append((e2, w2.index, wire_layer))

    # --- keluaran XML ----------------------------------------------------

    def xml(self) -> str:
        out = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<module fritzingVersion="0.9.6" icon=".png">',
            "    <views>",
            '        <view name="breadboardView" backgroundColor="#ffffff" gridSize="0.1in" showGrid="1" alignToGrid="1" viewFromBelow="0"/>',
            '        <view name="schematicView" backgroundColor="#ffffff" gridSize="0.1in" showGrid="1" alignToGrid="1" viewFromBelow="0"/>',
            '        <view name="pcbView" backgroundColor="#333333" gridSize="0.05in" showGrid="1" alignToGrid="1" viewFromBelow="0"/>',
            "    </views>",
            "    <instances>",
        ]
        z = {"bb": 2.5, "sch": 2.5, "pcb": 1.5}
        for k, inst in enumerate(self.instances):
            path = inst.part.path if isinstance(inst.part, LibraryPart) else inst.part.fzp_name
            out.append(
                f'        <instance moduleIdRef="{inst.module_id}" modelIndex="{inst.index}" path="{attr(path)}">'
            )
            for name, value in inst.properties.items():
                out.append(f'            <property name="{attr(name)}" value="{attr(value)}"/>')
            out.append(f"            <title>{escape(inst.title)}</title>")
            out.append("            <views>")
            for view in ("bb", "sch", "pcb"):
                if view not in inst.place:
                    continue
                pl = inst.place[view]
                elem, layer = {
                    "bb": ("breadboardView", "breadboard"),
                    "sch": ("schematicView", "schematic"),
                    "pcb": ("pcbView", "copper0"),
                }[view]
                zz = z[view] + (k + 1) * 0.0001
                geom = f'<geometry z="{num(zz)}" x="{num(pl.pos[0] * PX_PER_MIL)}" y="{num(pl.pos[1] * PX_PER_MIL)}"'
                out.append(f'                <{elem} layer="{layer}">')
                if pl.rot:
                    m11, m12, m21, m22, m31, m32 = rot_matrix(pl.rot, pl.size)
                    out.append(f"                    {geom}>")
                    out.append(
                        f'                        <transform m11="{m11}" m12="{m12}" m13="0" m21="{m21}" m22="{m22}" '
                        f'm23="0" m31="{num(m31 * PX_PER_MIL)}" m32="{num(m32 * PX_PER_MIL)}" m33="1"/>'
                    )
                    out.append("                    </geometry>")
                else:
                    out.append(f"                    {geom}/>")
                if view in inst.labels:
                    (lx, ly), keys = inst.labels[view]
                    out.append(
                        f'                    <titleGeometry visible="true" x="{num(lx * PX_PER_MIL)}" '
                        f'y="{num(ly * PX_PER_MIL)}" z="{num(zz + 10)}" xOffset="0" yOffset="0" '
                        'textColor="#000000" fontSize="7">'
                    )
                    for key in ["", *keys]:
                        out.append(f'                        <displayKey key="{key}"/>')
                    out.append("                    </titleGeometry>")
                conns = {cid: lst for (v, cid), lst in inst.connects.items() if v == view}
                if conns:
                    out.append("                    <connectors>")
                    for cid in sorted(conns, key=lambda c: int(c[9:])):
                        out.append(f'                        <connector connectorId="{cid}" layer="{layer}">')
                        out.append('                            <geometry x="0" y="0"/>')
                        out.append("                            <connects>")
                        for other, idx, lay in conns[cid]:
                            out.append(
                                f'                                <connect connectorId="{other}" modelIndex="{idx}" layer="{lay}"/>'
                            )
                        out.append("                            </connects>")
                        out.append("                        </connector>")
                    out.append("                    </connectors>")
                out.append(f"                </{elem}>")
            out.append("            </views>")
            out.append("        </instance>")
        for k, w in enumerate(self.wires):
            elem, _, layer, flags, mils, z0 = VIEWS[w.view]
            title = f"Wire{k + 1}"
            x, y = w.a[0] * PX_PER_MIL, w.a[1] * PX_PER_MIL
            dx, dy = (w.b[0] - w.a[0]) * PX_PER_MIL, (w.b[1] - w.a[1]) * PX_PER_MIL
            out += [
                f'        <instance moduleIdRef="WireModuleID" modelIndex="{w.index}" path=":/resources/parts/core/wire.fzp">',
                f"            <title>{title}</title>",
                "            <views>",
                f'                <{elem} layer="{layer}">',
                f'                    <geometry z="{num(z0 + (k + 1) * 0.0001)}" x="{num(x)}" y="{num(y)}" x1="0" y1="0" '
                f'x2="{num(dx)}" y2="{num(dy)}" wireFlags="{flags}"/>',
                f'                    <wireExtras mils="{mils}" color="{w.color}" opacity="1" banded="0"/>',
                "                    <connectors>",
            ]
            for end in ("connector0", "connector1"):
                out.append(f'                        <connector connectorId="{end}" layer="{layer}">')
                out.append('                            <geometry x="0" y="0"/>')
                out.append("                            <connects>")
                for other, idx, lay in w.connects[end]:
                    out.append(
                        f'                                <connect connectorId="{other}" modelIndex="{idx}" layer="{lay}"/>'
                    )
                out.append("                            </connects>")
                out.append("                        </connector>")
            out += [
                "                    </connectors>",
                f"                </{elem}>",
                "            </views>",
                "        </instance>",
            ]
        out += ["    </instances>", "</module>", ""]
        return "\n".join(out)


# Warna kabel breadboard (palet Fritzing) dan skematik
RED, BLACK, BLUE, GREEN, YELLOW, ORANGE, PURPLE, WHITE, BROWN, GREY = (
    "#cc1414", "#404040", "#418dd9", "#47cc79", "#ffe24d", "#ff7033", "#ab58a2", "#ffffff", "#8c3b00", "#999999")
SCH = "#404040"
SCH_PWR = "#b22222"


def build(parts: dict[str, CustomPart]) -> Sketch:
    s = Sketch()
    mcu = s.add("NodeMCU1", parts["nodemcu"], bb=(3000, 1200), sch=(1300, 1400), pcb=(0, 0))
    dht = s.add("DHT11", parts["dht11"], pcb=(1300, 0))
    ds = s.add("DS18B20", parts["ds18b20"], pcb=(2100, 0))
    rfid = s.add("RFID1", parts["rc522"], pcb=(2700, 0))
    r_pull = s.add("R1", RESISTOR, {"resistance": "4.7kΩ", "pin spacing": "400 mil"}, pcb=(1300, 1200))
    r_ldr = s.add("R2", RESISTOR, {"resistance": "10kΩ", "pin spacing": "400 mil"}, pcb=(1300, 1500))
    r_led = s.add("R3", RESISTOR, {"resistance": "220Ω", "pin spacing": "400 mil"}, pcb=(1300, 1800))
    ldr = s.add("LDR1", LDR, pcb=(2000, 1200))
    led = s.add("LED1", LED_RED, {"color": "Red (633nm)"}, pcb=(2000, 1600))

    P = {name: f"connector{i}" for i, (name, _) in enumerate(NODEMCU_LEFT) if name not in ("RSV", "GND", "3V3")}
    P.update({name: f"connector{15 + i}" for i, (name, _) in enumerate(NODEMCU_RIGHT)
              if name not in ("GND", "3V3")})
    V33_L, GND_L, V33_R, GND_R = "connector10", "connector9", "connector20", "connector21"

    # ------------------------------------------------------------------
    # Skematik (mil). NodeMCU: terminal kanan x=2900, D0 y=1700 ... TX y=2700.
    # ------------------------------------------------------------------
    v = "sch"
    pwr_n = 0

    def vcc(at):
        nonlocal pwr_n
        pwr_n += 1
        sym = s.add(f"3V3_{pwr_n}", POWER, {"voltage": "3.3"})
        s.anchor(sym, v, "connector0", at)
        return (sym, "connector0")

    def gnd(at):
        nonlocal pwr_n
        pwr_n += 1
        sym = s.add(f"GND_{pwr_n}", GROUND)
        s.anchor(sym, v, "connector0", at)
        return (sym, "connector0")

    # catu NodeMCU
    p = mcu.point(v, V33_L)
    s.route(v, (mcu, V33_L), [], vcc((p[0], p[1] - 200)), SCH_PWR)
    p = mcu.point(v, GND_L)
    s.route(v, (mcu, GND_L), [], gnd((p[0], p[1] + 200)), SCH)

    # LDR + 10k di kiri, simpul pembagi di (800, 1700)
    s.anchor(ldr, v, "connector1", (800, 1500), rot=90)
    s.anchor(r_ldr, v, "connector0", (800, 1900), rot=90)
    s.junction(v, "a0", (800, 1700))
    s.route(v, (mcu, P["A0"]), [], "a0", SCH)
    s.route(v, "a0", [], (ldr, "connector1"), SCH)
    s.route(v, "a0", [], (r_ldr, "connector0"), SCH)
    s.route(v, (ldr, "connector0"), [], vcc((800, 800)), SCH_PWR)
    s.route(v, (r_ldr, "connector1"), [], gnd((800, 2400)), SCH)

    # DS18B20 + pull-up 4,7k (D1)
    s.anchor(ds, v, "connector1", (3500, 1200))
    s.anchor(r_pull, v, "connector1", (3200, 1100), rot=90)
    s.junction(v, "dq", (3200, 1200))
    s.route(v, (mcu, P["D1"]), [(3200, 1800)], "dq", SCH)
    s.route(v, "dq", [], (ds, "connector1"), SCH)
    s.route(v, "dq", [], (r_pull, "connector1"), SCH)
    s.route(v, (r_pull, "connector0"), [], vcc((3200, 600)), SCH_PWR)
    s.route(v, (ds, "connector2"), [], vcc((3900, 700)), SCH_PWR)
    s.route(v, (ds, "connector0"), [], gnd((3900, 1600)), SCH)

    # DHT11 (D2)
    s.anchor(dht, v, "connector1", (4600, 1200))
    s.route(v, (mcu, P["D2"]), [(4400, 1900), (4400, 1200)], (dht, "connector1"), SCH)
    s.route(v, (dht, "connector0"), [], vcc((5000, 700)), SCH_PWR)
    s.route(v, (dht, "connector2"), [], gnd((5000, 1600)), SCH)

    # LED aktif rendah (D4): 3V3 - 220 - anoda, katoda - D4
    s.anchor(led, v, "connector0", (5600, 1500))
    s.anchor(r_led, v, "connector1", (5600, 1100), rot=90)
    s.route(v, (led, "connector1"), [], (r_led, "connector1"), SCH)
    s.route(v, (r_led, "connector0"), [], vcc((5600, 600)), SCH_PWR)
    s.route(v, (mcu, P["D4"]), [(5600, 2100)], (led, "connector0"), SCH)

    # label nilai di samping komponen diskret
    r_pull.labels[v] = ((3270, 820), ["resistance"])
    r_ldr.labels[v] = ((870, 2020), ["resistance"])
    r_led.labels[v] = ((5670, 820), ["resistance"])
    ldr.labels[v] = ((950, 1120), [])
    led.labels[v] = ((5690, 1300), [])

    # RC522: SCK, MISO, MOSI, SDA lurus dari D5..D8; RST dari D0 lewat atas
    s.anchor(rfid, v, "connector1", (5900, 2200))
    s.route(v, (mcu, P["D5"]), [], (rfid, "connector1"), SCH)
    s.route(v, (mcu, P["D6"]), [], (rfid, "connector3"), SCH)
    s.route(v, (mcu, P["D7"]), [], (rfid, "connector2"), SCH)
    s.route(v, (mcu, P["D8"]), [], (rfid, "connector0"), SCH)
    rst = rfid.point(v, "connector6")
    s.route(v, (mcu, P["D0"]), [(3000, 1700), (3000, 300), (rst[0], 300)], (rfid, "connector6"), SCH)
    p33 = rfid.point(v, "connector7")
    s.route(v, (rfid, "connector7"), [], vcc((p33[0], p33[1] - 200)), SCH_PWR)
    pg = rfid.point(v, "connector5")
    s.route(v, (rfid, "connector5"), [], gnd((pg[0], pg[1] + 200)), SCH)

    # ------------------------------------------------------------------
    # Breadboard (mil). NodeMCU di (3000,1200): pin kanan x=3950,
    # D0 y=1550 ... 3V3 y=2950; pin kiri x=3050, A0 y=1550, GND y=2450,
    # 3V3 y=2550. Kabel jumper lurus dengan belokan siku.
    # ------------------------------------------------------------------
    v = "bb"
    # modul di atas, kaki menghadap ke bawah pada y=1000
    s.anchor(ds, v, "connector0", (4300, 1000))  # GND, DQ, VDD = 4300, 4400, 4500
    s.anchor(dht, v, "connector0", (5000, 1000))  # VCC, DATA, GND = 5000, 5100, 5200
    s.anchor(led, v, "connector0", (5600, 1000))  # katoda 5600, anoda 5700
    s.anchor(r_pull, v, "connector0", (4600, 1250))  # R1: 4600 .. 5000
    s.anchor(r_led, v, "connector0", (5700, 1250))  # R3: 5700 .. 6100
    # RC522 dengan header di atas (y=3300): SDA 6250, SCK 6350, ..., 3.3V 6950
    s.anchor(rfid, v, "connector0", (6250, 3300))

    # jalur 3V3 (merah, y=2050) dan GND (hitam, y=2150) dari pin kanan NodeMCU
    rc_33 = rfid.point(v, "connector7")[0]
    rc_gnd = rfid.point(v, "connector5")[0]
    for name, x in (("v_ds", 4500), ("v_dht", 5000), ("v_led", 6100), ("v_rc", rc_33)):
        s.junction(v, name, (x, 2050))
    for name, x in (("g_ds", 4300), ("g_dht", 5200), ("g_rc", rc_gnd)):
        s.junction(v, name, (x, 2150))
    s.route(v, (mcu, V33_R), [], "v_ds", RED)
    for a, b in (("v_ds", "v_dht"), ("v_dht", "v_led"), ("v_led", "v_rc")):
        s.route(v, a, [], b, RED)
    s.route(v, (mcu, GND_R), [], "g_ds", BLACK)
    for a, b in (("g_ds", "g_dht"), ("g_dht", "g_rc")):
        s.route(v, a, [], b, BLACK)

    # DS18B20 dengan pull-up R1 dari DQ ke 3V3 (kaki kanan R1 di jalur VCC DHT11)
    s.route(v, "g_ds", [], (ds, "connector0"), BLACK)
    s.route(v, "v_ds", [], (ds, "connector2"), RED)
    s.junction(v, "dq", (4400, 1250))
    s.route(v, (mcu, P["D1"]), [(4400, 1650)], "dq", YELLOW)
    s.route(v, "dq", [], (ds, "connector1"), YELLOW)
    s.route(v, "dq", [], (r_pull, "connector0"), YELLOW)

    # DHT11
    s.route(v, (dht, "connector0"), [], (r_pull, "connector1"), RED)
    s.route(v, (r_pull, "connector1"), [], "v_dht", RED)
    s.route(v, (mcu, P["D2"]), [(5100, 1750)], (dht, "connector1"), GREEN)
    s.route(v, "g_dht", [], (dht, "connector2"), BLACK)

    # LED aktif rendah: 3V3 - R3 220 - anoda, katoda - D4
    s.route(v, (mcu, P["D4"]), [(5600, 1950)], (led, "connector0"), ORANGE)
    s.route(v, (led, "connector1"), [], (r_led, "connector0"), RED)
    s.route(v, (r_led, "connector1"), [], "v_led", RED)

    # RC522: tiap kabel mendatar dari pin NodeMCU lalu turun ke header
    def to_rfid(src, cid, color):
        tx, _ = rfid.point(v, cid)
        _, sy = mcu.point(v, src)
        s.route(v, (mcu, src), [(tx, sy)], (rfid, cid), color)

    to_rfid(P["D0"], "connector6", WHITE)
    to_rfid(P["D5"], "connector1", BLUE)
    to_rfid(P["D6"], "connector3", PURPLE)
    to_rfid(P["D7"], "connector2", GREY)
    to_rfid(P["D8"], "connector0", BROWN)
    s.route(v, "v_rc", [], (rfid, "connector7"), RED)
    s.route(v, "g_rc", [], (rfid, "connector5"), BLACK)

    # kiri: LDR dari 3V3 ke A0, R2 10k dari A0 ke GND (pin kiri NodeMCU)
    s.anchor(ldr, v, "connector1", (2700, 1550))
    s.anchor(r_ldr, v, "connector1", (2700, 1850))
    s.route(v, (mcu, P["A0"]), [], (ldr, "connector1"), BLUE)
    s.route(v, (ldr, "connector1"), [], (r_ldr, "connector1"), BLUE)
    c0 = ldr.point(v, "connector0")
    s.route(v, (ldr, "connector0"), [(2100, c0[1]), (2100, 2550)], (mcu, V33_L), RED)
    r0 = r_ldr.point(v, "connector0")
    s.route(v, (r_ldr, "connector0"), [(r0[0], 2450)], (mcu, GND_L), BLACK)
    return s


def main():
    parts = {"nodemcu": nodemcu(), "dht11": dht11(), "ds18b20": ds18b20(), "rc522": rc522()}
    if PARTS_DIR.exists():
        shutil.rmtree(PARTS_DIR)
    if SKETCH_DIR.exists():
        shutil.rmtree(SKETCH_DIR)
    for view in ("icon", "breadboard", "schematic", "pcb"):
        (PARTS_DIR / "svg" / view).mkdir(parents=True)
    SKETCH_DIR.mkdir(parents=True)
    for part in parts.values():
        (PARTS_DIR / part.fzp_name).write_text(part.fzp(), encoding="utf-8")
        (SKETCH_DIR / f"part.{part.fzp_name}").write_text(part.fzp(), encoding="utf-8")
        # ikon di kotak komponen Fritzing = gambar breadboard
        icon = part.breadboard.replace('<g id="breadboard">', '<g id="icon">', 1)
        views = (("icon", icon), ("breadboard", part.breadboard), ("schematic", part.schematic),
                 ("pcb", part.pcb))
        for view, content in views:
            (PARTS_DIR / "svg" / view / part.svg_name(view)).write_text(content, encoding="utf-8")
            (SKETCH_DIR / f"svg.{view}.{part.svg_name(view)}").write_text(content, encoding="utf-8")
    sketch = build(parts)
    sketch.finish_junctions()
    (SKETCH_DIR / f"{SKETCH_NAME}.fz").write_text(sketch.xml(), encoding="utf-8")
    print(f"{len(parts)} komponen, {len(sketch.instances)} instance, {len(sketch.wires)} kabel")


if __name__ == "__main__":
    main()
