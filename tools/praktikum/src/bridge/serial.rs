//! The board's side: the USB serial port.

use serialport::{ErrorKind, SerialPort, SerialPortType};
use std::io;
use std::time::Duration;

/// How long one read waits for bytes: the reader thread looks at its stop
/// flag this often.
pub const READ_TIMEOUT: Duration = Duration::from_millis(100);
/// How long a write may wait for room. A real UART always drains at its baud
/// rate; a board that does not read (held in reset) loses the reply, as it
/// would over Wi-Fi, and sends its message again.
const WRITE_TIMEOUT: Duration = Duration::from_secs(1);

/// The open port: one handle to write to, one for the reader thread.
pub struct OpenPort {
    pub writer: Box<dyn SerialPort>,
    pub reader: Box<dyn SerialPort>,
}

/// Why the port could not be opened, in Indonesian.
pub struct OpenError {
    /// The port is not there (a typo, or the board is not plugged in).
    pub missing: bool,
    pub message: String,
}

/// Opens the port in raw mode, 8N1 without flow control (what the ESP8266's
/// UART0 speaks).
pub fn open(path: &str, baud: u32) -> Result<OpenPort, OpenError> {
    let opened = serialport::new(path, baud).timeout(WRITE_TIMEOUT).open();
    let writer = opened.map_err(|e| explain(path, &e))?;
    let mut reader = writer.try_clone().map_err(|e| explain(path, &e))?;
    reader.set_timeout(READ_TIMEOUT).map_err(|e| explain(path, &e))?;
    Ok(OpenPort { writer, reader })
}

/// Why a port could not be opened, and what to do about it.
fn explain(path: &str, error: &serialport::Error) -> OpenError {
    let missing = error.kind() == ErrorKind::Io(io::ErrorKind::NotFound);
    OpenError { missing, message: describe(path, error) }
}

fn describe(path: &str, error: &serialport::Error) -> String {
    match error.kind() {
        ErrorKind::Io(io::ErrorKind::NotFound) => format!("port {path} tidak ada"),
        // Linux says EBUSY when another program has the port open.
        ErrorKind::NoDevice => format!(
            "port {path} sedang dipakai program lain (Serial Monitor? jembatan lain?): tutup dulu"
        ),
        ErrorKind::Io(io::ErrorKind::PermissionDenied) => format!(
            "tidak punya izin membuka {path}. Di Linux: sudo usermod -aG dialout $USER, \
             lalu keluar dan masuk lagi"
        ),
        _ => format!("port {path} tidak bisa dibuka: {}", error.description),
    }
}

/// The serial ports this computer has (USB ones only, when there are any),
/// for the error message of a port that is not there.
pub fn available() -> String {
    let ports = serialport::available_ports().unwrap_or_default();
    let usb: Vec<String> = ports
        .iter()
        .filter_map(|port| match &port.port_type {
            SerialPortType::UsbPort(usb) => Some(match &usb.product {
                Some(product) => format!("{} ({product})", port.port_name),
                None => port.port_name.clone(),
            }),
            _ => None,
        })
        .collect();
    if !usb.is_empty() {
        return format!("Port serial USB yang ada: {}", usb.join(", "));
    }
    if ports.is_empty() {
        return "Tidak ada port serial yang terlihat: apakah papan sudah dicolokkan, dengan \
                kabel USB data (bukan kabel daya saja)?"
            .to_string();
    }
    let names: Vec<&str> = ports.iter().map(|port| port.port_name.as_str()).collect();
    format!(
        "Tidak ada port serial USB; port lain yang ada: {}. Apakah papan sudah dicolokkan?",
        names.join(", ")
    )
}

/// True for a read error that only means "nothing arrived yet".
pub fn is_quiet(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted
    )
}
