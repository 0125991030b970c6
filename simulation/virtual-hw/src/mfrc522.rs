//! A virtual MFRC522 RFID reader (NXP MFRC522, datasheet rev 3.9) with one
//! virtual card in its field (ISO/IEC 14443-3 type A).
//!
//! The real `mfrc522` driver crate talks to this device over embedded-hal's
//! [`SpiDevice`], exactly as it talks to the chip on a breadboard. So the
//! model lives at the level the driver sees: SPI bytes, registers, the FIFO,
//! and the commands written to CommandReg. Behind the antenna sits a card
//! that follows the ISO 14443-3 state machine (IDLE, READY, ACTIVE, HALT).
//!
//! # What is modelled
//!
//! - The SPI register protocol (datasheet 8.1.2): one address byte
//!   `(reg << 1) | 0x80` to read or `reg << 1` to write, then data; several
//!   FIFO bytes may be read or written in one transaction.
//! - The registers the driver uses, with their datasheet reset values,
//!   the 64-byte FIFO, the interrupt flags (with their odd "Set1/Set2" write
//!   rule), VersionReg = 0x92 (MFRC522 version 2.0).
//! - The commands Idle, SoftReset, CalcCRC (CRC_A, preset from ModeReg),
//!   Transmit and Transceive. Mem, GenerateRandomID and unknown commands end
//!   at once; Receive waits forever; MFAuthent meets a silent card.
//! - The card: REQA/WUPA → ATQA, anticollision and SELECT over one, two or
//!   three cascade levels (4-, 7- or 10-byte UIDs), HLTA → HALT.
//! - A silent card (none present, halted, antenna off) is seen as the
//!   chip's timer running out: TimerIRq, so the driver returns `Timeout`.
//! - Switching the antenna off (TxControlReg, or a soft reset) cuts the
//!   card's power: it forgets HALT and starts again in IDLE.
//!
//! # What is NOT modelled
//!
//! - Time. Every exchange completes instantly; the timer is never clocked,
//!   it only "expires" when the card stays silent (and only if TModeReg's
//!   TAuto bit starts it, as the driver's `init` does).
//! - Radio physics: field strength, distance, modulation, receiver gain.
//!   RFCfgReg, TxASKReg, ModWidthReg and friends are stored, nothing more.
//! - More than one card in the field, hence no bit collisions (CollErr is
//!   never set) and no partial anticollision frames (NVB other than 0x20).
//! - The hardware CRC options TxCRCEn/RxCRCEn (the driver computes CRC_A
//!   itself with CalcCRC), RxAlign, MSBFirst and data rates above 106 kBd.
//! - Anything after selection: MIFARE authentication (Crypto1), reading and
//!   writing blocks, ISO 14443-4 (RATS). Such frames are ignored by the card.
//! - The IRQ pin, power-down, the self test and the analog test registers.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::rc::Rc;

use embedded_hal::spi::{ErrorType, Operation, SpiDevice};

/// Register addresses (datasheet chapter 9), as the SPI address byte
/// carries them in bits 6..1.
pub mod reg {
    pub const COMMAND: u8 = 0x01;
    pub const COM_IEN: u8 = 0x02;
    pub const DIV_IEN: u8 = 0x03;
    pub const COM_IRQ: u8 = 0x04;
    pub const DIV_IRQ: u8 = 0x05;
    pub const ERROR: u8 = 0x06;
    pub const STATUS1: u8 = 0x07;
    pub const STATUS2: u8 = 0x08;
    pub const FIFO_DATA: u8 = 0x09;
    pub const FIFO_LEVEL: u8 = 0x0A;
    pub const WATER_LEVEL: u8 = 0x0B;
    pub const CONTROL: u8 = 0x0C;
    pub const BIT_FRAMING: u8 = 0x0D;
    pub const COLL: u8 = 0x0E;
    pub const MODE: u8 = 0x11;
    pub const TX_MODE: u8 = 0x12;
    pub const RX_MODE: u8 = 0x13;
    pub const TX_CONTROL: u8 = 0x14;
    pub const TX_ASK: u8 = 0x15;
    pub const TX_SEL: u8 = 0x16;
    pub const RX_SEL: u8 = 0x17;
    pub const RX_THRESHOLD: u8 = 0x18;
    pub const DEMOD: u8 = 0x19;
    pub const MF_TX: u8 = 0x1C;
    pub const SERIAL_SPEED: u8 = 0x1F;
    pub const CRC_RESULT_H: u8 = 0x21;
    pub const CRC_RESULT_L: u8 = 0x22;
    pub const MOD_WIDTH: u8 = 0x24;
    pub const RF_CFG: u8 = 0x26;
    pub const GS_N: u8 = 0x27;
    pub const CW_GS_P: u8 = 0x28;
    pub const MOD_GS_P: u8 = 0x29;
    pub const T_MODE: u8 = 0x2A;
    pub const T_PRESCALER: u8 = 0x2B;
    pub const T_RELOAD_H: u8 = 0x2C;
    pub const T_RELOAD_L: u8 = 0x2D;
    pub const TEST_PIN_EN: u8 = 0x33;
    pub const AUTO_TEST: u8 = 0x36;
    pub const VERSION: u8 = 0x37;
}

