//! The book's pin table (appendix "Perangkat Virtual") says exactly what
//! the pin map says.

#[test]
fn the_books_pin_table_matches_the_pin_map() {
    let chapter = include_str!("../../../book/src/91-perangkat-virtual.md");
    let rows: Vec<Vec<String>> = chapter
        .lines()
        .skip_while(|l| !l.starts_with("| Komponen | Pin komponen"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| l.trim_matches('|').split('|').map(|cell| cell.trim().to_string()).collect())
        .collect();
    let expected: Vec<Vec<String>> = pinmap::CONNECTIONS
        .iter()
        .map(|(part, part_pin, pin)| {
            let gpio = pin.gpio.map_or("-".to_string(), |n| format!("GPIO{n}"));
            vec![part.to_string(), part_pin.to_string(), pin.label.to_string(), gpio]
        })
        .collect();
    assert_eq!(rows, expected, "update the table in book/src/91-perangkat-virtual.md");
}
