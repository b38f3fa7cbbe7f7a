use super::*;
use crate::pricing::test_support::*;
use crate::pricing::{EntryPrice, PriceTarget, QuantityRules, TaxClass};

fn including_tax() -> BuyerContext {
    BuyerContext {
        tax_display: TaxDisplay::IncludingTax,
        ..buyer()
    }
}

fn amounts(quote: &PriceQuote) -> [String; 4] {
    [
        quote.line_net.amount.to_string(),
        quote.line_tax.amount.to_string(),
        quote.line_gross.amount.to_string(),
        quote.line_shown.amount.to_string(),
    ]
}

#[test]
fn with_only_a_base_price_the_line_is_base_times_quantity_plus_tax() {
    let q = quote(&variant("4.20", vec![]), &[], &rates(), &buyer(), qty(3)).unwrap();
    assert_eq!(q.unit_net, eur("4.20"));
    assert_eq!(q.unit_gross, eur("4.998"));
    assert_eq!(q.unit_shown, eur("4.20"));
    // 12.60 × 19 % = 2.394 → 2.39.
    assert_eq!(amounts(&q), ["12.60", "2.39", "14.99", "12.60"]);
    assert_eq!(q.price_list_id, None);
    assert_eq!(
        q.explanation,
        [
            PriceStep::Base { amount: dec("4.2") },
            PriceStep::Tax {
                country: "DE".into(),
                class: TaxClass::standard(),
                rate_percent: dec("19"),
                amount: dec("4.998"),
            },
        ]
    );
}

#[test]
fn including_tax_shows_gross_and_excluding_tax_shows_net() {
    let v = variant("4.20", vec![]);
    let net = quote(&v, &[], &rates(), &buyer(), qty(10)).unwrap();
    let gross = quote(&v, &[], &rates(), &including_tax(), qty(10)).unwrap();
    assert_eq!(net.unit_shown, eur("4.20"));
    assert_eq!(amounts(&net), ["42.00", "7.98", "49.98", "42.00"]);
    assert_eq!(gross.unit_shown, eur("4.998"));
    assert_eq!(amounts(&gross), ["42.00", "7.98", "49.98", "49.98"]);
    assert_eq!(gross.tax_display, TaxDisplay::IncludingTax);
}

#[test]
fn the_tax_rate_follows_the_buyers_country_and_the_products_class() {
    let mut v = variant("10", vec![]);
    let nl = BuyerContext {
        country: "nl".into(),
        ..buyer()
    };
    assert_eq!(
        quote(&v, &[], &rates(), &nl, qty(1))
            .unwrap()
            .line_tax
            .amount,
        dec("2.10")
    );
    v.tax_class = TaxClass::parse("reduced").unwrap();
    assert_eq!(
        quote(&v, &[], &rates(), &buyer(), qty(1))
            .unwrap()
            .line_tax
            .amount,
        dec("0.70")
    );
}

#[test]
fn the_line_is_rounded_once_so_it_can_differ_from_the_unit_gross_times_quantity() {
    // 0.1005 × 7 = 0.7035 → 0.70 net; 0.70 × 19 % = 0.133 → 0.13 tax; 0.83 gross.
    // The unit gross 0.119595 × 7 would round to 0.84: the line, not the unit, is what is charged.
    let q = quote(&variant("0.1005", vec![]), &[], &rates(), &buyer(), qty(7)).unwrap();
    assert_eq!(q.unit_gross, eur("0.119595"));
    assert_eq!(amounts(&q), ["0.70", "0.13", "0.83", "0.70"]);
}

#[test]
fn a_percentage_discount_is_reduced_to_six_decimals_half_away_from_zero() {
    // 1.234565 × 50 % = 0.6172825, a midpoint: away from zero gives 0.617283 (banker's rounding would not).
    let lists = [percent_list(1, 10, PriceTarget::Everyone, "50")];
    let q = quote(
        &variant("1.234565", vec![]),
        &lists,
        &rates(),
        &buyer(),
        qty(1),
    )
    .unwrap();
    assert_eq!(q.unit_net, eur("0.617283"));
    // 0.123457 × 90 % = 0.1111113 → 0.111111.
    let lists = [percent_list(1, 10, PriceTarget::Everyone, "10")];
    let q = quote(
        &variant("0.123457", vec![]),
        &lists,
        &rates(),
        &buyer(),
        qty(1),
    )
    .unwrap();
    assert_eq!(q.unit_net, eur("0.111111"));
}