/// The value of VersionReg: 0x91 is version 1.0, 0x92 is version 2.0.
pub const VERSION_2_0: u8 = 0x92;

// Commands, the low nibble of CommandReg (datasheet 10.3).
const CMD_IDLE: u8 = 0b0000;
const CMD_MEM: u8 = 0b0001;
const CMD_CALC_CRC: u8 = 0b0011;
const CMD_TRANSMIT: u8 = 0b0100;
const CMD_NO_CMD_CHANGE: u8 = 0b0111;
const CMD_RECEIVE: u8 = 0b1000;
const CMD_TRANSCEIVE: u8 = 0b1100;
const CMD_MF_AUTHENT: u8 = 0b1110;
const CMD_SOFT_RESET: u8 = 0b1111;

// Bits in ComIrqReg.
const TX_IRQ: u8 = 1 << 6;
const RX_IRQ: u8 = 1 << 5;
const IDLE_IRQ: u8 = 1 << 4;
const ERR_IRQ: u8 = 1 << 1;
const TIMER_IRQ: u8 = 1 << 0;
// Bit in DivIrqReg.
const CRC_IRQ: u8 = 1 << 2;
// Bit 7 of ComIrqReg/DivIrqReg on write: 1 = set the written bits, 0 = clear them.
const SET_BITS: u8 = 1 << 7;
// Bit in ErrorReg.
const BUFFER_OVFL: u8 = 1 << 4;
// Bit in FIFOLevelReg (write).
const FLUSH_BUFFER: u8 = 1 << 7;
// Bits in BitFramingReg.
const START_SEND: u8 = 1 << 7;
const TX_LAST_BITS: u8 = 0b0000_0111;
// Bits in ControlReg (read-only part).
const RX_LAST_BITS: u8 = 0b0000_0111;
// Bits in TxControlReg: Tx1RFEn and Tx2RFEn switch the antenna drivers on.
const ANTENNA_ON: u8 = 0b0000_0011;
// Bit in TModeReg: the timer starts by itself at the end of a transmission.
const T_AUTO: u8 = 1 << 7;

/// Size of the chip's FIFO buffer in bytes.
const FIFO_SIZE: usize = 64;

/// The registers after power-on or SoftReset (datasheet chapter 9.3).
/// Registers not listed reset to 0x00.
const RESET_VALUES: [u8; 64] = {
    let mut r = [0u8; 64];
    r[reg::COMMAND as usize] = 0x20; // receiver analog part off, Idle
    r[reg::COM_IEN as usize] = 0x80;
    r[reg::COM_IRQ as usize] = 0x14; // IdleIRq and LoAlertIRq
    r[reg::WATER_LEVEL as usize] = 0x08;
    r[reg::CONTROL as usize] = 0x10;
    r[reg::COLL as usize] = 0xA0; // ValuesAfterColl, CollPosNotValid
    r[reg::MODE as usize] = 0x3F; // CRC preset 0xFFFF
    r[reg::TX_CONTROL as usize] = 0x80; // antenna OFF
    r[reg::TX_SEL as usize] = 0x10;
    r[reg::RX_SEL as usize] = 0x84;
    r[reg::RX_THRESHOLD as usize] = 0x84;
    r[reg::DEMOD as usize] = 0x4D;
    r[reg::MF_TX as usize] = 0x62;
    r[reg::SERIAL_SPEED as usize] = 0xEB;
    r[reg::CRC_RESULT_H as usize] = 0xFF;
    r[reg::CRC_RESULT_L as usize] = 0xFF;
    r[reg::MOD_WIDTH as usize] = 0x26;
    r[reg::RF_CFG as usize] = 0x48;
    r[reg::GS_N as usize] = 0x88;
    r[reg::CW_GS_P as usize] = 0x20;
    r[reg::MOD_GS_P as usize] = 0x20;
    r[reg::TEST_PIN_EN as usize] = 0x80;
    r[reg::AUTO_TEST as usize] = 0x40;
    r[reg::VERSION as usize] = VERSION_2_0;
    r
};

