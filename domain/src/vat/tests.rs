use super::*;
use crate::TaxRate;
use std::str::FromStr;

fn rates() -> TaxRates {
    let rate = |country: &str, percent: &str| TaxRate {
        class: TaxClass::standard(),
        country: country.into(),
        rate_percent: Decimal::from_str(percent).unwrap(),
    };
    TaxRates::new(vec![rate("DE", "19"), rate("AT", "20"), rate("CH", "8.1")]).unwrap()
}

fn id(text: &str) -> VatId {
    VatId::parse(text).unwrap()
}

#[test]
fn vat_numbers_are_checked_against_their_member_states_format() {
    assert_eq!(id("DE 123 456 789").as_str(), "DE123456789");
    assert_eq!(id("atu12345678").country(), "AT");
    assert_eq!(id("NL123456789B01").country(), "NL");
    assert_eq!(id("EL123456789").country(), "GR");
    assert_eq!(id("FR12345678901").country(), "FR");
    assert_eq!(id("ESX1234567X").country(), "ES");
    for bad in [
        "",
        "DE",
        "DE12345678",
        "DE1234567890",
        "AT12345678",
        "GR123456789",
        "CHE123456789",
        "US123456789",
        "NL123456789A01",
        "DE12345678<",
        "ÄÖ123456789",
    ] {
        assert_eq!(VatId::parse(bad).unwrap_err().field, "vat_id", "{bad}");
    }
}

#[test]
fn a_delivery_at_home_is_taxed_at_home() {
    let t = TaxTreatment::for_delivery("DE", "de", Some(&id("DE123456789"))).unwrap();
    assert_eq!(
        t,
        TaxTreatment::Charged {
            country: "DE".into()
        }
    );
    assert_eq!(
        t.rate_percent(&rates(), &TaxClass::standard()).unwrap(),
        Decimal::from(19)
    );
    assert_eq!(t.note(), None);
    // Liechtenstein shares Switzerland's VAT.
    assert_eq!(
        TaxTreatment::for_delivery("CH", "LI", None).unwrap(),
        TaxTreatment::Charged {
            country: "CH".into()
        }
    );
}

#[test]
fn a_business_in_another_member_state_is_reverse_charged() {
    let t = TaxTreatment::for_delivery("DE", "AT", Some(&id("ATU12345678"))).unwrap();
    assert_eq!(t, TaxTreatment::ReverseCharge);
    assert_eq!(
        t.rate_percent(&rates(), &TaxClass::standard()).unwrap(),
        Decimal::ZERO
    );
    assert!(t.note().unwrap().contains("Reverse charge"));
    // A business whose number is of the seller's own state does not escape the destination's VAT.
    assert_eq!(
        TaxTreatment::for_delivery("DE", "AT", Some(&id("DE123456789"))).unwrap(),
        TaxTreatment::Charged {
            country: "AT".into()
        }
    );
}

#[test]
fn a_consumer_in_another_member_state_pays_that_states_rate() {
    let t = TaxTreatment::for_delivery("DE", "AT", None).unwrap();
    assert_eq!(
        t.rate_percent(&rates(), &TaxClass::standard()).unwrap(),
        Decimal::from(20)
    );
    // A member state without rates stops the sale instead of under-charging.
    let fr = TaxTreatment::for_delivery("DE", "FR", None).unwrap();
    assert_eq!(
        fr.rate_percent(&rates(), &TaxClass::standard())
            .unwrap_err()
            .field,
        "country"
    );
}

#[test]
fn goods_leaving_the_vat_area_are_exports() {
    for (from, to) in [("CH", "DE"), ("DE", "CH"), ("DE", "US"), ("CH", "AT")] {
        let t = TaxTreatment::for_delivery(from, to, None).unwrap();
        assert_eq!(t, TaxTreatment::Export, "{from} → {to}");
        assert_eq!(
            t.rate_percent(&rates(), &TaxClass::standard()).unwrap(),
            Decimal::ZERO
        );
        assert!(t.note().unwrap().starts_with("Export"));
    }
    assert_eq!(
        TaxTreatment::for_delivery("CH", "Germany", None)
            .unwrap_err()
            .field,
        "country"
    );
}
