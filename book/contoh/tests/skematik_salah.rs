//! The message of the schematic check (Lab 03, langkah 0), as the Tugas
//! chapter shows it: the reference sketch with the DHT11's DATA wire on D3
//! instead of D2, in both views (the NodeMCU's D2 and D3 swapped), checked
//! by `pinmap::sketch` exactly as the graded test checks a student's.

const SKETCH: &str = include_str!("../../../schematics/rumah-pintar/rumah-pintar.fz");
const NODEMCU: &str =
    include_str!("../../../schematics/rumah-pintar/part.rumahpintar_nodemcu_v2.fzp");
const DHT11: &str =
    include_str!("../../../schematics/rumah-pintar/part.rumahpintar_dht11_modul.fzp");
const DS18B20: &str =
    include_str!("../../../schematics/rumah-pintar/part.rumahpintar_ds18b20_to92.fzp");
const RC522: &str =
    include_str!("../../../schematics/rumah-pintar/part.rumahpintar_rc522_modul.fzp");

#[test]
fn a_wire_on_the_wrong_pin_is_named() {
    let nodemcu = NODEMCU
        .replace("name=\"D2\"", "name=\"@\"")
        .replace("name=\"D3\"", "name=\"D2\"")
        .replace("name=\"@\"", "name=\"D3\"");
    let error = pinmap::sketch::check(SKETCH, &[&nodemcu, DHT11, DS18B20, RC522])
        .expect_err("DHT11 on D3 is not the pin map");
    let message = error.to_string();
    assert!(message.contains("D3 (GPIO0) adalah pin boot"), "{message}");
    uji::book_output::check("skematik-salah", &message);
}
