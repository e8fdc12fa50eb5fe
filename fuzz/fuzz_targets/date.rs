//! The date grammar on any string: a value or an error, never a panic; and every value
//! renders to an expression that parses back to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use whenwhere::date;

fuzz_target!(|input: &str| {
    if let Ok(parsed) = date::parse(input, Some(2021)) {
        let shown = parsed.to_string();
        let year = parsed.when.first_day().format("%Y").to_string().parse().ok();
        assert_eq!(date::parse(&shown, year), Ok(parsed), "{shown:?} from {input:?}");
    }
});
