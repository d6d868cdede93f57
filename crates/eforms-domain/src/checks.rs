//! Check digits of Hungarian identifiers: the personal tax id (adóazonosító jel), the
//! company tax number (adószám) and bank account numbers (GIRO, and IBAN with mod-97).

use super::dates::{Date, TAX_ID_EPOCH};

fn digits_of(text: &str) -> Option<Vec<u32>> {
    text.chars().map(|c| c.to_digit(10)).collect()
}

/// Removes the separators people type into numbers (spaces and hyphens).
pub fn strip_separators(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckError {
    /// Wrong length or not digits.
    Malformed,
    /// The digits are well-formed but the check digit does not match.
    CheckDigit,
}

/// A valid personal tax id: 10 digits, the first 8, digits 2–6 the days from 1867-01-01 to
/// the birth date, the 10th `Σ dᵢ·i (i = 1..9) mod 11` (a remainder of 10 is never issued).
/// Answers the birth date it encodes.
pub fn check_tax_id(text: &str) -> Result<Date, CheckError> {
    let text = strip_separators(text);
    let d = digits_of(&text).ok_or(CheckError::Malformed)?;
    if d.len() != 10 || d[0] != 8 {
        return Err(CheckError::Malformed);
    }
    let sum: u32 = d[..9].iter().zip(1..).map(|(d, i)| d * i).sum();
    if sum % 11 == 10 || sum % 11 != d[9] {
        return Err(CheckError::CheckDigit);
    }
    let days = d[1..6].iter().fold(0i64, |acc, d| acc * 10 + i64::from(*d));
    Ok(Date::from_days_since_unix_epoch(
        TAX_ID_EPOCH.days_since_unix_epoch() + days,
    ))
}

/// The check digit completing the first nine digits of a tax id, if one exists.
pub fn tax_id_check_digit(first_nine: &[u32; 9]) -> Option<u32> {
    let sum: u32 = first_nine.iter().zip(1..).map(|(d, i)| d * i).sum();
    (sum % 11 != 10).then_some(sum % 11)
}

const TAX_NUMBER_WEIGHTS: [u32; 7] = [9, 7, 3, 1, 9, 7, 3];

/// The 8th digit of a company tax number from its first seven: `(10 − Σ dᵢ·wᵢ mod 10) mod 10`.
pub fn tax_number_check_digit(first_seven: &[u32; 7]) -> u32 {
    let sum: u32 = first_seven
        .iter()
        .zip(TAX_NUMBER_WEIGHTS)
        .map(|(d, w)| d * w)
        .sum();
    (10 - sum % 10) % 10
}

/// A valid company tax number `12345678-1-12` (hyphens optional): the 8-digit base with its
/// check digit, the VAT code 1–5 and a tax-authority area code (02–44 or 51).
pub fn check_tax_number(text: &str) -> Result<(), CheckError> {
    let compact = strip_separators(text);
    let d = digits_of(&compact).ok_or(CheckError::Malformed)?;
    if d.len() != 11 {
        return Err(CheckError::Malformed);
    }
    let area = d[9] * 10 + d[10];
    if !(1..=5).contains(&d[8]) || !((2..=44).contains(&area) || area == 51) {
        return Err(CheckError::Malformed);
    }
    let first_seven: [u32; 7] = [d[0], d[1], d[2], d[3], d[4], d[5], d[6]];
    if tax_number_check_digit(&first_seven) != d[7] {
        return Err(CheckError::CheckDigit);
    }
    Ok(())
}

/// Whether a group of GIRO digits has a valid check digit: weights 9,7,3,1 repeating,
/// the weighted sum divisible by 10.
fn giro_group_valid(digits: &[u32]) -> bool {
    let sum: u32 = digits
        .iter()
        .zip([9, 7, 3, 1].iter().cycle())
        .map(|(d, w)| d * w)
        .sum();
    sum.is_multiple_of(10)
}

/// A Hungarian bank account: 16 or 24 digits (the bank's 8-digit group and the account's
/// 8 or 16 digits, each group with its own check digit), or an IBAN `HUkk` + 24 digits.
pub fn check_bank_account(text: &str) -> Result<(), CheckError> {
    let compact = strip_separators(text).to_ascii_uppercase();
    if let Some(rest) = compact.strip_prefix("HU") {
        if rest.len() != 26 {
            return Err(CheckError::Malformed);
        }
        check_iban(&compact)?;
        return check_bank_account(&rest[2..]);
    }
    let d = digits_of(&compact).ok_or(CheckError::Malformed)?;
    if d.len() != 16 && d.len() != 24 {
        return Err(CheckError::Malformed);
    }
    if giro_group_valid(&d[..8]) && giro_group_valid(&d[8..]) {
        Ok(())
    } else {
        Err(CheckError::CheckDigit)
    }
}

/// ISO 13616 check: the country and check digits moved to the end, letters as 10–35, the
/// number mod 97 must be 1.
pub fn check_iban(compact: &str) -> Result<(), CheckError> {
    if compact.len() < 5 || !compact.is_ascii() {
        return Err(CheckError::Malformed);
    }
    let (head, tail) = compact.split_at(4);
    let mut remainder: u32 = 0;
    for c in tail.chars().chain(head.chars()) {
        let value = c.to_digit(36).ok_or(CheckError::Malformed)?;
        remainder = if value >= 10 {
            (remainder * 100 + value) % 97
        } else {
            (remainder * 10 + value) % 97
        };
    }
    if remainder == 1 {
        Ok(())
    } else {
        Err(CheckError::CheckDigit)
    }
}

/// The IBAN check digits for a Hungarian domestic account of 24 digits.
pub fn hungarian_iban(domestic24: &str) -> Option<String> {
    let digits = strip_separators(domestic24);
    if digits.len() != 24 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // The check digits make the whole number ≡ 1 (mod 97): 98 − (number with "00") mod 97.
    let probe = format!("HU00{digits}");
    let (head, tail) = probe.split_at(4);
    let mut remainder: u32 = 0;
    for c in tail.chars().chain(head.chars()) {
        let value = c.to_digit(36)?;
        remainder = if value >= 10 {
            (remainder * 100 + value) % 97
        } else {
            (remainder * 10 + value) % 97
        };
    }
    Some(format!("HU{:02}{digits}", 98 - remainder))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn tax_ids_known_good_and_bad() {
        // Born 1980-01-01: 41 272 days after 1867-01-01; digits 8 41272 000 and
        // Σ dᵢ·i = 8·1 + 4·2 + 1·3 + 2·4 + 7·5 + 2·6 = 74, 74 mod 11 = 8.
        assert_eq!(
            check_tax_id("8412720008"),
            Ok(Date::new(1980, 1, 1).unwrap())
        );
        assert_eq!(
            check_tax_id("84127 20008"),
            Ok(Date::new(1980, 1, 1).unwrap())
        );
        // 1867-01-02 is day 1: 8 00001 123 → 8·1 + 1·6 + 1·7 + 2·8 + 3·9 = 64, 64 mod 11 = 9.
        assert_eq!(
            check_tax_id("8000011239"),
            Ok(Date::new(1867, 1, 2).unwrap())
        );
        assert_eq!(check_tax_id("8412720007"), Err(CheckError::CheckDigit));
        assert_eq!(check_tax_id("8412720018"), Err(CheckError::CheckDigit));
        assert_eq!(check_tax_id("7412720008"), Err(CheckError::Malformed));
        assert_eq!(check_tax_id("841272000"), Err(CheckError::Malformed));
        assert_eq!(check_tax_id("84127200a8"), Err(CheckError::Malformed));
        // 8 41272 005: Σ = 74 + 5·9 = 119, 119 mod 11 = 9 → 8412720059; 8 41272 001: Σ = 83 ≡ 6.
        assert_eq!(check_tax_id("8412720059").map(|_| ()), Ok(()));
        assert_eq!(check_tax_id("8412720016").map(|_| ()), Ok(()));
        // 8 41272 002: Σ = 74 + 18 = 92 ≡ 4; 8 41272 012: Σ = 74 + 8 + 18 = 100 ≡ 1.
        assert_eq!(check_tax_id("8412720024").map(|_| ()), Ok(()));
        assert_eq!(check_tax_id("8412720121").map(|_| ()), Ok(()));
        // 8 41272 030 → Σ = 74 + 3·8 = 98, 98 mod 11 = 10: no valid check digit exists.
        assert_eq!(tax_id_check_digit(&[8, 4, 1, 2, 7, 2, 0, 3, 0]), None);
        for last in 0..=9 {
            assert_eq!(
                check_tax_id(&format!("841272030{last}")),
                Err(CheckError::CheckDigit)
            );
        }
    }

    #[test]
    fn company_tax_numbers_known_good_and_bad() {
        // Magyar Telekom Nyrt. and MOL Nyrt., as published in the company register.
        assert_eq!(check_tax_number("10773381-2-44"), Ok(()));
        assert_eq!(check_tax_number("10625790-4-44"), Ok(()));
        assert_eq!(check_tax_number("10773381244"), Ok(()));
        assert_eq!(
            check_tax_number("10773382-2-44"),
            Err(CheckError::CheckDigit)
        );
        assert_eq!(
            check_tax_number("10773381-6-44"),
            Err(CheckError::Malformed)
        );
        assert_eq!(
            check_tax_number("10773381-2-00"),
            Err(CheckError::Malformed)
        );
        assert_eq!(check_tax_number("10773381-2-4"), Err(CheckError::Malformed));
        // 1·9 + 0 + 7·3 + 7·1 + 3·9 + 3·7 + 8·3 = 109 → (10 − 9) mod 10 = 1.
        assert_eq!(tax_number_check_digit(&[1, 0, 7, 7, 3, 3, 8]), 1);
    }

    #[test]
    fn bank_accounts_known_good_and_bad() {
        // 1·9+1·7+7·3+7·1+3·9+0·7+1·3+6·1 = 80; 1·9+1·7+1·3+1·1+1·9+0·7+1·3+8·1 = 40.
        assert_eq!(check_bank_account("11773016-11111018"), Ok(()));
        assert_eq!(check_bank_account("11773016-11111018-00000000"), Ok(()));
        assert_eq!(check_bank_account("11773016 11111018 00000000"), Ok(()));
        assert_eq!(
            check_bank_account("11773017-11111018"),
            Err(CheckError::CheckDigit)
        );
        assert_eq!(
            check_bank_account("11773016-11111019-00000000"),
            Err(CheckError::CheckDigit)
        );
        assert_eq!(
            check_bank_account("11773016-1111101"),
            Err(CheckError::Malformed)
        );
        // The example IBAN of the IBAN registry for Hungary.
        assert_eq!(
            check_bank_account("HU42 1177 3016 1111 1018 0000 0000"),
            Ok(())
        );
        assert_eq!(
            check_bank_account("HU43 1177 3016 1111 1018 0000 0000"),
            Err(CheckError::CheckDigit)
        );
        assert_eq!(
            hungarian_iban("117730161111101800000000").as_deref(),
            Some("HU42117730161111101800000000")
        );
    }

    fn valid_tax_id() -> impl Strategy<Value = String> {
        (0u32..=99_999, 0u32..=999).prop_filter_map("no check digit exists", |(days, serial)| {
            let text = format!("8{days:05}{serial:03}");
            let d: Vec<u32> = text.chars().filter_map(|c| c.to_digit(10)).collect();
            let nine: [u32; 9] = d.try_into().ok()?;
            tax_id_check_digit(&nine).map(|c| format!("{text}{c}"))
        })
    }

    fn mutate_digit(text: &str, at: usize, by: u32) -> String {
        text.chars()
            .enumerate()
            .map(|(i, c)| match (i == at, c.to_digit(10)) {
                (true, Some(d)) => char::from_digit((d + by) % 10, 10).unwrap_or(c),
                _ => c,
            })
            .collect()
    }

    proptest! {
        #[test]
        fn a_generated_tax_id_is_valid_and_any_one_digit_change_is_caught(
            id in valid_tax_id(), at in 1usize..10, by in 1u32..10
        ) {
            prop_assert!(check_tax_id(&id).is_ok());
            // Weights 1..9 are all invertible mod 11, so one changed digit always shows.
            prop_assert!(check_tax_id(&mutate_digit(&id, at, by)).is_err());
        }

        #[test]
        fn the_tax_id_encodes_the_birth_date(days in 0u32..=99_999, serial in 0u32..=999) {
            let text = format!("8{days:05}{serial:03}");
            let d: Vec<u32> = text.chars().filter_map(|c| c.to_digit(10)).collect();
            let nine: [u32; 9] = d.try_into().unwrap();
            if let Some(c) = tax_id_check_digit(&nine) {
                let born = check_tax_id(&format!("{text}{c}")).unwrap();
                prop_assert_eq!(TAX_ID_EPOCH.days_until(born), i64::from(days));
            }
        }

        #[test]
        fn a_generated_tax_number_is_valid_and_a_changed_base_digit_is_caught(
            base in proptest::array::uniform7(0u32..10), vat in 1u32..=5,
            area in prop_oneof![2u32..=44, Just(51)], at in 0usize..8, by in 1u32..10
        ) {
            let check = tax_number_check_digit(&base);
            let base: String = base.iter().map(|d| char::from_digit(*d, 10).unwrap()).collect();
            let number = format!("{base}{check}-{vat}-{area:02}");
            prop_assert_eq!(check_tax_number(&number), Ok(()));
            // Weights 9,7,3,1 are odd and not 5: changing one digit changes the sum mod 10.
            prop_assert_eq!(check_tax_number(&mutate_digit(&number, at, by)), Err(CheckError::CheckDigit));
        }

        #[test]
        fn a_generated_iban_is_valid_and_a_changed_digit_is_caught(
            groups in proptest::collection::vec(0u32..10, 24), at in 4usize..28, by in 1u32..10
        ) {
            let domestic: String = groups.iter().map(|d| char::from_digit(*d, 10).unwrap()).collect();
            let iban = hungarian_iban(&domestic).unwrap();
            prop_assert_eq!(check_iban(&iban), Ok(()));
            prop_assert!(check_iban(&mutate_digit(&iban, at, by)).is_err());
        }
    }
}
