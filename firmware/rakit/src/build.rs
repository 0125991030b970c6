//! The build, step by step.

use crate::sizes::Sizes;
use crate::{literal_pools, toolchain};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Whose node application goes into the image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    /// The student's own `labs/lab03-rumah-pintar`.
    Lab,
    /// The reference solution.
    Solusi,
}

/// What the image runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A NodeMCU: the board's peripherals, an esptool image to flash.
    Papan,
    /// QEMU's lx106 simulator: the scripted world of `simulation/tiruan`.
    Qemu,
}

pub struct Options {
    /// The workbook's folder (with `firmware/`).
    pub root: PathBuf,
    pub node: Node,
    pub target: Target,
    /// Keep cargo's progress to ourselves (tests); errors are still shown.
    pub quiet: bool,
}

/// A linked image.
#[derive(Debug)]
pub struct Image {
    pub elf: PathBuf,
    pub sizes: Sizes,
    /// The files to flash and their flash offsets (board build only).
    pub flash_files: Vec<(u32, PathBuf)>,
}

/// Builds the image; every error is an Indonesian sentence for the student.
pub fn build(options: &Options) -> Result<Image, String> {
    toolchain::check()?;
    // One spelling of the folder (no `..`), so that every caller builds the
    // very same image: paths end up in panic messages.
    let root =
        options.root.canonicalize().map_err(|e| format!("{}: {e}", options.root.display()))?;
    let options = &Options { root, ..*options };
    let crate_dir = options.root.join("firmware/nodemcu");
    let name = match (options.target, options.node) {
        (Target::Papan, Node::Lab) => "papan-lab",
        (Target::Papan, Node::Solusi) => "papan-solusi",
        (Target::Qemu, Node::Lab) => "qemu-lab",
        (Target::Qemu, Node::Solusi) => "qemu-solusi",
    };
    // One target folder per kind of build: their assembly files never mix.
    let target_dir = options.root.join("target/esp8266").join(name);
    let out = target_dir.join("gambar");
    std::fs::create_dir_all(&out)
        .map_err(|e| format!("{} tidak bisa dibuat: {e}", out.display()))?;

    let assembly = compile_to_assembly(options, &crate_dir, &target_dir)?;
    let mut objects = Vec::new();
    for source in &assembly {
        objects.push(assemble(source, &out)?);
    }
    objects.insert(0, assemble_startup(&crate_dir, options.target, &out)?);
    let elf = out.join("rumah-pintar.elf");
    link(&crate_dir, &objects, &elf)?;
    let sizes = Sizes::of_elf(&elf)?;
    sizes.check()?;
    let flash_files = match options.target {
        Target::Papan => make_flash_files(&elf, &out)?,
        Target::Qemu => Vec::new(),
    };
    Ok(Image { elf, sizes, flash_files })
}

/// Step 2: cargo with Debian's rustc, `-Zbuild-std` and `--emit=asm`. With
/// LTO our crate's assembly holds all Rust code but `compiler_builtins`
/// (memcpy, 64-bit division, ...), which comes as its own file.
fn compile_to_assembly(
    options: &Options,
    crate_dir: &Path,
    target_dir: &Path,
) -> Result<Vec<PathBuf>, String> {
    let mut features = vec![match options.node {
        Node::Lab => "lab",
        Node::Solusi => "solusi",
    }];
    if options.target == Target::Qemu {
        features.push("qemu");
    }
    let root = &options.root;
    let target_spec = root.join("firmware/xtensa-esp8266-none-elf.json");
    let mut cargo = Command::new(toolchain::CARGO);
    cargo
        .current_dir(crate_dir)
        .args(["build", "--release", "--lib", "--no-default-features"])
        .args(["--features", &features.join(",")])
        .args(["-Zbuild-std=core,compiler_builtins", "-Zbuild-std-features=compiler-builtins-mem"])
        .arg("-Zjson-target-spec")
        .arg("--target")
        .arg(&target_spec)
        .env("RUSTC", toolchain::RUSTC)
        // -Z options on Debian's stable compiler.
        .env("RUSTC_BOOTSTRAP", "1")
        .env("CARGO_TARGET_DIR", target_dir)
        // Assembly for the literal-pool fix; paths in panic messages relative
        // to the workbook. (Separated by 0x1f, so that paths may hold spaces.)
        .env(
            "CARGO_ENCODED_RUSTFLAGS",
            format!("--emit=asm,link\x1f--remap-path-prefix={}=.", root.display()),
        )
        // Settings of an outer cargo (when run from `cargo test`) are not ours.
        .env_remove("RUSTFLAGS")
        .env_remove("RUSTC_WRAPPER")
        .env_remove("CARGO_BUILD_TARGET")
        .env_remove("RUSTUP_TOOLCHAIN");
    if options.quiet {
        cargo.arg("--quiet");
    }
    run(&mut cargo, "cargo (kompilasi untuk ESP8266)", options.quiet)?;

    let deps = target_dir.join("xtensa-esp8266-none-elf/release/deps");
    ["nodemcu-", "compiler_builtins-"].iter().map(|prefix| newest_assembly(&deps, prefix)).collect()
}

