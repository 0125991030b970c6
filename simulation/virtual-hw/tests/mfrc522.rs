//! The REAL `mfrc522` driver crate (0.8) against the virtual MFRC522.
//!
//! If these pass, code written for the chip on the breadboard reads virtual
//! cards unchanged. A few tests go one level lower and speak the SPI
//! register protocol by hand, to pin down what the driver relies on.

use std::convert::Infallible;
use std::time::{Duration, Instant};

use embedded_hal::spi::{Operation, SpiDevice};
use mfrc522::comm::blocking::spi::{DummyDelay, SpiInterface};
use mfrc522::{Error, Initialized, Mfrc522, Type, Uid};
use virtual_hw::mfrc522::{CardField, CardState, VirtualMfrc522, bcc, crc_a, reg};

type Reader = Mfrc522<SpiInterface<VirtualMfrc522, DummyDelay>, Initialized>;

/// A virtual chip, initialised by the real driver, and its card field.
fn reader() -> (Reader, CardField) {
    let chip = VirtualMfrc522::new();
    let field = chip.card_field();
    let reader = Mfrc522::new(SpiInterface::new(chip))
        .init()
        .expect("init must succeed on the virtual chip");
    (reader, field)
}

/// What an application does: REQA, then anticollision/select.
fn read_uid(reader: &mut Reader) -> Result<Uid, Error<Infallible>> {
    let atqa = reader.new_card_present()?;
    reader.select(&atqa)
}

const UID_4: [u8; 4] = [0xDE, 0xAD, 0xBE, 0xEF];
const UID_7: [u8; 7] = [0x04, 0xA2, 0x2B, 0x1A, 0x5C, 0x80, 0x81];
const UID_10: [u8; 10] = [0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x99, 0xAA];

// --- through the real driver -------------------------------------------------

#[test]
fn init_and_version_is_0x92() {
    let (mut reader, _field) = reader();
    assert_eq!(reader.version().unwrap(), 0x92, "MFRC522 version 2.0");
}

#[test]
fn no_card_times_out_quickly() {
    let (mut reader, _field) = reader();
    let start = Instant::now();
    assert!(matches!(reader.reqa(), Err(Error::Timeout)));
    assert!(matches!(reader.new_card_present(), Err(Error::Timeout)));
    assert!(matches!(reader.wupa(), Err(Error::Timeout)));
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "a missing card must not make the driver poll for long"
    );
}

#[test]
fn four_byte_uid_is_read_back_exactly() {
    let (mut reader, field) = reader();
    field.present(&UID_4);
    let uid = read_uid(&mut reader).expect("card present");
    assert!(matches!(uid, Uid::Single(_)), "4 bytes is a single size UID");
    assert_eq!(uid.as_bytes(), UID_4);
    assert!(matches!(uid.get_type(), Type::Mifare1k));
    assert_eq!(field.card_state(), Some(CardState::Active));
}

#[test]
fn seven_byte_uid_is_read_back_exactly() {
    let (mut reader, field) = reader();
    field.present(&UID_7);
    let uid = read_uid(&mut reader).expect("card present");
    assert!(matches!(uid, Uid::Double(_)), "7 bytes is a double size UID");
    assert_eq!(uid.as_bytes(), UID_7);
    assert!(matches!(uid.get_type(), Type::MifareUL));
}

#[test]
fn ten_byte_uid_is_read_back_exactly() {
    let (mut reader, field) = reader();
    field.present(&UID_10);
    let uid = read_uid(&mut reader).expect("card present");
    assert!(matches!(uid, Uid::Triple(_)), "10 bytes is a triple size UID");
    assert_eq!(uid.as_bytes(), UID_10);
}

#[test]
fn chosen_sak_reaches_the_driver() {
    let (mut reader, field) = reader();
    field.present_with_sak(&UID_4, 0x18);
    let uid = read_uid(&mut reader).expect("card present");
    assert!(matches!(uid.get_type(), Type::Mifare4k));
}

#[test]
fn present_card_on_the_chip_before_handing_it_over() {
    let mut chip = VirtualMfrc522::new();
    chip.present_card(&UID_4);
    let mut reader = Mfrc522::new(SpiInterface::new(chip)).init().unwrap();
    assert_eq!(read_uid(&mut reader).unwrap().as_bytes(), UID_4);
}

#[test]
fn removed_card_no_longer_answers() {
    let (mut reader, field) = reader();
    field.present(&UID_4);
    let uid = read_uid(&mut reader).expect("card present");
    reader.hlta().unwrap();
    assert_eq!(uid.as_bytes(), UID_4);

    field.remove();
    assert_eq!(field.card_state(), None);
    assert!(matches!(reader.new_card_present(), Err(Error::Timeout)));
    assert!(matches!(reader.wupa(), Err(Error::Timeout)));
}

#[test]
fn another_card_can_follow() {
    let (mut reader, field) = reader();
    field.present(&UID_4);
    assert_eq!(read_uid(&mut reader).unwrap().as_bytes(), UID_4);
    reader.hlta().unwrap();
    field.remove();
    field.present(&UID_7);
    assert_eq!(read_uid(&mut reader).unwrap().as_bytes(), UID_7);
}

