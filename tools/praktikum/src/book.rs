//! Building the book with the mdBook library and serving it locally.

use anyhow::{Context, Result, bail};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tracing_subscriber::Layer as _;
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::layer::SubscriberExt;

/// The address the book is served on unless `--alamat` says otherwise.
pub const DEFAULT_ADDRESS: &str = "127.0.0.1:3000";

/// Builds `book/` into `target/praktikum/buku` and returns the HTML folder.
///
/// mdBook reports problems (a missing include, say) as log warnings and
/// builds anyway; with `strict` any warning, and any include whose file or
/// anchor does not exist, fails the build.
pub fn build(root: &Path, strict: bool) -> Result<PathBuf> {
    let problems = check_includes(&root.join("book").join("src"));
    let warnings = Arc::new(AtomicUsize::new(0));
    // Students see errors only (a missing optional link checker is no news to
    // them); the strict build shows warnings too.
    let shown = if strict { LevelFilter::WARN } else { LevelFilter::ERROR };
    let subscriber = tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .without_time()
                .with_target(false)
                .with_filter(shown),
        )
        .with(CountWarnings(Arc::clone(&warnings)));
    let built = tracing::subscriber::with_default(subscriber, || -> Result<PathBuf> {
        let mut book = mdbook_driver::MDBook::load(root.join("book"))
            .map_err(|e| anyhow::anyhow!("{e:#}"))
            .context("buku tidak bisa dimuat")?;
        let output = root.join("target").join("praktikum").join("buku");
        book.config.build.build_dir = output.clone();
        book.build().map_err(|e| anyhow::anyhow!("{e:#}")).context("buku gagal dibangun")?;
        // With several renderers configured, the HTML one writes into `html/`.
        let html = output.join("html");
        Ok(if html.join("index.html").is_file() { html } else { output })
    })?;
    for problem in &problems {
        eprintln!("Peringatan: {problem}");
    }
    let warned = warnings.load(Ordering::Relaxed);
    if strict && (warned > 0 || !problems.is_empty()) {
        bail!("buku punya {} peringatan", warned + problems.len());
    }
    Ok(built)
}

/// A tracing layer that only counts warnings and errors.
struct CountWarnings(Arc<AtomicUsize>);

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for CountWarnings {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        if *event.metadata().level() <= tracing::Level::WARN {
            self.0.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// Every `{{#include file:anchor}}` in the chapters must name a file that
/// exists and an anchor that the file defines (mdBook would silently show
/// nothing for a missing anchor).
pub fn check_includes(src: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let Ok(entries) = std::fs::read_dir(src) else {
        return vec![format!("folder {} tidak ada", src.display())];
    };
    let mut chapters: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    chapters.sort();
    for chapter in chapters {
        let text = std::fs::read_to_string(&chapter).unwrap_or_default();
        let name = chapter.file_name().unwrap_or_default().to_string_lossy().to_string();
        for (at, directive) in text.match_indices("{{#include ") {
            // `\{{#include ...}}` is shown as text, not included.
            if text[..at].ends_with('\\') {
                continue;
            }
            let Some((target, _)) = text[at + directive.len()..].split_once("}}") else { continue };
            let target = target.trim();
            let (file, anchor) = match target.split_once(':') {
                Some((file, anchor))
                    if !anchor.chars().next().is_some_and(|c| c.is_ascii_digit()) =>
                {
                    (file, Some(anchor))
                }
                Some((file, _lines)) => (file, None),
                None => (target, None),
            };
            let path = src.join(file);
            let Ok(content) = std::fs::read_to_string(&path) else {
                problems.push(format!("{name}: berkas {file} tidak ada"));
                continue;
            };
            if let Some(anchor) = anchor {
                let starts = content.lines().any(|l| {
                    l.trim_start().trim_start_matches(['/', '#', '-', ' ']).trim()
                        == format!("ANCHOR: {anchor}")
                });
                let ends = content.lines().any(|l| {
                    l.trim_start().trim_start_matches(['/', '#', '-', ' ']).trim()
                        == format!("ANCHOR_END: {anchor}")
                });
                if !(starts && ends) {
                    problems.push(format!("{name}: anchor '{anchor}' tidak ada di {file}"));
                }
            }
        }
    }
    problems
}

/// Serves `dir` over HTTP on `address` until Ctrl-C.
pub async fn serve(dir: PathBuf, address: SocketAddr) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(address).await.with_context(|| {
        format!("buku tidak bisa disajikan di {address} (port sudah dipakai?). Pilih alamat lain, misalnya --alamat 127.0.0.1:3001")
    })?;
    let real = listener.local_addr()?;
    println!("Buku tersedia di http://{real}/  (hentikan dengan Ctrl-C)");
    let app = axum::Router::new().fallback_service(tower_http::services::ServeDir::new(dir));
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    println!("Buku dihentikan.");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_include_in_the_book_resolves() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../book/src");
        let problems = check_includes(&src);
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn a_missing_anchor_or_file_is_found() {
        let dir = std::env::temp_dir().join(format!("praktikum-buku-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("kode.rs"), "// ANCHOR: ada\nfn f() {}\n// ANCHOR_END: ada\n")
            .unwrap();
        std::fs::write(dir.join("bab.md"), "{{#include kode.rs:ada}}\n{{#include kode.rs:hilang}}\n{{#include tidak-ada.rs}}\n{{#include kode.rs:1:2}}\n\\{{#include contoh.rs}}\n").unwrap();
        let problems = check_includes(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(
            problems,
            [
                "bab.md: anchor 'hilang' tidak ada di kode.rs",
                "bab.md: berkas tidak-ada.rs tidak ada"
            ]
        );
    }
}