/// The newest `<prefix><hash>.s` in `deps` (a feature change adds a new hash).
fn newest_assembly(deps: &Path, prefix: &str) -> Result<PathBuf, String> {
    let entries =
        std::fs::read_dir(deps).map_err(|e| format!("{} tidak terbaca: {e}", deps.display()))?;
    entries
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with(prefix) && name.ends_with(".s")
        })
        .max_by_key(|e| e.metadata().and_then(|m| m.modified()).ok())
        .map(|e| e.path())
        .ok_or_else(|| format!("berkas assembly {prefix}*.s tidak ditemukan di {}", deps.display()))
}

/// Steps 3 and 4a: fix the literal pools, then assemble.
fn assemble(source: &Path, out: &Path) -> Result<PathBuf, String> {
    let text = std::fs::read_to_string(source).map_err(|e| format!("{}: {e}", source.display()))?;
    let stem = source.file_stem().unwrap_or_default().to_string_lossy();
    let stem = stem.split('-').next().unwrap_or("kode");
    let fixed = out.join(format!("{stem}.s"));
    std::fs::write(&fixed, literal_pools::fix(&text))
        .map_err(|e| format!("{}: {e}", fixed.display()))?;
    let object = out.join(format!("{stem}.o"));
    let mut assembler = Command::new(toolchain::ASSEMBLER);
    assembler.arg("--longcalls").arg("-o").arg(&object).arg(&fixed);
    run(&mut assembler, "assembler", true)?;
    Ok(object)
}

/// Step 4b: `startup.S` (gcc runs the C preprocessor on `.S` files).
fn assemble_startup(crate_dir: &Path, target: Target, out: &Path) -> Result<PathBuf, String> {
    let object = out.join("startup.o");
    let mut gcc = Command::new(toolchain::LINKER);
    gcc.arg("-c").arg(crate_dir.join("startup.S")).arg("-o").arg(&object);
    if target == Target::Qemu {
        gcc.arg("-DQEMU");
    }
    run(&mut gcc, "assembler (startup.S)", true)?;
    Ok(object)
}

/// Step 4c: one ELF image, unused functions dropped (`--gc-sections`).
fn link(crate_dir: &Path, objects: &[PathBuf], elf: &Path) -> Result<(), String> {
    let mut gcc = Command::new(toolchain::LINKER);
    gcc.args(["-nostdlib", "-Wl,--gc-sections"])
        .arg(format!("-Wl,-L,{}", crate_dir.display()))
        .arg("-Wl,-T,esp8266.ld")
        .arg(format!("-Wl,-Map,{}", elf.with_extension("map").display()))
        .arg("-o")
        .arg(elf)
        .args(objects)
        .arg("-lgcc");
    run(&mut gcc, "linker", true)
}

/// Step 6: esptool turns the ELF into the ROM loader's format (image v1):
/// one file for flash offset 0 (IRAM and DRAM segments, the entry point and
/// a checksum) and one for the code in flash at offset 0x10000.
fn make_flash_files(elf: &Path, out: &Path) -> Result<Vec<(u32, PathBuf)>, String> {
    let esptool = toolchain::esptool()?;
    let prefix = out.join("rumah-pintar-");
    let mut command = Command::new(&esptool[0]);
    command
        .args(&esptool[1..])
        .args(["--chip", "esp8266", "elf2image", "--flash-mode", "dio", "--flash-size", "4MB"])
        .args(["--flash-freq", "40m", "-o"])
        .arg(&prefix)
        .arg(elf);
    run(&mut command, "esptool elf2image", true)?;
    let files = [(0x0_0000, "0x00000"), (0x1_0000, "0x10000")]
        .into_iter()
        .map(|(offset, suffix)| (offset, out.join(format!("rumah-pintar-{suffix}.bin"))))
        .filter(|(_, path)| path.exists())
        .collect::<Vec<_>>();
    if files.is_empty() {
        return Err("esptool tidak menghasilkan berkas .bin".into());
    }
    Ok(files)
}

/// Runs a tool; on failure the error holds what it printed.
fn run(command: &mut Command, what: &str, capture: bool) -> Result<(), String> {
    if !capture {
        command.stdout(Stdio::inherit()).stderr(Stdio::inherit());
        let status = command.status().map_err(|e| format!("{what} tidak bisa dijalankan: {e}"))?;
        return if status.success() { Ok(()) } else { Err(format!("{what} gagal ({status})")) };
    }
    let output = command.output().map_err(|e| format!("{what} tidak bisa dijalankan: {e}"))?;
    if output.status.success() {
        return Ok(());
    }
    Err(format!(
        "{what} gagal ({}):\n{}{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    ))
}