// ---------------------------------------------------------------------------
// CRC_A and BCC
// ---------------------------------------------------------------------------

/// CRC_A preset value (ISO/IEC 14443-3, Annex B).
const CRC_A_PRESET: u16 = 0x6363;

/// Feeds one byte into a CRC_A computation.
///
/// CRC_A is CRC-16/CCITT (x^16 + x^12 + x^5 + 1) computed least significant
/// bit first, because the radio sends every byte LSB first. 0x8408 is the
/// polynomial 0x1021 with its bits mirrored for that order.
fn crc_a_update(crc: u16, byte: u8) -> u16 {
    let mut crc = crc ^ u16::from(byte);
    for _ in 0..8 {
        crc = if crc & 1 != 0 { (crc >> 1) ^ 0x8408 } else { crc >> 1 };
    }
    crc
}

/// CRC_A of `data`, as the two bytes appended to a frame (low byte first).
///
/// Example from the standard: `crc_a(&[0x00, 0x00]) == [0xA0, 0x1E]`.
pub fn crc_a(data: &[u8]) -> [u8; 2] {
    let crc = data.iter().fold(CRC_A_PRESET, |crc, &b| crc_a_update(crc, b));
    crc.to_le_bytes()
}

/// Block Check Character: the XOR of the UID bytes of one cascade level.
///
/// The card sends it after its 4 UID bytes during anticollision, so the
/// reader can notice a corrupted UID before it selects the card.
pub fn bcc(bytes: &[u8]) -> u8 {
    bytes.iter().fold(0, |acc, &b| acc ^ b)
}

// ---------------------------------------------------------------------------
// The card (PICC) and the field it sits in
// ---------------------------------------------------------------------------

/// REQA, the 7-bit short frame "any card that is IDLE, answer".
const REQA: u8 = 0x26;
/// WUPA, the 7-bit short frame "any card, even a HALTed one, answer".
const WUPA: u8 = 0x52;
/// The first byte of HLTA (followed by 0x00 and CRC_A).
const HLTA: u8 = 0x50;
/// SEL codes of cascade levels 1, 2 and 3.
const SEL_CODES: [u8; 3] = [0x93, 0x95, 0x97];
/// Number of Valid Bits "0x20": 2 bytes sent, asking for the whole UID part.
const NVB_ANTICOLLISION: u8 = 0x20;
/// Number of Valid Bits "0x70": 7 bytes sent, the whole UID part: SELECT.
const NVB_SELECT: u8 = 0x70;
/// Cascade tag: "my UID continues in the next cascade level".
const CASCADE_TAG: u8 = 0x88;
/// SAK with only the cascade bit set: "UID not complete, go on".
const SAK_UID_INCOMPLETE: u8 = 0x04;
/// Final SAK of a MIFARE Classic 1K, the blue tag sold with RC522 kits.
pub const SAK_MIFARE_CLASSIC_1K: u8 = 0x08;
/// Final SAK of a MIFARE Ultralight / NTAG21x (7-byte UID stickers).
pub const SAK_MIFARE_ULTRALIGHT: u8 = 0x00;

/// Where a card is in the ISO/IEC 14443-3 type A state machine.
///
/// A card powered by the field starts in `Idle`. REQA or WUPA makes it
/// `Ready`; a SELECT on the last cascade level makes it `Active`; HLTA puts
/// it to sleep in `Halt`, from which only WUPA (or losing power) wakes it.
/// Any unexpected frame in `Ready` or `Active` sends it back to sleep
/// (to `Idle`, or to `Halt` if WUPA had woken it from there).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CardState {
    /// Powered, waiting for REQA or WUPA.
    Idle,
    /// Answered REQA/WUPA, taking part in anticollision on this cascade
    /// level (1, 2 or 3).
    Ready { cascade_level: u8 },
    /// Selected: the reader may now talk to this card alone.
    Active,
    /// Put to sleep by HLTA: only WUPA gets an answer.
    Halt,
}

/// One type A card: its UID, its final SAK and where it is in the protocol.
#[derive(Clone, Debug)]
struct Card {
    uid: Vec<u8>,
    sak: u8,
    state: CardState,
    /// True if WUPA woke this card from HALT: on an error it goes back there.
    woken_from_halt: bool,
}

/// A frame sent by the reader, as the card understands it.
enum ReaderFrame {
    Reqa,
    Wupa,
    Anticollision {
        level: u8,
    },
    Select {
        level: u8,
        uid_part: [u8; 4],
    },
    Hlta,
    /// Anything else: commands we do not model, or a frame with a bad CRC.
    Other,
}