#[test]
fn the_explanation_lists_base_list_tier_and_tax_in_order() {
    let mut list = fixed_list(9, 10, PriceTarget::Company(7), "3.95");
    list.name = "Contract ACME".into();
    list.entries[0].price = EntryPrice::Fixed {
        unit_price: eur("3.95"),
        tiers: vec![tier(100, "3.80"), tier(500, "3.60")],
    };
    let acme = BuyerContext {
        company: Some(7),
        ..buyer()
    };
    let v = variant("4.20", vec![tier(100, "3.90")]);
    let q = quote(&v, &[list], &rates(), &acme, qty(150)).unwrap();
    assert_eq!(
        q.explanation,
        [
            PriceStep::Base {
                amount: dec("4.20")
            },
            PriceStep::PriceList {
                price_list_id: 9,
                name: "Contract ACME".into(),
                amount: dec("3.95"),
            },
            PriceStep::Tier {
                min_quantity: 100,
                amount: dec("3.80"),
            },
            PriceStep::Tax {
                country: "DE".into(),
                class: TaxClass::standard(),
                rate_percent: dec("19"),
                amount: dec("4.522"),
            },
        ]
    );
    assert_eq!(q.unit_net, eur("3.80"));
    assert_eq!(q.price_list_id, Some(9));
}

#[test]
fn a_discount_applies_to_the_base_volume_breaks_and_says_so_in_order() {
    let lists = [percent_list(2, 10, PriceTarget::Everyone, "10")];
    let v = variant("4.20", vec![tier(100, "3.90")]);
    let q = quote(&v, &lists, &rates(), &buyer(), qty(100)).unwrap();
    assert_eq!(
        q.explanation,
        [
            PriceStep::Base {
                amount: dec("4.20")
            },
            PriceStep::Discount {
                price_list_id: 2,
                name: "List 2".into(),
                percent: dec("10"),
                amount: dec("3.78"),
            },
            PriceStep::Tier {
                min_quantity: 100,
                amount: dec("3.51"),
            },
            PriceStep::Tax {
                country: "DE".into(),
                class: TaxClass::standard(),
                rate_percent: dec("19"),
                amount: dec("4.1769"),
            },
        ]
    );
}

#[test]
fn an_unknown_country_names_the_country_field() {
    let finland = BuyerContext {
        country: "FI".into(),
        ..buyer()
    };
    let err = quote(&variant("4.20", vec![]), &[], &rates(), &finland, qty(1)).unwrap_err();
    assert_eq!(err.field, "country");
}

#[test]
fn a_quantity_against_the_rules_is_refused_before_pricing() {
    let mut v = variant("4.20", vec![]);
    v.quantity_rules = QuantityRules::new(50, 25, Some(1000)).unwrap();
    let err = quote(&v, &[], &rates(), &buyer(), qty(60)).unwrap_err();
    assert_eq!(err.field, "quantity");
    assert_eq!(err.message, "must be a multiple of 25 (pack size)");
    assert!(quote(&v, &[], &rates(), &buyer(), qty(75)).is_ok());
}

#[test]
fn a_currency_the_variant_is_not_sold_in_names_the_currency_field() {
    let usd = BuyerContext {
        currency: Currency::parse("USD").unwrap(),
        ..buyer()
    };
    let err = quote(&variant("4.20", vec![]), &[], &rates(), &usd, qty(1)).unwrap_err();
    assert_eq!(err.field, "currency");
}

#[test]
fn currencies_without_cents_or_with_three_decimals_round_to_their_minor_unit() {
    for (code, price, net, tax, gross) in [
        ("JPY", "123.4567", "370", "70", "440"),
        ("KWD", "1.23456", "3.704", "0.704", "4.408"),
    ] {
        let currency = Currency::parse(code).unwrap();
        let mut v = variant("1", vec![]);
        v.base_prices[0].unit_price = UnitPrice::parse(dec(price), currency.clone()).unwrap();
        let b = BuyerContext {
            currency,
            ..buyer()
        };
        let q = quote(&v, &[], &rates(), &b, qty(3)).unwrap();
        assert_eq!(
            [q.line_net.amount, q.line_tax.amount, q.line_gross.amount].map(|d| d.to_string()),
            [net, tax, gross]
        );
    }
}

#[test]
fn the_json_of_a_quote_has_string_decimals() {
    let q = quote(&variant("4.20", vec![]), &[], &rates(), &buyer(), qty(3)).unwrap();
    let json = serde_json::to_value(&q).unwrap();
    assert_eq!(
        json["unit_net"],
        serde_json::json!({"amount": "4.2", "currency": "EUR"})
    );
    assert_eq!(
        json["line_tax"],
        serde_json::json!({"amount": "2.39", "currency": "EUR"})
    );
    assert_eq!(json["line_gross"]["amount"], "14.99");
    assert_eq!(json["quantity"], 3);
    assert_eq!(json["tax_display"], "excluding_tax");
    assert_eq!(
        json["explanation"][1],
        serde_json::json!({"step": "tax", "country": "DE", "class": "standard", "rate_percent": "19", "amount": "4.998"})
    );
    let back: PriceQuote = serde_json::from_value(json).unwrap();
    assert_eq!(back, q);
}
