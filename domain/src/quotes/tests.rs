use rust_decimal::Decimal;

use super::*;

#[test]
fn exactly_the_documented_steps_are_allowed() {
    use QuoteStatus::*;
    let allowed = [
        (Requested, Answered),
        (Requested, Declined),
        (Answered, Answered),
        (Answered, Requested),
        (Answered, Accepted),
        (Answered, Declined),
        (Answered, Expired),
    ];
    for from in QuoteStatus::ALL {
        for to in QuoteStatus::ALL {
            let expected = allowed.contains(&(from, to));
            assert_eq!(from.can_become(to), expected, "{from:?} -> {to:?}");
            assert_eq!(from.transition(to).is_ok(), expected);
        }
        assert_eq!(QuoteStatus::parse(from.as_str()).unwrap(), from);
    }
    assert_eq!(
        Expired.transition(Accepted).unwrap_err().message,
        "a quote that is expired cannot become accepted"
    );
    assert!(Accepted.is_final() && Declined.is_final() && Expired.is_final());
    assert!(!Requested.is_final() && !Answered.is_final());
    assert_eq!(QuoteStatus::parse("haggling").unwrap_err().field, "status");
}

fn eur(amount: &str) -> Money {
    Money::new(amount.parse().unwrap(), Currency::eur())
}

fn quote(status: QuoteStatus, valid_until_ms: Option<i64>, prices: &[Option<&str>]) -> Quote {
    Quote {
        number: "Q-100001".into(),
        status,
        requested_by: "buyer@acme.example".into(),
        company: Some("ACME".into()),
        currency: Currency::eur(),
        message: String::new(),
        lines: prices
            .iter()
            .enumerate()
            .map(|(i, p)| QuoteLine {
                sku: format!("SP-{i:02}"),
                name: "Part".into(),
                quantity: 10,
                target_price: None,
                unit_price: p.map(eur),
            })
            .collect(),
        valid_until_ms,
        comments: Vec::new(),
        order_number: None,
        created_at_ms: 0,
    }
}

#[test]
fn an_answered_quote_is_acceptable_until_its_date_and_totals_its_lines() {
    let q = quote(
        QuoteStatus::Answered,
        Some(1_000),
        &[Some("1.50"), Some("2")],
    );
    assert!(q.acceptable_at(1_000));
    assert!(!q.acceptable_at(1_001), "expired");
    assert_eq!(q.total().unwrap().amount, Decimal::new(35, 0));
    let asked = quote(QuoteStatus::Requested, None, &[None, Some("2")]);
    assert!(!asked.acceptable_at(0));
    assert!(asked.total().is_none(), "not every line is priced");
    assert!(!quote(QuoteStatus::Declined, Some(1_000), &[Some("1")]).acceptable_at(0));
}

#[test]
fn a_discount_prices_a_line_to_the_cent_and_bad_ones_name_the_field() {
    assert_eq!(
        discounted(&eur("9.99"), Decimal::new(15, 0))
            .unwrap()
            .amount,
        Decimal::new(849, 2)
    );
    assert_eq!(
        discounted(&eur("10"), Decimal::ZERO).unwrap().amount,
        Decimal::new(10, 0)
    );
    for bad in [Decimal::new(-1, 0), Decimal::ONE_HUNDRED] {
        assert_eq!(
            discounted(&eur("10"), bad).unwrap_err().field,
            "discount_percent"
        );
    }
    assert_eq!(quote_text("  please  ", "message").unwrap(), "please");
    assert_eq!(
        quote_text(&"x".repeat(TEXT_MAX + 1), "comment")
            .unwrap_err()
            .field,
        "comment"
    );
}

#[test]
fn prices_hold_to_the_end_of_the_day_named_and_bad_input_names_the_field() {
    let start = crate::day_ms("2030-03-01", "valid_until").unwrap();
    assert_eq!(
        valid_until_end_of(" 2030-03-01 ").unwrap(),
        start + 86_400_000 - 1
    );
    assert_eq!(
        valid_until_end_of("1 March").unwrap_err().field,
        "valid_until"
    );
    assert_eq!(
        quote_amount(" 7.50 ", "target_price").unwrap(),
        Decimal::new(750, 2)
    );
    assert_eq!(
        quote_amount("cheap", "target_price").unwrap_err().field,
        "target_price"
    );
}