/// The cascade level (1..=3) of a SEL code, if it is one.
fn level_of_sel(sel: u8) -> Option<u8> {
    let index = SEL_CODES.iter().position(|&code| code == sel)?;
    Some(index as u8 + 1)
}

/// True if the last two bytes of `frame` are the CRC_A of the rest.
fn crc_ok(frame: &[u8]) -> bool {
    let (data, crc) = frame.split_at(frame.len() - 2);
    crc_a(data) == crc
}

impl ReaderFrame {
    /// Decodes `frame`, whose last byte carries `last_bits` valid bits
    /// (0 means all 8).
    fn parse(frame: &[u8], last_bits: u8) -> ReaderFrame {
        match (frame, last_bits) {
            // REQA and WUPA are "short frames": one byte of only 7 bits.
            ([byte], 7) if byte & 0x7F == REQA => ReaderFrame::Reqa,
            ([byte], 7) if byte & 0x7F == WUPA => ReaderFrame::Wupa,
            (&[sel, NVB_ANTICOLLISION], 0) => match level_of_sel(sel) {
                Some(level) => ReaderFrame::Anticollision { level },
                None => ReaderFrame::Other,
            },
            (&[sel, NVB_SELECT, a, b, c, d, check, _, _], 0)
                if crc_ok(frame) && bcc(&[a, b, c, d]) == check =>
            {
                match level_of_sel(sel) {
                    Some(level) => ReaderFrame::Select { level, uid_part: [a, b, c, d] },
                    None => ReaderFrame::Other,
                }
            }
            (&[HLTA, 0x00, _, _], 0) if crc_ok(frame) => ReaderFrame::Hlta,
            _ => ReaderFrame::Other,
        }
    }
}

impl Card {
    fn new(uid: &[u8], sak: u8) -> Card {
        assert!(
            matches!(uid.len(), 4 | 7 | 10),
            "an ISO 14443A UID has 4, 7 or 10 bytes, not {}",
            uid.len()
        );
        assert!(
            sak & SAK_UID_INCOMPLETE == 0,
            "the final SAK must not have the cascade bit 0x04 set"
        );
        Card { uid: uid.to_vec(), sak, state: CardState::Idle, woken_from_halt: false }
    }

    /// 1, 2 or 3 cascade levels for a 4-, 7- or 10-byte UID.
    fn cascade_levels(&self) -> u8 {
        match self.uid.len() {
            4 => 1,
            7 => 2,
            _ => 3,
        }
    }

    /// ATQA: bits 7..6 give the UID size, bit 2 says "bit frame
    /// anticollision supported" (the driver requires exactly one bit in 4..0).
    fn atqa(&self) -> [u8; 2] {
        let size_bits = (self.cascade_levels() - 1) << 6;
        [size_bits | 0x04, 0x00]
    }

    /// The 4 UID bytes sent on cascade level `level` (1-based). Every level
    /// but the last starts with the cascade tag and carries 3 UID bytes.
    fn uid_part(&self, level: u8) -> [u8; 4] {
        let start = 3 * usize::from(level - 1);
        let uid = &self.uid;
        if level < self.cascade_levels() {
            [CASCADE_TAG, uid[start], uid[start + 1], uid[start + 2]]
        } else {
            [uid[start], uid[start + 1], uid[start + 2], uid[start + 3]]
        }
    }

    /// Where the card falls back to after an unexpected frame.
    fn sleep_state(&self) -> CardState {
        if self.woken_from_halt { CardState::Halt } else { CardState::Idle }
    }

    /// The card hears a frame; returns its answer, or `None` if it stays
    /// silent.
    fn receive(&mut self, frame: &[u8], last_bits: u8) -> Option<Vec<u8>> {
        use CardState::{Active, Halt, Idle, Ready};

        match (self.state, ReaderFrame::parse(frame, last_bits)) {
            (Idle, ReaderFrame::Reqa | ReaderFrame::Wupa) | (Halt, ReaderFrame::Wupa) => {
                self.woken_from_halt = self.state == Halt;
                self.state = Ready { cascade_level: 1 };
                Some(self.atqa().to_vec())
            }
            // A sleeping card ignores everything else, REQA included.
            (Idle | Halt, _) => None,

            (Ready { cascade_level }, ReaderFrame::Anticollision { level })
                if level == cascade_level =>
            {
                let part = self.uid_part(level);
                let mut answer = part.to_vec();
                answer.push(bcc(&part));
                Some(answer)
            }
            (Ready { cascade_level }, ReaderFrame::Select { level, uid_part })
                if level == cascade_level && uid_part == self.uid_part(level) =>
            {
                let sak = if level < self.cascade_levels() {
                    self.state = Ready { cascade_level: level + 1 };
                    SAK_UID_INCOMPLETE
                } else {
                    self.state = Active;
                    self.sak
                };
                let crc = crc_a(&[sak]);
                Some(vec![sak, crc[0], crc[1]])
            }

            // HLTA is never answered: silence is the acknowledgement.
            (Active, ReaderFrame::Hlta) => {
                self.state = Halt;
                None
            }
            // Anything unexpected: back to sleep, without a word.
            (Ready { .. } | Active, _) => {
                self.state = self.sleep_state();
                None
            }
        }
    }
}

