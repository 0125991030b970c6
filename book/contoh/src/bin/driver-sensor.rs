//! The three driver examples of the Tugas chapter, on the virtual devices:
//! `cargo run -p contoh --bin driver-sensor`.

use contoh::driver;

fn main() {
    println!("DHT11 (dht-sensor), udara 27 °C dan 61 %RH:");
    let [first, too_soon, later] = driver::dht11_three_reads();
    println!("  pembacaan pertama:     {first:?}");
    println!("  langsung sesudahnya:   {too_soon:?}");
    println!("  satu detik kemudian:   {later:?}");

    for celsius in [21.5, -10.125] {
        println!("DS18B20 (onewire), {celsius} °C:");
        match driver::ds18b20_before_and_after(celsius) {
            Some([too_early, done]) => {
                for (when, raw) in
                    [("sebelum konversi selesai", too_early), ("sesudah 750 ms", done)]
                {
                    let sixteenths = raw as i16;
                    println!(
                        "  {when:<25} mentah {raw:#06x} = {sixteenths}/16 °C = {} °C",
                        f64::from(sixteenths) / 16.0
                    );
                }
            }
            None => println!("  sensor tidak terbaca"),
        }
    }

    println!("MFRC522 (mfrc522), kartu DEADBEEF terus ditempelkan, tanpa HLTA:");
    for (n, uid) in driver::mfrc522_four_polls_without_halt().iter().enumerate() {
        let shown = match uid {
            Some(bytes) => bytes.iter().map(|b| format!("{b:02X}")).collect::<String>(),
            None => "tidak ada kartu yang menjawab".to_string(),
        };
        println!("  pencarian {}: {shown}", n + 1);
    }
}
