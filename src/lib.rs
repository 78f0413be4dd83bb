//! Live-blog explorer core: turns saved live-blog text files into timed entries, finds who
//! speaks and who is mentioned, classifies each entry's stance with the words that decided it,
//! and indexes the result for faceted filtering.
//!
//! Data flows one way: text -> [`parse`] -> [`Entry`] -> [`analyze`] -> [`AnalysedEntry`] ->
//! [`index`] -> view. The core never touches web types; `src/app/` (wasm only) is the page.
//!
//! ```
//! let text = "3.23pm BST\n\nThe strike goes on, the BMA said.\n";
//! let corpus = liveblog::load_corpus(&[("blog.txt", text.as_bytes())]);
//! assert_eq!(corpus.entries.len(), 1);
//! assert_eq!(corpus.entries[0].time.as_deref(), Some("15:23"));
//! ```

pub mod analyze;
pub mod corpus;
pub mod corrections;
pub mod eval;
pub mod export;
pub mod folder;
pub mod index;
pub mod model;
pub mod parse;
pub mod sample;
pub mod session;
pub mod synth;

#[cfg(target_arch = "wasm32")]
pub mod app;

pub use corpus::{load_corpus, Corpus};
pub use model::*;
