//! How much of the ESP8266's memory the image uses.

use object::{Object, ObjectSection, SectionFlags};
use std::fmt;
use std::ops::Range;
use std::path::Path;

/// The ESP8266's memories as our linker script uses them.
pub const IRAM: Range<u64> = 0x4010_0000..0x4010_8000;
pub const DRAM: Range<u64> = 0x3FFE_8000..0x3FFF_C000;
pub const FLASH: Range<u64> = 0x4021_0000..0x4030_0000;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sizes {
    /// Code that runs from IRAM (the startup code).
    pub iram: u64,
    /// Data and constants loaded into DRAM.
    pub dram_data: u64,
    /// Zeroed at start (`.bss`).
    pub dram_bss: u64,
    /// What is left of DRAM for the stack.
    pub stack: u64,
    /// Code that runs from flash through the cache.
    pub flash: u64,
}

impl Sizes {
    /// Reads the section headers of a linked ELF image.
    pub fn of_elf(path: &Path) -> Result<Sizes, String> {
        let data = std::fs::read(path)
            .map_err(|e| format!("{} tidak bisa dibaca: {e}", path.display()))?;
        let elf = object::File::parse(&*data)
            .map_err(|e| format!("{} bukan berkas ELF: {e}", path.display()))?;
        let mut sizes = Sizes::default();
        for section in elf.sections() {
            let allocated = match section.flags() {
                SectionFlags::Elf { sh_flags } => sh_flags & u64::from(object::elf::SHF_ALLOC) != 0,
                _ => false,
            };
            if !allocated || section.size() == 0 {
                continue;
            }
            let (name, address, size) =
                (section.name().unwrap_or(""), section.address(), section.size());
            match name {
                ".stack" => sizes.stack += size,
                ".bss" => sizes.dram_bss += size,
                _ if IRAM.contains(&address) => sizes.iram += size,
                _ if DRAM.contains(&address) => sizes.dram_data += size,
                _ if FLASH.contains(&address) => sizes.flash += size,
                _ => {
                    return Err(format!(
                        "bagian {name} di alamat {address:#x} ada di luar peta memori"
                    ));
                }
            }
        }
        Ok(sizes)
    }

    /// An error when a memory is over its limit.
    pub fn check(&self) -> Result<(), String> {
        let dram = self.dram_data + self.dram_bss + self.stack;
        for (what, used, limit) in [
            ("IRAM", self.iram, IRAM.end - IRAM.start),
            ("DRAM", dram, DRAM.end - DRAM.start),
            ("flash", self.flash, FLASH.end - FLASH.start),
        ] {
            if used > limit {
                return Err(format!("{what} penuh: {used} byte, batasnya {limit} byte"));
            }
        }
        Ok(())
    }
}

impl fmt::Display for Sizes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let row =
            |f: &mut fmt::Formatter<'_>, what: &str, used: u64, range: &Range<u64>, note: &str| {
                let limit = range.end - range.start;
                writeln!(
                    f,
                    "  {what:<6} {used:>7} / {limit:>7} byte ({:>5.1} %){note}",
                    used as f64 * 100.0 / limit as f64
                )
            };
        row(f, "IRAM", self.iram, &IRAM, "  kode awal dan kode sensor yang peka waktu")?;
        row(
            f,
            "DRAM",
            self.dram_data + self.dram_bss,
            &DRAM,
            &format!(
                "  data dan konstanta {} + .bss {}; tumpukan {} byte",
                self.dram_data, self.dram_bss, self.stack
            ),
        )?;
        row(f, "flash", self.flash, &FLASH, "  kode (lewat cache flash)")
    }
}
