//! Thai dictionary order (ICU collation, locale `th`), not code-point order: leading vowels
//! เ แ โ ใ ไ sort by the consonant that follows them.

use std::cmp::Ordering;
use std::sync::LazyLock;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use icu_locale_core::locale;

static THAI: LazyLock<Option<CollatorBorrowed<'static>>> =
    LazyLock::new(|| Collator::try_new(locale!("th").into(), CollatorOptions::default()).ok());

/// Compares two strings in Thai dictionary order (falls back to code points only if the
/// compiled ICU data were missing, which the tests rule out).
pub fn thai_cmp(a: &str, b: &str) -> Ordering {
    match THAI.as_ref() {
        Some(c) => c.compare(a, b),
        None => a.cmp(b),
    }
}

/// Sorts `items` in Thai dictionary order of the key.
pub fn sort_thai_by<T>(items: &mut [T], key: impl Fn(&T) -> &str) {
    items.sort_by(|a, b| thai_cmp(key(a), key(b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collator_data_is_present() {
        assert!(THAI.is_some());
    }

    #[test]
    fn leading_vowels_sort_by_their_consonant() {
        // Code-point order would put เขต after ฮ; Thai order puts it among the ข words.
        let mut words = vec!["ฮ่องกง", "เขต", "กาฬสินธุ์", "ขอนแก่น", "แพร่", "ปทุมธานี"];
        sort_thai_by(&mut words, |w| w);
        assert_eq!(words, ["กาฬสินธุ์", "ขอนแก่น", "เขต", "ปทุมธานี", "แพร่", "ฮ่องกง"]);
    }

    #[test]
    fn province_names_sort_as_in_a_thai_dictionary() {
        let mut names = vec!["ร้อยเอ็ด", "มหาสารคาม", "ขอนแก่น", "กาฬสินธุ์"];
        sort_thai_by(&mut names, |w| w);
        assert_eq!(names, ["กาฬสินธุ์", "ขอนแก่น", "มหาสารคาม", "ร้อยเอ็ด"]);
    }
}
