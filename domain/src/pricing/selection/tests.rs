use super::*;
use crate::pricing::test_support::*;
use crate::pricing::{PriceQuote, TaxDisplay, quote};
use crate::{Currency, UnitPrice};

fn price(lists: &[PriceList], buyer: &BuyerContext, quantity: u32) -> PriceQuote {
    quote(
        &variant("4.20", vec![]),
        lists,
        &rates(),
        buyer,
        qty(quantity),
    )
    .unwrap()
}

fn member(group: i64, company: i64) -> BuyerContext {
    BuyerContext {
        customer_group: Some(group),
        company: Some(company),
        ..buyer()
    }
}

#[test]
fn without_lists_the_base_price_applies() {
    let q = price(&[], &buyer(), 1);
    assert_eq!(q.unit_net, eur("4.20"));
    assert_eq!(q.price_list_id, None);
}

#[test]
fn a_company_list_beats_a_group_list_of_the_same_priority() {
    let lists = [
        fixed_list(1, 10, PriceTarget::CustomerGroup(3), "3.50"),
        fixed_list(2, 10, PriceTarget::Company(7), "3.80"),
    ];
    let q = price(&lists, &member(3, 7), 1);
    assert_eq!(q.price_list_id, Some(2));
    assert_eq!(q.unit_net, eur("3.80"));
}

#[test]
fn a_group_list_beats_a_list_for_everyone_of_the_same_priority() {
    let lists = [
        fixed_list(1, 10, PriceTarget::Everyone, "3.00"),
        fixed_list(2, 10, PriceTarget::CustomerGroup(3), "3.80"),
    ];
    assert_eq!(price(&lists, &member(3, 7), 1).price_list_id, Some(2));
}

#[test]
fn a_higher_priority_wins_even_when_it_is_dearer() {
    let lists = [
        fixed_list(1, 10, PriceTarget::Company(7), "3.00"),
        fixed_list(2, 20, PriceTarget::Everyone, "4.50"),
    ];
    let q = price(&lists, &member(3, 7), 1);
    assert_eq!(q.price_list_id, Some(2));
    assert_eq!(q.unit_net, eur("4.50"));
}

#[test]
fn an_expired_list_is_ignored() {
    let mut list = fixed_list(1, 10, PriceTarget::Everyone, "3.00");
    list.valid_until = Some(NOW);
    assert_eq!(
        price(std::slice::from_ref(&list), &buyer(), 1).price_list_id,
        None
    );
    list.valid_until = Some(NOW + 1);
    assert_eq!(price(&[list], &buyer(), 1).price_list_id, Some(1));
}

#[test]
fn a_list_that_is_not_yet_valid_is_ignored() {
    let mut list = fixed_list(1, 10, PriceTarget::Everyone, "3.00");
    list.valid_from = Some(NOW + 1);
    assert_eq!(
        price(std::slice::from_ref(&list), &buyer(), 1).price_list_id,
        None
    );
    list.valid_from = Some(NOW);
    assert_eq!(price(&[list], &buyer(), 1).price_list_id, Some(1));
}

#[test]
fn a_list_in_another_currency_is_ignored() {
    let usd = Currency::parse("USD").unwrap();
    let mut list = fixed_list(1, 10, PriceTarget::Everyone, "3.00");
    list.currency = usd.clone();
    list.entries[0].price = EntryPrice::Fixed {
        unit_price: UnitPrice::parse(3.into(), usd).unwrap(),
        tiers: vec![],
    };
    assert_eq!(price(&[list], &buyer(), 1).unit_net, eur("4.20"));
}

#[test]
fn a_list_for_another_group_another_company_or_nobody_is_ignored() {
    let mut nobody = fixed_list(3, 10, PriceTarget::Everyone, "1.00");
    nobody.targets.clear();
    let lists = [
        fixed_list(1, 10, PriceTarget::CustomerGroup(4), "1.00"),
        fixed_list(2, 10, PriceTarget::Company(8), "1.00"),
        nobody,
    ];
    assert_eq!(price(&lists, &member(3, 7), 1).price_list_id, None);
    assert_eq!(price(&lists, &buyer(), 1).price_list_id, None);
}

#[test]
fn a_list_without_the_variant_does_not_hide_a_lower_priority_list() {
    let mut other = fixed_list(1, 20, PriceTarget::Everyone, "1.00");
    other.entries[0].variant_id = VARIANT + 1;
    let lists = [other, fixed_list(2, 10, PriceTarget::Everyone, "3.00")];
    assert_eq!(price(&lists, &buyer(), 1).price_list_id, Some(2));
}

#[test]
fn at_equal_priority_and_target_the_lower_price_wins_then_the_lower_id() {
    let cheaper = [
        fixed_list(1, 10, PriceTarget::Everyone, "3.90"),
        fixed_list(2, 10, PriceTarget::Everyone, "3.80"),
    ];
    assert_eq!(price(&cheaper, &buyer(), 1).price_list_id, Some(2));
    let same = [
        fixed_list(5, 10, PriceTarget::Everyone, "3.80"),
        fixed_list(4, 10, PriceTarget::Everyone, "3.80"),
    ];
    assert_eq!(price(&same, &buyer(), 1).price_list_id, Some(4));
}

#[test]
fn the_lower_price_tie_break_is_taken_at_the_quantity_asked_for() {
    let mut volume = fixed_list(1, 10, PriceTarget::Everyone, "4.00");
    volume.entries[0].price = EntryPrice::Fixed {
        unit_price: eur("4.00"),
        tiers: vec![tier(100, "3.00")],
    };
    let lists = [volume, fixed_list(2, 10, PriceTarget::Everyone, "3.50")];
    assert_eq!(price(&lists, &buyer(), 99).price_list_id, Some(2));
    assert_eq!(price(&lists, &buyer(), 100).price_list_id, Some(1));
}

#[test]
fn a_fixed_list_replaces_the_base_price_volume_breaks() {
    let v = variant("4.20", vec![tier(100, "3.00")]);
    let lists = [fixed_list(1, 10, PriceTarget::Everyone, "3.95")];
    let q = quote(&v, &lists, &rates(), &buyer(), qty(200)).unwrap();
    assert_eq!(q.unit_net, eur("3.95"));
}

#[test]
fn a_broken_list_that_would_decide_the_price_stops_the_sale_but_one_that_would_not_is_ignored() {
    let mut broken = fixed_list(1, 10, PriceTarget::CustomerGroup(3), "1.00");
    broken.entries[0].price = EntryPrice::Fixed {
        unit_price: eur("1.00"),
        tiers: vec![tier(10, "2.00")],
    };
    let lists = [broken];
    let err = quote(
        &variant("4.20", vec![]),
        &lists,
        &rates(),
        &member(3, 7),
        qty(1),
    );
    assert_eq!(err.unwrap_err().field, "tiers");
    assert_eq!(price(&lists, &buyer(), 1).price_list_id, None);
}

#[test]
fn the_buyer_context_travels_as_json() {
    let json = serde_json::to_string(&member(3, 7)).unwrap();
    assert_eq!(
        json,
        r#"{"currency":"EUR","country":"DE","customer_group":3,"company":7,"now_ms":1700000000000,"tax_display":"excluding_tax"}"#
    );
    let back: BuyerContext = serde_json::from_str(&json).unwrap();
    assert_eq!(back.tax_display, TaxDisplay::ExcludingTax);
}
