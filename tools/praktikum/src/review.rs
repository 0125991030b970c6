//! What a lab's code may use, checked on its syntax tree before grading.
//!
//! An allowlist, not a blocklist: every path the code names that starts
//! with a crate (`std::...`, `tokio::...`, `::core::...`), in `use`, in
//! expressions, types, macro names and the tokens inside macro calls, must
//! start with one of the lab's `allowed_paths` in labs.toml (segment by
//! segment: `std::io` allows `std::io::Write`, not `std::iopipe`). Beside
//! that, `unsafe`, `extern` blocks and crates, `macro_rules!`, the
//! `include!` family, `env!`/`option_env!`, inline assembly and
//! `#[path]`/`#[link...]`/`#[no_mangle]`/`#[export_name]` attributes are
//! never allowed in a student's code. A finding does not prove cheating: the
//! lab is marked "perlu diperiksa" with file:line and gets no points until
//! an instructor has looked.

use proc_macro2::{TokenStream, TokenTree};
use std::path::Path;
use syn::visit::Visit;

/// One thing outside the allowlist: where, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub file: String,
    pub line: usize,
    pub what: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.what)
    }
}

/// The roots that name a crate rather than something local.
const CRATE_ROOTS: [&str; 3] = ["std", "core", "alloc"];
/// Macros that reach outside the code or below the language.
const FORBIDDEN_MACROS: [&str; 9] = [
    "include",
    "include_str",
    "include_bytes",
    "env",
    "option_env",
    "asm",
    "global_asm",
    "naked_asm",
    "concat_idents",
];
const FORBIDDEN_ATTRIBUTES: [&str; 7] =
    ["path", "link", "link_name", "link_section", "no_mangle", "export_name", "used"];

/// Checks every `.rs` file under `dir` (named relative to `shown_as`).
/// `crates` are the names the lab may refer to as crates (its
/// dependencies and its own library), `allowed` the allowlist.
pub fn check_dir(
    dir: &Path,
    shown_as: &str,
    crates: &[String],
    allowed: &[String],
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut files = crate::state::files_under(dir);
    files.sort();
    for file in files.iter().filter(|f| f.extension().is_some_and(|e| e == "rs")) {
        let name = format!(
            "{shown_as}/{}",
            file.strip_prefix(dir).unwrap_or(file).to_string_lossy().replace('\\', "/")
        );
        let text = std::fs::read_to_string(file).unwrap_or_default();
        findings.extend(check_source(&text, &name, crates, allowed));
    }
    findings
}

/// Checks one file's source text.
pub fn check_source(text: &str, file: &str, crates: &[String], allowed: &[String]) -> Vec<Finding> {
    let syntax = match syn::parse_file(text) {
        Ok(syntax) => syntax,
        Err(e) => {
            // It will not compile either; say where, so the note is useful.
            let line = e.span().start().line;
            return vec![Finding { file: file.into(), line, what: format!("tidak terbaca: {e}") }];
        }
    };
    let mut walker = Walker { file, crates, allowed, findings: Vec::new() };
    walker.visit_file(&syntax);
    walker.findings
}

struct Walker<'a> {
    file: &'a str,
    crates: &'a [String],
    allowed: &'a [String],
    findings: Vec<Finding>,
}