/// The space in front of the antenna: empty, or holding one card.
///
/// It is a shared handle (`Rc<RefCell<..>>` inside): clone it as often as
/// you like, every clone sees the same card. That is what lets a test or a
/// scenario put a card on the reader while the driver owns the
/// [`VirtualMfrc522`]:
///
/// ```
/// use virtual_hw::mfrc522::VirtualMfrc522;
///
/// let reader = VirtualMfrc522::new();
/// let field = reader.card_field(); // keep this one
/// // ... hand `reader` to the driver, then later:
/// field.present(&[0xDE, 0xAD, 0xBE, 0xEF]);
/// field.remove();
/// ```
#[derive(Clone, Debug, Default)]
pub struct CardField {
    card: Rc<RefCell<Option<Card>>>,
}

impl CardField {
    /// An empty field.
    pub fn new() -> CardField {
        CardField::default()
    }

    /// Puts a card with this UID in the field. The final SAK is the usual
    /// one for that size: MIFARE Classic 1K for 4 bytes, Ultralight/NTAG
    /// otherwise. Replaces any card already there.
    ///
    /// # Panics
    /// If `uid` does not have 4, 7 or 10 bytes.
    pub fn present(&self, uid: &[u8]) {
        let sak = if uid.len() == 4 { SAK_MIFARE_CLASSIC_1K } else { SAK_MIFARE_ULTRALIGHT };
        self.present_with_sak(uid, sak);
    }

    /// Like [`present`](Self::present), with a chosen final SAK
    /// (e.g. 0x18 for MIFARE Classic 4K, 0x20 for an ISO 14443-4 card).
    ///
    /// # Panics
    /// If `uid` does not have 4, 7 or 10 bytes, or `sak` has the cascade
    /// bit 0x04 set.
    pub fn present_with_sak(&self, uid: &[u8], sak: u8) {
        *self.card.borrow_mut() = Some(Card::new(uid, sak));
    }

    /// Takes the card away: from now on nobody answers.
    pub fn remove(&self) {
        *self.card.borrow_mut() = None;
    }

    /// The UID of the card in the field, if any.
    pub fn uid(&self) -> Option<Vec<u8>> {
        self.card.borrow().as_ref().map(|card| card.uid.clone())
    }

    /// The protocol state of the card in the field, if any.
    pub fn card_state(&self) -> Option<CardState> {
        self.card.borrow().as_ref().map(|card| card.state)
    }

    /// The reader's RF field went off: the card loses power and forgets
    /// everything, including HALT.
    fn power_lost(&self) {
        if let Some(card) = self.card.borrow_mut().as_mut() {
            card.state = CardState::Idle;
            card.woken_from_halt = false;
        }
    }

    /// Sends a frame to the card, if there is one; returns its answer.
    fn exchange(&self, frame: &[u8], last_bits: u8) -> Option<Vec<u8>> {
        self.card.borrow_mut().as_mut()?.receive(frame, last_bits)
    }
}

// ---------------------------------------------------------------------------
// The reader chip (PCD)
// ---------------------------------------------------------------------------

/// The virtual MFRC522: registers, FIFO, CRC coprocessor and an antenna
/// looking at a [`CardField`].
///
/// It implements [`SpiDevice`], so wrap it in the driver's
/// `SpiInterface::new(..)` as you would a real SPI device. Its SPI never
/// fails, hence the error type [`Infallible`].
#[derive(Debug)]
pub struct VirtualMfrc522 {
    /// Register file, indexed by address. Some registers are computed on
    /// read instead (FIFO, Status1Reg, VersionReg).
    regs: [u8; 64],
    fifo: VecDeque<u8>,
    /// Running value of the CRC coprocessor during CalcCRC.
    crc: u16,
    field: CardField,
}

impl Default for VirtualMfrc522 {
    fn default() -> Self {
        VirtualMfrc522::new()
    }
}

/// Where the SPI byte stream is within one transaction (chip select low).
#[derive(Clone, Copy)]
enum SpiPhase {
    /// The next byte on MOSI is an address byte.
    Address,
    /// Reading: the next MISO byte is this register's value, and the MOSI
    /// byte clocked at the same time is already the next address byte.
    Read(u8),
    /// Writing: every further MOSI byte goes to this register.
    Write(u8),
}

