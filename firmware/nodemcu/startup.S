/*
 * Where the ESP8266 starts running our code.
 *
 * The boot ROM reads the image header from flash, copies the IRAM and DRAM
 * segments to their addresses and calls `_start` (the image's entry point)
 * with the call0 ABI: arguments in a2..a7, return address in a0, stack
 * pointer in a1. Before Rust can run we need: a stack of our own, `.bss`
 * zeroed (the ROM loads `.data` in place but knows nothing of `.bss`), and
 * the flash cache on, because all other code lives in flash.
 *
 * Built twice (see firmware/rakit): for the board, and with -DQEMU for
 * QEMU's lx106 simulator, which has memory at the same addresses but no ROM
 * and no flash cache, and adds the semihosting calls below.
 */

// ANCHOR: start
    .section .iram.startup, "ax"
    .global _start
    .type _start, @function
    .align 4
_start:
    movi    a1, _stack_top          /* our stack, at the top of our DRAM */

#ifndef QEMU
    /* Map flash at 0x40200000 through the cache, so that code linked at
       0x40210000 (flash offset 0x10000) runs: Cache_Read_Enable(0, 0, 1)
       from the ROM. It must be called from IRAM, as here. */
    movi    a2, 0
    movi    a3, 0
    movi    a4, 1
    movi    a0, Cache_Read_Enable
    callx0  a0
#endif

    /* Zero .bss, one word at a time (the linker script aligns both ends). */
    movi    a2, _bss_start
    movi    a3, _bss_end
    movi    a4, 0
1:  bgeu    a2, a3, 2f
    s32i    a4, a2, 0
    addi    a2, a2, 4
    j       1b
2:
    movi    a0, rust_main           /* never returns */
    callx0  a0
3:  j       3b
    .size _start, . - _start
// ANCHOR_END: start

// ANCHOR: semihosting
#ifdef QEMU
/*
 * Semihosting: QEMU carries out a `simcall` with the call number in a2 and
 * the arguments in a3..a5; the result comes back in a2.
 */
    .global semihosting_write       /* (fd, data, len) -> written or -1 */
    .type semihosting_write, @function
    .align 4
semihosting_write:
    mov     a5, a4
    mov     a4, a3
    mov     a3, a2
    movi    a2, 4                   /* SYS_write */
    simcall
    ret
    .size semihosting_write, . - semihosting_write

    .global semihosting_exit        /* (status) -> never returns */
    .type semihosting_exit, @function
    .align 4
semihosting_exit:
    mov     a3, a2
    movi    a2, 1                   /* SYS_exit */
    simcall
4:  j       4b
    .size semihosting_exit, . - semihosting_exit
#endif
// ANCHOR_END: semihosting

/* No executable stack needed (tells the linker so). */
    .section .note.GNU-stack, "", @progbits