#[test]
fn halted_card_ignores_reqa_but_answers_wupa() {
    let (mut reader, field) = reader();
    field.present(&UID_7);
    read_uid(&mut reader).expect("card present");
    reader.hlta().expect("HLTA is acknowledged by silence");
    assert_eq!(field.card_state(), Some(CardState::Halt));

    assert!(matches!(reader.reqa(), Err(Error::Timeout)), "a halted card must not answer REQA");
    let atqa = reader.wupa().expect("WUPA wakes a halted card");
    let uid = reader.select(&atqa).expect("the woken card can be selected");
    assert_eq!(uid.as_bytes(), UID_7);
}

#[test]
fn active_card_goes_idle_on_reqa_then_answers_the_next_one() {
    // ISO 14443-3: REQA is unexpected in ACTIVE, so the card drops back to
    // IDLE without answering. That is why a poll loop without HLTA sees a
    // card that stays on the reader only every second time.
    let (mut reader, field) = reader();
    field.present(&UID_4);
    read_uid(&mut reader).expect("card present");
    assert!(matches!(reader.reqa(), Err(Error::Timeout)));
    assert_eq!(field.card_state(), Some(CardState::Idle));
    assert_eq!(read_uid(&mut reader).unwrap().as_bytes(), UID_4);
}

#[test]
fn soft_reset_cuts_the_field_and_wakes_a_halted_card() {
    let (mut reader, field) = reader();
    field.present(&UID_4);
    read_uid(&mut reader).unwrap();
    reader.hlta().unwrap();
    assert!(matches!(reader.reqa(), Err(Error::Timeout)));

    // init() starts with a SoftReset: the antenna goes off, the card loses
    // power and forgets HALT.
    let chip = reader.release().release();
    let mut reader = Mfrc522::new(SpiInterface::new(chip)).init().unwrap();
    assert_eq!(field.card_state(), Some(CardState::Idle));
    assert_eq!(read_uid(&mut reader).unwrap().as_bytes(), UID_4);
}

#[test]
#[should_panic(expected = "4, 7 or 10 bytes")]
fn uid_of_wrong_length_is_refused() {
    CardField::new().present(&[1, 2, 3, 4, 5]);
}

// --- the register protocol by hand -------------------------------------------

fn write(chip: &mut VirtualMfrc522, register: u8, value: u8) {
    chip.write(&[register << 1, value]).unwrap();
}

fn read(chip: &mut VirtualMfrc522, register: u8) -> u8 {
    let mut buf = [(register << 1) | 0x80, 0x00];
    chip.transfer_in_place(&mut buf).unwrap();
    buf[1]
}

fn write_fifo(chip: &mut VirtualMfrc522, bytes: &[u8]) {
    chip.transaction(&mut [Operation::Write(&[reg::FIFO_DATA << 1]), Operation::Write(bytes)])
        .unwrap();
}

/// Reads `n` FIFO bytes in one transaction: the address byte repeated,
/// then 0x00 to end (datasheet 8.1.2.1).
fn read_fifo(chip: &mut VirtualMfrc522, n: usize) -> Vec<u8> {
    let address = (reg::FIFO_DATA << 1) | 0x80;
    let mut mosi = vec![address; n + 1];
    mosi[n] = 0x00;
    let mut miso = vec![0u8; n + 1];
    chip.transfer(&mut miso, &mosi).unwrap();
    miso[1..].to_vec()
}

#[test]
fn registers_start_at_their_reset_values() {
    let mut chip = VirtualMfrc522::new();
    assert_eq!(read(&mut chip, reg::COMMAND), 0x20);
    assert_eq!(read(&mut chip, reg::COM_IRQ), 0x14);
    assert_eq!(read(&mut chip, reg::STATUS1), 0x21);
    assert_eq!(read(&mut chip, reg::MODE), 0x3F);
    assert_eq!(read(&mut chip, reg::TX_CONTROL), 0x80);
    assert_eq!(read(&mut chip, reg::MOD_WIDTH), 0x26);
    assert_eq!(read(&mut chip, reg::RF_CFG), 0x48);
    assert_eq!(read(&mut chip, reg::VERSION), 0x92);

    write(&mut chip, reg::T_RELOAD_L, 0xE8);
    write(&mut chip, reg::COMMAND, 0x0F); // SoftReset
    assert_eq!(read(&mut chip, reg::T_RELOAD_L), 0x00);
}

#[test]
fn fifo_bytes_travel_in_one_transaction_each_way() {
    let mut chip = VirtualMfrc522::new();
    write_fifo(&mut chip, &[0xCA, 0xFE, 0xF0, 0x0D]);
    assert_eq!(read(&mut chip, reg::FIFO_LEVEL), 4);
    assert_eq!(read_fifo(&mut chip, 3), [0xCA, 0xFE, 0xF0]);
    assert_eq!(read(&mut chip, reg::FIFO_LEVEL), 1);
    write(&mut chip, reg::FIFO_LEVEL, 0x80); // FlushBuffer
    assert_eq!(read(&mut chip, reg::FIFO_LEVEL), 0);
}