impl SpiPhase {
    /// Decodes an address byte: bit 7 = read, bits 6..1 = register.
    fn from_address_byte(byte: u8) -> SpiPhase {
        let register = (byte >> 1) & 0x3F;
        if byte & 0x80 != 0 { SpiPhase::Read(register) } else { SpiPhase::Write(register) }
    }
}

impl VirtualMfrc522 {
    /// A freshly powered-on chip with an empty card field.
    pub fn new() -> VirtualMfrc522 {
        VirtualMfrc522::with_field(CardField::new())
    }

    /// A freshly powered-on chip looking at an existing card field.
    pub fn with_field(field: CardField) -> VirtualMfrc522 {
        VirtualMfrc522 {
            regs: RESET_VALUES,
            fifo: VecDeque::with_capacity(FIFO_SIZE),
            crc: 0xFFFF,
            field,
        }
    }

    /// A handle on the card field: keep it before handing the chip to the
    /// driver, to present and remove cards later.
    pub fn card_field(&self) -> CardField {
        self.field.clone()
    }

    /// Puts a card in the field (shortcut for `card_field().present(uid)`).
    ///
    /// # Panics
    /// If `uid` does not have 4, 7 or 10 bytes.
    pub fn present_card(&mut self, uid: &[u8]) {
        self.field.present(uid);
    }

    /// Takes the card away (shortcut for `card_field().remove()`).
    pub fn remove_card(&mut self) {
        self.field.remove();
    }

    // --- the SPI byte stream ----------------------------------------------

    /// One byte clocked on the bus: `mosi` goes in, the returned byte comes
    /// out on MISO at the same time. The MFRC522 answers one byte late: the
    /// value of a register comes out while the *next* byte is clocked in.
    fn clock_byte(&mut self, phase: &mut SpiPhase, mosi: u8) -> u8 {
        match *phase {
            SpiPhase::Address => {
                *phase = SpiPhase::from_address_byte(mosi);
                0x00
            }
            SpiPhase::Read(register) => {
                let value = self.read_register(register);
                // 0x00 ends a read; it decodes as "write reserved register
                // 0x00", which is ignored, so no special case is needed.
                *phase = SpiPhase::from_address_byte(mosi);
                value
            }
            SpiPhase::Write(register) => {
                self.write_register(register, mosi);
                0x00
            }
        }
    }

    // --- registers --------------------------------------------------------

    fn read_register(&mut self, register: u8) -> u8 {
        match register {
            reg::FIFO_DATA => self.fifo.pop_front().unwrap_or(0),
            reg::FIFO_LEVEL => self.fifo.len() as u8,
            reg::STATUS1 => self.status1(),
            // Bit 7 (Set1/Set2) only matters on write; it reads as 0.
            reg::COM_IRQ | reg::DIV_IRQ => self.register(register) & 0x7F,
            reg::VERSION => VERSION_2_0,
            _ => self.register(register),
        }
    }

    fn write_register(&mut self, register: u8, value: u8) {
        let index = usize::from(register);
        match register {
            reg::COMMAND => self.write_command(value),
            reg::COM_IRQ | reg::DIV_IRQ => {
                // Bit 7 says what to do with the 1-bits written: set them or
                // clear them. So 0x7F clears all flags and leaves none set.
                let bits = value & 0x7F;
                if value & SET_BITS != 0 {
                    self.regs[index] |= bits;
                } else {
                    self.regs[index] &= !bits;
                }
            }
            reg::FIFO_DATA => self.push_fifo(value),
            reg::FIFO_LEVEL => {
                if value & FLUSH_BUFFER != 0 {
                    self.fifo.clear();
                    *self.register_mut(reg::ERROR) &= !BUFFER_OVFL;
                }
            }
            reg::CONTROL => {
                // RxLastBits is read-only; TStopNow/TStartNow (bits 7, 6)
                // would start or stop the timer, which is not clocked here.
                let kept = self.regs[index] & RX_LAST_BITS;
                self.regs[index] = (value & 0x38) | kept;
            }
            reg::BIT_FRAMING => {
                self.regs[index] = value;
                if value & START_SEND != 0 && self.command() == CMD_TRANSCEIVE {
                    self.transceive();
                }
            }
            reg::COLL => {
                // Only ValuesAfterColl (bit 7) is writable.
                self.regs[index] = (value & 0x80) | (self.regs[index] & 0x7F);
            }
            reg::TX_CONTROL => {
                let was_on = self.antenna_on();
                self.regs[index] = value;
                if was_on && !self.antenna_on() {
                    self.field.power_lost();
                }
            }
            // Read-only registers.
            reg::ERROR | reg::STATUS1 | reg::VERSION => {}
            reg::STATUS2 => {
                // ModemState (bits 2..0) is read-only and always "idle" here.
                self.regs[index] = value & !0x07;
            }
            // Reserved register 0x00 (also the end-of-read marker).
            0x00 => {}
            _ => self.regs[index] = value,
        }
    }

