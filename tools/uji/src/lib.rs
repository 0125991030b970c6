//! # uji: support for the graded test suites
//!
//! The graded suites themselves are in `suites/`, one file per lab. Each lab
//! package (starter and solution alike) compiles that same file as its test
//! target `uji`, so a test is written once and the grader can always run the
//! pristine copy.
//!
//! Layout:
//! - [`program`]: runs a lab's binary and collects its output line by line.
//! - [`server`]: a server program that announces `Server berjalan di <ip>:<port>`.
//! - [`client`]: a TCP client for tests, with timeouts and clear failures.
//! - [`test_server`]: a scripted server for testing clients (Lab 02).
//! - [`book_output`]: keeps the program output shown in the book current.
//!
//! Failure messages are for students, so they are Indonesian and say what to
//! look at. Every wait has a generous limit: a loaded 2-core machine must
//! never make a correct lab fail.

pub mod book_output;
pub mod client;
pub mod program;
pub mod server;
pub mod test_server;

pub use client::TestClient;
pub use program::RunningProgram;
pub use server::ServerProcess;
pub use test_server::{Answer, TestServer};

use std::time::Duration;

/// How long a program may take to start (a cold, loaded machine is slow).
pub const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);
/// How long a reply or an output line may take.
pub const REPLY_TIMEOUT: Duration = Duration::from_secs(20);

/// Path of a binary of the package under test that is named
/// `<package prefix>-<name>` (Lab 03's `lab03-node`, `solusi03-node`).
///
/// Cargo builds a package's binaries before its integration tests, next to
/// the `deps/` folder the test runs from.
#[macro_export]
macro_rules! lab_binary_named {
    ($name:expr) => {
        $crate::package_binary(env!("CARGO_PKG_NAME"), $name)
    };
}

/// See [`lab_binary_named!`].
pub fn package_binary(package: &str, name: &str) -> String {
    let prefix = package.split('-').next().unwrap_or(package);
    let test_exe = std::env::current_exe().expect("the test knows where it runs");
    let folder = test_exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("tests run from target/<profile>/deps");
    let binary = folder.join(format!("{prefix}-{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        binary.is_file(),
        "Program {} tidak ditemukan: apakah paketnya punya biner {prefix}-{name}?",
        binary.display()
    );
    binary.to_string_lossy().into_owned()
}

/// Path of the binary of the package that is being tested.
///
/// The suite file is shared, so it cannot name the binary: every lab package
/// builds a binary with its own package name, and Cargo tells the test where.
#[macro_export]
macro_rules! lab_binary {
    () => {
        env!(concat!("CARGO_BIN_EXE_", env!("CARGO_PKG_NAME")))
    };
}
