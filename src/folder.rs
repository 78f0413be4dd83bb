//! Which files of a folder to load. A folder of saved live blogs also holds other things (the
//! pictures a browser saved beside a page, `.DS_Store`, notes): they are left out by their
//! names, and the person is told which, rather than shown an error for each.

/// The endings of the names taken from a folder: the kinds of file the page's file picker
/// offers (saved pages as text, Markdown or HTML).
pub const TEXT_EXTENSIONS: [&str; 5] = ["txt", "text", "md", "html", "htm"];

/// What to do with one file found in a folder, by its path in the folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FolderFile {
    Load,
    /// Its name or a folder on its path starts with a dot (`.DS_Store`, `.git/...`).
    Hidden,
    /// Its name does not end in one of [`TEXT_EXTENSIONS`].
    NotText,
}

/// Sorts a path found in a folder (`/`-separated, as browsers give them).
pub fn folder_file(path: &str) -> FolderFile {
    if path.split('/').any(|part| part.starts_with('.')) {
        return FolderFile::Hidden;
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && TEXT_EXTENSIONS.iter().any(|t| t.eq_ignore_ascii_case(ext)) => {
            FolderFile::Load
        }
        _ => FolderFile::NotText,
    }
}

/// What the person is told about the files of a folder that were left out, or `None` when
/// none was: the first few names of those that are not text, and how many were hidden.
pub fn left_out_message(not_text: &[&str], hidden: usize) -> Option<String> {
    if not_text.is_empty() && hidden == 0 {
        return None;
    }
    const NAMED: usize = 3;
    let mut parts = Vec::new();
    if !not_text.is_empty() {
        let mut names = not_text.iter().take(NAMED).copied().collect::<Vec<_>>().join(", ");
        if not_text.len() > NAMED {
            names.push_str(&format!(" and {} more", not_text.len() - NAMED));
        }
        let endings = TEXT_EXTENSIONS.iter().map(|e| format!(".{e}")).collect::<Vec<_>>().join(", ");
        parts.push(format!(
            "{} {} not named as text ({endings}): {names}; add {} with \u{201c}Add files\u{2026}\u{201d} to try {}",
            not_text.len(),
            if not_text.len() == 1 { "file" } else { "files" },
            if not_text.len() == 1 { "it" } else { "them" },
            if not_text.len() == 1 { "it" } else { "them" },
        ));
    }
    if hidden > 0 {
        parts.push(format!("{hidden} hidden {} (names starting with a dot)", if hidden == 1 { "file" } else { "files" }));
    }
    Some(format!("Left out of the folder: {}.", parts.join("; ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_files_load_whatever_their_case_and_depth() {
        for path in ["blogs/bbc.txt", "a/b/c/guardian.HTML", "x.md", "strike 2016/day 1.htm", "notes.text"] {
            assert_eq!(folder_file(path), FolderFile::Load, "{path}");
        }
    }

    #[test]
    fn hidden_files_and_folders_are_left_out() {
        for path in ["blogs/.DS_Store", ".git/config.txt", "a/.cache/b.txt", ".hidden.txt"] {
            assert_eq!(folder_file(path), FolderFile::Hidden, "{path}");
        }
    }

    #[test]
    fn other_files_are_not_text() {
        for path in ["blogs/photo.jpg", "blogs/page_files/app.js", "README", "blogs/txt", "a/notes.txt.gz", "a/b.docx"] {
            assert_eq!(folder_file(path), FolderFile::NotText, "{path}");
        }
    }

    #[test]
    fn the_message_names_the_first_few_and_counts_the_rest() {
        assert_eq!(left_out_message(&[], 0), None);
        let one = left_out_message(&["b/photo.jpg"], 0).unwrap_or_default();
        assert!(one.contains("1 file not named as text") && one.contains("b/photo.jpg") && one.contains("try it"), "{one}");
        let many = left_out_message(&["a.jpg", "b.png", "c.pdf", "d.doc", "e.zip"], 2).unwrap_or_default();
        assert!(many.contains("5 files") && many.contains("a.jpg, b.png, c.pdf and 2 more"), "{many}");
        assert!(!many.contains("d.doc"), "{many}");
        assert!(many.contains("2 hidden files"), "{many}");
        let hidden = left_out_message(&[], 1).unwrap_or_default();
        assert_eq!(hidden, "Left out of the folder: 1 hidden file (names starting with a dot).");
    }
}
