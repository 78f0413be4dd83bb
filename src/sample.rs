//! The five seed live blogs, built into the binary and the page as the sample corpus.

/// `(file name, text)` of each seed, in a stable order.
pub const SEEDS: [(&str, &str); 5] = [
    ("bbc-feb10-page1.txt", include_str!("../data/seeds/bbc-feb10-page1.txt")),
    ("bbc-feb10-page2.txt", include_str!("../data/seeds/bbc-feb10-page2.txt")),
    ("bbc-feb11.txt", include_str!("../data/seeds/bbc-feb11.txt")),
    ("guardian-allout-day2.txt", include_str!("../data/seeds/guardian-allout-day2.txt")),
    ("itv-live-updates.txt", include_str!("../data/seeds/itv-live-updates.txt")),
];
