//! The fix for a bug in LLVM 22's Xtensa assembly printer.
//!
//! Xtensa code loads constants and far call targets with `l32r`, which reads
//! a word from a *literal pool* placed before the code. LLVM 22 prints each
//! function's pool (a `.literal_position` line and its `.literal` lines)
//! before switching to that function's section, so the pool lands, without
//! alignment, in the previous function's section, and linking fails with
//! `dangerous relocation: l32r: misaligned literal target`. (Fixed upstream
//! in LLVM, llvm-project issue 190204, but not in the rustc we have.)
//!
//! The fix moves every pool to just after the section directives that
//! follow it, that is into its own function's section, where the assembler
//! places it in the matching `.literal.*` section, aligned.
//!
//! ```text
//! before                          after
//!     .literal_position               .section .text.a,"ax",@progbits
//!     .literal .LCPI1_0, f            .section .text.b,"ax",@progbits
//!     .section .text.a,...            .literal_position
//!     .section .text.b,...            .literal .LCPI1_0, f
//!     .p2align 2                      .p2align 2
//! b:                              b:
//! ```

// ANCHOR: fix
/// Moves each literal pool after the run of `.section` lines that follows it.
pub fn fix(asm: &str) -> String {
    let mut out = String::with_capacity(asm.len() + 64);
    let mut pool: Vec<&str> = Vec::new();
    let mut after_section = false;
    for line in asm.lines() {
        let directive = line.trim_start();
        if directive.starts_with(".literal_position") || directive.starts_with(".literal ") {
            pool.push(line);
            continue;
        }
        let is_section = directive.starts_with(".section");
        if after_section && !is_section {
            // The last section directive is the pool's own function's.
            for pooled in pool.drain(..) {
                out.push_str(pooled);
                out.push('\n');
            }
        }
        after_section = is_section;
        out.push_str(line);
        out.push('\n');
    }
    // A pool at the very end (no function follows) stays where it was.
    for pooled in pool {
        out.push_str(pooled);
        out.push('\n');
    }
    out
}
// ANCHOR_END: fix

#[cfg(test)]
mod tests {
    use super::fix;

    #[test]
    fn the_pool_moves_into_its_functions_section() {
        let before = "\t.literal_position\n\t.literal .LCPI1_0, f\n\t.section\t.text.a,\"ax\",@progbits\n\t.section\t.text.b,\"ax\",@progbits\n\t.p2align\t2\nb:\n\tl32r a2, .LCPI1_0\n";
        let after = "\t.section\t.text.a,\"ax\",@progbits\n\t.section\t.text.b,\"ax\",@progbits\n\t.literal_position\n\t.literal .LCPI1_0, f\n\t.p2align\t2\nb:\n\tl32r a2, .LCPI1_0\n";
        assert_eq!(fix(before), after);
    }

    #[test]
    fn code_without_pools_is_unchanged() {
        let asm = "\t.section\t.text.a,\"ax\",@progbits\na:\n\tret\n\t.section\t.text.b,\"ax\",@progbits\nb:\n\tret\n";
        assert_eq!(fix(asm), asm);
    }

    #[test]
    fn every_pool_line_is_kept_once() {
        let asm = "\t.literal_position\n\t.literal .L0, x\n\t.section .text.a\na:\n\t.literal_position\n\t.literal .L1, y\n\t.literal .L2, z\n\t.section .text.b\nb:\n";
        let fixed = fix(asm);
        let mut before: Vec<&str> = asm.lines().collect();
        let mut after: Vec<&str> = fixed.lines().collect();
        before.sort();
        after.sort();
        assert_eq!(before, after);
        assert!(fixed.find(".L1, y").unwrap() > fixed.find(".section .text.b").unwrap());
    }
}
