//! Functions in the ESP8266's mask ROM, which every chip has at the same
//! addresses (from the NONOS SDK's `ld/eagle.rom.addr.v6.ld`; the linker
//! script gives each name its address with `PROVIDE`).
//!
//! Calling a ROM function is `unsafe`: the compiler cannot see its code.
//! The wrappers elsewhere in `hal` say why each call is fine.

unsafe extern "C" {
    /// `0x4000dd38`: the CPU cycle counter (`CCOUNT`), which counts up at the
    /// CPU clock and wraps around every 2^32 cycles (53.7 s at 80 MHz).
    /// Reading it needs the `rsr` instruction; inline assembly for Xtensa is
    /// not in upstream Rust, so the ROM's two-instruction function does it.
    pub fn xthal_get_ccount() -> u32;

    /// `0x40002f04`: tells the ROM's own timing functions the CPU clock, in MHz.
    pub fn ets_update_cpu_frequency(mhz: u32);

    /// `0x400072d8`: writes a register of an analog block (PLL, ADC, radio)
    /// over the chip's internal I2C bus.
    #[link_name = "rom_i2c_writeReg"]
    pub fn rom_i2c_write_reg(block: u32, host_id: u32, register: u32, value: u32);

    /// `0x4000730c`: the same, only bits `msb..=lsb` of the register.
    #[link_name = "rom_i2c_writeReg_Mask"]
    pub fn rom_i2c_write_reg_mask(
        block: u32,
        host_id: u32,
        register: u32,
        msb: u32,
        lsb: u32,
        value: u32,
    );

    /// `0x40006738`: prepares the SAR ADC's analog part.
    pub fn rom_sar_init();
}