#[test]
fn irq_flags_are_set_and_cleared_by_bit_7() {
    let mut chip = VirtualMfrc522::new();
    write(&mut chip, reg::COM_IRQ, 0x7F); // bit 7 clear: clear them all
    assert_eq!(read(&mut chip, reg::COM_IRQ), 0x00);
    write(&mut chip, reg::COM_IRQ, 0x80 | 0x21); // bit 7 set: set these
    assert_eq!(read(&mut chip, reg::COM_IRQ), 0x21);
    write(&mut chip, reg::COM_IRQ, 0x01); // clear only TimerIRq
    assert_eq!(read(&mut chip, reg::COM_IRQ), 0x20);
}

#[test]
fn calc_crc_command_computes_crc_a() {
    let mut chip = VirtualMfrc522::new();
    write(&mut chip, reg::MODE, 0x3D); // CRC preset 0x6363, as the driver sets
    write_fifo(&mut chip, &[0x50, 0x00]);
    write(&mut chip, reg::COMMAND, 0x03); // CalcCRC
    assert_ne!(read(&mut chip, reg::DIV_IRQ) & 0x04, 0, "CRCIRq");
    assert_eq!(read(&mut chip, reg::CRC_RESULT_L), 0x57);
    assert_eq!(read(&mut chip, reg::CRC_RESULT_H), 0xCD);
}

#[test]
fn reqa_and_anticollision_by_hand() {
    let mut chip = VirtualMfrc522::new();
    chip.present_card(&UID_7);
    write(&mut chip, reg::T_MODE, 0x80); // TAuto
    write(&mut chip, reg::TX_CONTROL, 0x83); // antenna on

    // REQA: 7-bit short frame.
    write_fifo(&mut chip, &[0x26]);
    write(&mut chip, reg::COMMAND, 0x0C); // Transceive
    write(&mut chip, reg::BIT_FRAMING, 0x87); // StartSend, TxLastBits = 7
    assert_ne!(read(&mut chip, reg::COM_IRQ) & 0x20, 0, "RxIRq");
    assert_eq!(read(&mut chip, reg::FIFO_LEVEL), 2);
    assert_eq!(read_fifo(&mut chip, 2), [0x44, 0x00], "ATQA of a 7-byte UID");

    // Anticollision on cascade level 1: cascade tag, 3 UID bytes, BCC.
    write(&mut chip, reg::COM_IRQ, 0x7F);
    write_fifo(&mut chip, &[0x93, 0x20]);
    write(&mut chip, reg::BIT_FRAMING, 0x80);
    let part = [0x88, UID_7[0], UID_7[1], UID_7[2]];
    let mut expected = part.to_vec();
    expected.push(bcc(&part));
    assert_eq!(read_fifo(&mut chip, 5), expected);
    assert_eq!(read(&mut chip, reg::CONTROL) & 0x07, 0, "whole bytes");
}

#[test]
fn reqa_as_a_full_byte_is_not_a_short_frame() {
    let mut chip = VirtualMfrc522::new();
    chip.present_card(&UID_4);
    write(&mut chip, reg::T_MODE, 0x80);
    write(&mut chip, reg::TX_CONTROL, 0x83);
    write(&mut chip, reg::COM_IRQ, 0x7F);
    write_fifo(&mut chip, &[0x26]);
    write(&mut chip, reg::COMMAND, 0x0C);
    write(&mut chip, reg::BIT_FRAMING, 0x80); // 8 bits: not REQA
    assert_eq!(read(&mut chip, reg::COM_IRQ) & 0x21, 0x01, "TimerIRq only");
}

#[test]
fn antenna_off_means_no_answer() {
    let mut chip = VirtualMfrc522::new();
    chip.present_card(&UID_4);
    write(&mut chip, reg::T_MODE, 0x80);
    write(&mut chip, reg::COM_IRQ, 0x7F);
    write_fifo(&mut chip, &[0x26]);
    write(&mut chip, reg::COMMAND, 0x0C);
    write(&mut chip, reg::BIT_FRAMING, 0x87);
    assert_eq!(read(&mut chip, reg::COM_IRQ) & 0x21, 0x01, "TimerIRq only");
    chip.remove_card();
}

// --- CRC_A and BCC -----------------------------------------------------------

#[test]
fn crc_a_matches_known_vectors() {
    assert_eq!(crc_a(&[0x50, 0x00]), [0x57, 0xCD], "HLTA");
    // Examples from ISO/IEC 14443-3 Annex B.
    assert_eq!(crc_a(&[0x00, 0x00]), [0xA0, 0x1E]);
    assert_eq!(crc_a(&[0x12, 0x34]), [0x26, 0xCF]);
}

#[test]
fn bcc_is_the_xor_of_the_uid_part() {
    assert_eq!(bcc(&UID_4), 0x22);
    assert_eq!(bcc(&[0x88, 0x04, 0xA2, 0x2B]), 0x05);
    let part = [0x1A, 0x5C, 0x80, 0x81];
    assert_eq!(bcc(&[part[0], part[1], part[2], part[3], bcc(&part)]), 0);
}