impl Walker<'_> {
    fn flag(&mut self, line: usize, what: String) {
        self.findings.push(Finding { file: self.file.to_string(), line, what });
    }

    fn is_crate(&self, name: &str) -> bool {
        CRATE_ROOTS.contains(&name) || self.crates.iter().any(|c| c == name)
    }

    /// A path given as its segments; `leading` for `::name`.
    fn check_path(&mut self, segments: &[String], leading: bool, line: usize) {
        let Some(first) = segments.first() else { return };
        if !(leading || self.is_crate(first)) {
            return; // local: crate::, self::, a name brought in by a checked `use`
        }
        let allowed = self.allowed.iter().any(|entry| {
            let entry: Vec<&str> = entry.split("::").collect();
            entry.len() <= segments.len() && entry.iter().zip(segments).all(|(a, b)| a == b)
        });
        if !allowed {
            self.flag(
                line,
                format!("`{}` tidak termasuk yang boleh dipakai lab ini", segments.join("::")),
            );
        }
    }

    /// Paths and forbidden macros inside a macro call's tokens (a macro
    /// can expand them into code, so they are checked like code).
    fn check_tokens(&mut self, tokens: TokenStream) {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut i = 0;
        while i < trees.len() {
            let TokenTree::Ident(ident) = &trees[i] else {
                if let TokenTree::Group(group) = &trees[i] {
                    self.check_tokens(group.stream());
                }
                i += 1;
                continue;
            };
            let line = ident.span().start().line;
            if ident == "unsafe" {
                self.flag(line, "`unsafe` di dalam makro".into());
            }
            // `::name` with nothing path-like before it starts a path from
            // the crate root; after `>` (`Vec::<u8>::new`) it continues one.
            let after_separator = i >= 2 && is_path_sep(&trees[i - 2], &trees[i - 1]);
            let leading = after_separator
                && !matches!(trees.get(i.wrapping_sub(3)), Some(TokenTree::Ident(_)))
                && !matches!(trees.get(i.wrapping_sub(3)), Some(TokenTree::Punct(p)) if p.as_char() == '>');
            let mut segments = vec![ident.to_string()];
            let mut j = i + 1;
            while j + 2 < trees.len() && is_path_sep(&trees[j], &trees[j + 1]) {
                let TokenTree::Ident(next) = &trees[j + 2] else { break };
                segments.push(next.to_string());
                j += 3;
            }
            let is_macro = matches!(trees.get(j), Some(TokenTree::Punct(p)) if p.as_char() == '!');
            let last = segments.last().map_or("", String::as_str);
            if is_macro && FORBIDDEN_MACROS.contains(&last) {
                self.flag(line, format!("makro `{}!` tidak boleh dipakai", segments.join("::")));
            }
            if is_macro && last == "macro_rules" {
                self.flag(line, "`macro_rules!` tidak boleh dipakai".into());
            }
            if leading || (!after_separator && segments.len() > 1) {
                self.check_path(&segments, leading, line);
            }
            i = j;
        }
    }
}

fn is_path_sep(a: &TokenTree, b: &TokenTree) -> bool {
    matches!((a, b), (TokenTree::Punct(x), TokenTree::Punct(y))
        if x.as_char() == ':' && y.as_char() == ':' && x.spacing() == proc_macro2::Spacing::Joint)
}

fn line_of(span: proc_macro2::Span) -> usize {
    span.start().line
}

fn segments_of(path: &syn::Path) -> Vec<String> {
    path.segments.iter().map(|s| s.ident.to_string()).collect()
}