    /// Status1Reg is computed from the rest of the chip.
    fn status1(&self) -> u8 {
        let water_level = usize::from(self.register(reg::WATER_LEVEL) & 0x3F);
        let crc_ok = self.crc_result() == 0;
        let irq = (self.register(reg::COM_IRQ) & self.register(reg::COM_IEN) & 0x7F)
            | (self.register(reg::DIV_IRQ) & self.register(reg::DIV_IEN) & 0x14);
        let mut status = 1 << 5; // CRCReady: our CRC is always done at once
        if crc_ok {
            status |= 1 << 6;
        }
        if irq != 0 {
            status |= 1 << 4;
        }
        if FIFO_SIZE - self.fifo.len() <= water_level {
            status |= 1 << 1; // HiAlert: FIFO almost full
        }
        if self.fifo.len() <= water_level {
            status |= 1 << 0; // LoAlert: FIFO almost empty
        }
        status
    }

    fn crc_result(&self) -> u16 {
        u16::from_be_bytes([self.register(reg::CRC_RESULT_H), self.register(reg::CRC_RESULT_L)])
    }

    /// The stored value of a register (no side effects).
    fn register(&self, register: u8) -> u8 {
        self.regs[usize::from(register)]
    }

    fn register_mut(&mut self, register: u8) -> &mut u8 {
        &mut self.regs[usize::from(register)]
    }

    fn set_irq(&mut self, bits: u8) {
        *self.register_mut(reg::COM_IRQ) |= bits;
    }

    fn command(&self) -> u8 {
        self.register(reg::COMMAND) & 0x0F
    }

    fn antenna_on(&self) -> bool {
        self.register(reg::TX_CONTROL) & ANTENNA_ON != 0
    }

    // --- FIFO and CRC coprocessor -----------------------------------------

    fn push_fifo(&mut self, byte: u8) {
        if self.command() == CMD_CALC_CRC {
            // While CalcCRC runs, new FIFO bytes flow straight into the CRC.
            self.feed_crc(byte);
        } else if self.fifo.len() < FIFO_SIZE {
            self.fifo.push_back(byte);
        } else {
            *self.register_mut(reg::ERROR) |= BUFFER_OVFL;
            self.set_irq(ERR_IRQ);
        }
    }

    /// The CRC preset chosen by ModeReg bits 1..0.
    fn crc_preset(&self) -> u16 {
        match self.register(reg::MODE) & 0b11 {
            0b00 => 0x0000,
            0b01 => CRC_A_PRESET,
            0b10 => 0xA671,
            _ => 0xFFFF,
        }
    }

    fn feed_crc(&mut self, byte: u8) {
        self.crc = crc_a_update(self.crc, byte);
        let [high, low] = self.crc.to_be_bytes();
        *self.register_mut(reg::CRC_RESULT_H) = high;
        *self.register_mut(reg::CRC_RESULT_L) = low;
        *self.register_mut(reg::DIV_IRQ) |= CRC_IRQ;
    }

    // --- commands ---------------------------------------------------------

    fn write_command(&mut self, value: u8) {
        let flags = value & 0x30; // RcvOff, PowerDown: stored, not modelled
        let command = value & 0x0F;
        let index = usize::from(reg::COMMAND);
        if command == CMD_NO_CMD_CHANGE {
            self.regs[index] = flags | self.command();
            return;
        }
        self.regs[index] = flags | command;

        match command {
            // Idle stops the running command; no IdleIRq when the host asks.
            CMD_IDLE => {}
            CMD_SOFT_RESET => self.soft_reset(),
            CMD_CALC_CRC => {
                self.crc = self.crc_preset();
                let data: Vec<u8> = self.fifo.drain(..).collect();
                data.into_iter().for_each(|byte| self.feed_crc(byte));
            }
            // Transceive waits for StartSend in BitFramingReg.
            CMD_TRANSCEIVE => {}
            CMD_TRANSMIT => {
                let (frame, last_bits) = self.take_frame();
                self.set_irq(TX_IRQ);
                // Transmit does not listen: whatever the card says is lost.
                let _ = self.send_to_card(&frame, last_bits);
                self.finish_command();
            }
            // Receive waits for a card that speaks first: none ever does.
            CMD_RECEIVE => {}
            CMD_MF_AUTHENT => {
                // Crypto1 is not modelled: the card never answers.
                self.fifo.clear();
                self.set_irq(TX_IRQ);
                self.card_stays_silent();
            }
            // Mem would copy 25 bytes to or from an internal buffer: not
            // modelled, it just ends.
            CMD_MEM => self.finish_command(),
            // GenerateRandomID and unknown commands also end at once.
            _ => self.finish_command(),
        }
    }

