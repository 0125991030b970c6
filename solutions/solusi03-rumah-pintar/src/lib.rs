//! # Lab 03 (Tugas): the smart-home node (reference solution)
//!
//! The module's Tugas: the node sends all its sensor data to the server
//! periodically, and a card's UID when the door is opened with a card.
//! This crate is only what the student writes; the given node (time, the
//! queue, the connection, the replies) is in the shared crate `rumah_pintar`.
//!
//! The key ideas: numbers are kept exact (1/16 °C as a decimal) and rounded
//! once, when the line is written; a sensor is asked only as often as it
//! can answer; the card reader is told to HALT after a read, so one tap is
//! one event; the schedule is a set of "next time" values, never a sleep.
//!
//! Tata letak (layout):
//! - [`lines`]: langkah 1, the protocol lines the node sends.
//! - [`sensors`]: langkah 2-5, the DHT11, DS18B20, LDR and MFRC522.
//! - [`schedule`]: langkah 6, what to do when.

#![cfg_attr(not(test), no_std)]

pub mod lines;
pub mod schedule;
pub mod sensors;