impl<'ast> Visit<'ast> for Walker<'_> {
    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        let leading = item.leading_colon.is_some();
        let mut stack = vec![(Vec::<String>::new(), &item.tree)];
        while let Some((prefix, tree)) = stack.pop() {
            match tree {
                syn::UseTree::Path(p) => {
                    let mut next = prefix.clone();
                    next.push(p.ident.to_string());
                    stack.push((next, &p.tree));
                }
                syn::UseTree::Name(n) => {
                    let mut full = prefix.clone();
                    full.push(n.ident.to_string());
                    self.check_path(&full, leading, line_of(n.ident.span()));
                }
                syn::UseTree::Rename(r) => {
                    let mut full = prefix.clone();
                    full.push(r.ident.to_string());
                    self.check_path(&full, leading, line_of(r.ident.span()));
                }
                syn::UseTree::Glob(g) => {
                    self.check_path(&prefix, leading, line_of(g.star_token.span));
                }
                syn::UseTree::Group(g) => {
                    for tree in &g.items {
                        stack.push((prefix.clone(), tree));
                    }
                }
            }
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let line = path.segments.first().map_or(0, |s| line_of(s.ident.span()));
        if path.segments.len() > 1 || path.leading_colon.is_some() {
            self.check_path(&segments_of(path), path.leading_colon.is_some(), line);
        }
        syn::visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        let name = mac.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
        let line = mac.path.segments.first().map_or(0, |s| line_of(s.ident.span()));
        if FORBIDDEN_MACROS.contains(&name.as_str()) {
            self.flag(line, format!("makro `{name}!` tidak boleh dipakai"));
        }
        self.check_tokens(mac.tokens.clone());
        syn::visit::visit_macro(self, mac);
    }

    fn visit_item_macro(&mut self, item: &'ast syn::ItemMacro) {
        if item.mac.path.is_ident("macro_rules") {
            let line = line_of(item.mac.path.segments[0].ident.span());
            self.flag(line, "`macro_rules!` tidak boleh dipakai".into());
        }
        syn::visit::visit_item_macro(self, item);
    }

    fn visit_attribute(&mut self, attr: &'ast syn::Attribute) {
        let line = attr.path().segments.first().map_or(0, |s| line_of(s.ident.span()));
        let name = attr.path().segments.last().map(|s| s.ident.to_string()).unwrap_or_default();
        let tokens = match &attr.meta {
            syn::Meta::List(list) => list.tokens.to_string(),
            _ => String::new(),
        };
        let hidden = (name == "cfg_attr" || name == "unsafe")
            && FORBIDDEN_ATTRIBUTES
                .iter()
                .any(|a| tokens.split(|c: char| !c.is_alphanumeric() && c != '_').any(|t| t == *a));
        if FORBIDDEN_ATTRIBUTES.contains(&name.as_str()) || hidden {
            self.flag(line, format!("atribut `#[{name}]` tidak boleh dipakai"));
        }
        syn::visit::visit_attribute(self, attr);
    }

    fn visit_expr_unsafe(&mut self, e: &'ast syn::ExprUnsafe) {
        self.flag(line_of(e.unsafe_token.span), "blok `unsafe`".into());
        syn::visit::visit_expr_unsafe(self, e);
    }

    fn visit_signature(&mut self, sig: &'ast syn::Signature) {
        if let Some(token) = &sig.unsafety {
            self.flag(line_of(token.span), "fungsi `unsafe`".into());
        }
        syn::visit::visit_signature(self, sig);
    }

    fn visit_item_impl(&mut self, item: &'ast syn::ItemImpl) {
        if let Some(token) = &item.unsafety {
            self.flag(line_of(token.span), "`unsafe impl`".into());
        }
        syn::visit::visit_item_impl(self, item);
    }

    fn visit_item_trait(&mut self, item: &'ast syn::ItemTrait) {
        if let Some(token) = &item.unsafety {
            self.flag(line_of(token.span), "`unsafe trait`".into());
        }
        syn::visit::visit_item_trait(self, item);
    }

    fn visit_item_foreign_mod(&mut self, item: &'ast syn::ItemForeignMod) {
        self.flag(line_of(item.abi.extern_token.span), "blok `extern`".into());
        syn::visit::visit_item_foreign_mod(self, item);
    }

    fn visit_item_extern_crate(&mut self, item: &'ast syn::ItemExternCrate) {
        let name = item.ident.to_string();
        self.check_path(&[name], true, line_of(item.ident.span()));
        syn::visit::visit_item_extern_crate(self, item);
    }
}

/// Checks the student's `src/` of `lab` in `work` (their lab folder),
/// against the lab's allowlist and the crates its pristine manifest names.
pub fn check_lab(root: &Path, lab: &crate::catalog::Lab, work: &Path) -> Vec<Finding> {
    let crates = lab_crates(&lab.starter_dir(root).join("Cargo.toml"));
    let shown = format!("labs/{}/src", lab.package);
    check_dir(&work.join("src"), &shown, &crates, &lab.allowed_paths)
}