    /// A command that ends by itself returns to Idle and raises IdleIRq.
    fn finish_command(&mut self) {
        let flags = self.register(reg::COMMAND) & 0x30;
        *self.register_mut(reg::COMMAND) = flags | CMD_IDLE;
        self.set_irq(IDLE_IRQ);
    }

    /// Back to the power-on state. The antenna goes off, so the card in the
    /// field loses power too.
    fn soft_reset(&mut self) {
        let was_on = self.antenna_on();
        self.regs = RESET_VALUES;
        self.fifo.clear();
        self.crc = 0xFFFF;
        if was_on {
            self.field.power_lost();
        }
    }

    /// Takes the frame to send out of the FIFO, with the number of valid
    /// bits in its last byte (TxLastBits, 0 meaning all 8).
    fn take_frame(&mut self) -> (Vec<u8>, u8) {
        let last_bits = self.register(reg::BIT_FRAMING) & TX_LAST_BITS;
        let mut frame: Vec<u8> = self.fifo.drain(..).collect();
        if let (Some(last), 1..=7) = (frame.last_mut(), last_bits) {
            *last &= (1u8 << last_bits) - 1; // bits not sent do not exist
        }
        (frame, last_bits)
    }

    /// The antenna carries the frame to the card, if the field is on.
    fn send_to_card(&mut self, frame: &[u8], last_bits: u8) -> Option<Vec<u8>> {
        if !self.antenna_on() {
            return None; // no RF field: the card has no power
        }
        self.field.exchange(frame, last_bits)
    }

    /// Transceive with StartSend: send the FIFO, put the answer in the FIFO.
    fn transceive(&mut self) {
        let (frame, last_bits) = self.take_frame();
        self.set_irq(TX_IRQ);
        match self.send_to_card(&frame, last_bits) {
            Some(answer) => {
                self.fifo.extend(answer);
                // Every answer modelled here ends on a whole byte.
                *self.register_mut(reg::CONTROL) &= !RX_LAST_BITS;
                self.set_irq(RX_IRQ);
            }
            None => self.card_stays_silent(),
        }
    }

    /// Nobody answers. On the real chip the timer, started by TAuto at the
    /// end of the transmission, counts down to zero (25 ms with the driver's
    /// settings) and raises TimerIRq; here it happens at once. Without TAuto
    /// the timer never starts and, as on the real chip, nothing happens.
    fn card_stays_silent(&mut self) {
        if self.register(reg::T_MODE) & T_AUTO != 0 {
            self.set_irq(TIMER_IRQ);
        }
    }
}

impl ErrorType for VirtualMfrc522 {
    type Error = Infallible;
}

impl SpiDevice<u8> for VirtualMfrc522 {
    /// One transaction is one chip-select period: the byte stream starts
    /// with an address byte and may continue across several operations
    /// (the driver sends the address in a `Write` and the FIFO bytes in the
    /// next operation).
    fn transaction(&mut self, operations: &mut [Operation<'_, u8>]) -> Result<(), Infallible> {
        let mut phase = SpiPhase::Address;
        for operation in operations {
            match operation {
                Operation::Write(words) => {
                    for &word in words.iter() {
                        self.clock_byte(&mut phase, word);
                    }
                }
                Operation::Read(words) => {
                    // Reading clocks out 0x00 on MOSI, which ends a read.
                    for word in words.iter_mut() {
                        *word = self.clock_byte(&mut phase, 0x00);
                    }
                }
                Operation::Transfer(read, write) => {
                    for i in 0..read.len().max(write.len()) {
                        let mosi = write.get(i).copied().unwrap_or(0x00);
                        let miso = self.clock_byte(&mut phase, mosi);
                        if let Some(word) = read.get_mut(i) {
                            *word = miso;
                        }
                    }
                }
                Operation::TransferInPlace(words) => {
                    for word in words.iter_mut() {
                        *word = self.clock_byte(&mut phase, *word);
                    }
                }
                // The virtual chip needs no pauses.
                Operation::DelayNs(_) => {}
            }
        }
        Ok(())
    }
}
