use super::*;

fn filters(entries: &[(&str, FilterAction)]) -> Filters {
    let folded: Vec<(String, FilterAction)> = entries
        .iter()
        .map(|(phrase, action)| (parse_phrase(phrase).expect("a valid entry"), *action))
        .collect();
    Filters::new(
        folded
            .iter()
            .map(|(phrase, action)| (phrase.as_str(), *action)),
    )
}

#[test]
fn folding_drops_case_accents_and_look_alike_forms() {
    assert_eq!(fold("Café"), " cafe ");
    assert_eq!(fold("ＣＡＦＥ, s'il-vous-plaît!"), " cafe s il vous plait ");
    assert_eq!(fold("ŒUVRE Ǆ"), " œuvre dz ");
    assert_eq!(fold("  "), " ");
}

#[test]
fn an_entry_matches_whole_words_whatever_their_case_and_accents() {
    let list = filters(&[("cafe", FilterAction::Hold)]);

    assert_eq!(list.check(&["Un CAFÉ noir"]), Some(FilterAction::Hold));
    assert_eq!(list.check(&["café."]), Some(FilterAction::Hold));
    assert_eq!(list.check(&["cafeteria", "décafé"]), None);
}

#[test]
fn a_phrase_matches_across_any_spacing_and_punctuation() {
    let list = filters(&[("Achetez maintenant", FilterAction::Refuse)]);

    assert_eq!(
        list.check(&["ACHETEZ -- maintenant !"]),
        Some(FilterAction::Refuse)
    );
    assert_eq!(list.check(&["achetez, puis maintenant"]), None);
}

#[test]
fn every_field_is_checked_and_refusing_wins_over_holding() {
    let list = filters(&[
        ("promo", FilterAction::Hold),
        ("spam-shop.example", FilterAction::Refuse),
    ]);

    assert_eq!(
        list.check(&["texte", "Zoé", "https://spam-shop.example/promo"]),
        Some(FilterAction::Refuse)
    );
    assert_eq!(list.check(&["une promo", "", ""]), Some(FilterAction::Hold));
    assert_eq!(list.check(&["rien", "Zoé", "https://ok.example"]), None);
}

#[test]
fn scripts_without_spaces_match_inside_a_sentence() {
    let list = filters(&[("垃圾", FilterAction::Refuse)]);

    assert_eq!(list.check(&["这是垃圾邮件"]), Some(FilterAction::Refuse));
    assert_eq!(list.check(&["这是好邮件"]), None);
}

#[test]
fn characters_that_stand_alone_are_words_beside_any_other() {
    assert_eq!(fold("我spam垃圾!"), " 我 spam 垃圾 ");
    assert_eq!(parse_phrase("垃圾").as_deref(), Ok("垃圾"));
    assert_eq!(parse_phrase("spam 垃圾").as_deref(), Ok(" spam 垃圾"));
    let list = filters(&[("spam", FilterAction::Hold), ("邮件", FilterAction::Refuse)]);

    assert_eq!(list.check(&["我spam了"]), Some(FilterAction::Hold));
    assert_eq!(list.check(&["垃圾邮件ok"]), Some(FilterAction::Refuse));
    assert_eq!(list.check(&["spammer"]), None);
}

#[test]
fn an_empty_or_overlong_entry_is_refused() {
    assert!(parse_phrase(" -- ").is_err());
    assert!(parse_phrase(&"a".repeat(MAX_PHRASE_CHARS + 1)).is_err());
    assert_eq!(parse_phrase("Œuf").as_deref(), Ok(" œuf "));
}

#[test]
fn no_list_matches_nothing() {
    assert_eq!(Filters::default().check(&["tout"]), None);
}