/// The note that keeps a lab's points until an instructor has looked.
pub fn note(lab: &crate::catalog::Lab, findings: &[Finding]) -> Option<String> {
    let (first, rest) = findings.split_first()?;
    let more = if rest.is_empty() { String::new() } else { format!(" (dan {} lagi)", rest.len()) };
    Some(format!("{}: perlu diperiksa, tidak dinilai: {first}{more}", lab.id))
}

/// The names the lab's code may use as crates: its dependencies and its
/// own library (`-` becomes `_`, as in code).
fn lab_crates(manifest: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(manifest).unwrap_or_default();
    let Ok(table) = toml::from_str::<toml::Table>(&text) else { return Vec::new() };
    let mut crates: Vec<String> = table
        .get("dependencies")
        .and_then(toml::Value::as_table)
        .map(|deps| deps.keys().map(|k| k.replace('-', "_")).collect())
        .unwrap_or_default();
    let package = table.get("package").and_then(|p| p.get("name")).and_then(toml::Value::as_str);
    let lib = table.get("lib").and_then(|l| l.get("name")).and_then(toml::Value::as_str);
    crates.extend(lib.or(package).map(|name| name.replace('-', "_")));
    crates
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings(code: &str) -> Vec<String> {
        let crates = vec!["tokio".to_string(), "heapless".to_string()];
        let allowed: Vec<String> =
            ["core", "heapless", "std::io", "tokio::net"].iter().map(|s| s.to_string()).collect();
        check_source(code, "x.rs", &crates, &allowed).iter().map(|f| f.to_string()).collect()
    }

    #[test]
    fn allowed_paths_pass() {
        let code = "use std::io::{self, Write};\nuse core::fmt;\nfn f() { let _ = tokio::net::TcpListener::bind(\"x\"); let v: heapless::Vec<u8, 4> = heapless::Vec::new(); println!(\"{}\", core::cmp::max(1, 2)); }\nmod m { use crate::x; use super::y; }";
        assert_eq!(findings(code), Vec::<String>::new());
    }

    #[test]
    fn every_way_out_is_found_with_its_line() {
        let cases = [
            ("use std::process;", "x.rs:1: `std::process`"),
            ("use std::{io, fs::File};", "x.rs:1: `std::fs::File`"),
            ("fn f() { ::std::process::exit(0); }", "`std::process::exit`"),
            ("fn f() { std::env::var(\"K\"); }", "`std::env::var`"),
            ("fn f() { tokio::process::Command::new(\"sh\"); }", "`tokio::process::Command::new`"),
            ("extern crate std as s;", "`std`"),
            ("fn f() { println!(\"{}\", std::env::args().count()); }", "`std::env::args`"),
            ("fn f() { let _ = include_str !(\"/etc/passwd\"); }", "`include_str!`"),
            ("fn f() { let _ = env!(\"HOME\"); }", "`env!`"),
            ("fn f() { let _ = format!(\"{}\", include_str!(\"x\")); }", "`include_str!`"),
            ("macro_rules! m { () => {} }", "`macro_rules!`"),
            ("#[path = \"/tmp/x.rs\"] mod x;", "`#[path]`"),
            ("#[cfg_attr(all(), path = \"/tmp/x.rs\")] mod x;", "`#[cfg_attr]`"),
            ("fn f() { unsafe { } }", "blok `unsafe`"),
            ("unsafe fn f() {}", "fungsi `unsafe`"),
            ("extern \"C\" { fn abort(); }", "blok `extern`"),
            ("#[unsafe(no_mangle)] fn main() {}", "`#[unsafe]`"),
            ("#[no_mangle] fn main() {}", "`#[no_mangle]`"),
        ];
        for (code, expected) in cases {
            let found = findings(code);
            assert!(found.iter().any(|f| f.contains(expected)), "{code}: {found:?}");
        }
    }

    #[test]
    fn a_path_through_a_local_name_needs_its_import_checked() {
        // `io` comes from a checked `use`; `Command` from an unchecked one.
        assert_eq!(findings("use std::io; fn f() { io::stdout(); }"), Vec::<String>::new());
        assert!(!findings("use std::process::Command; fn f() { Command::new(\"x\"); }").is_empty());
    }
}
